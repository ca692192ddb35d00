"""Webhooks for every API: a project's receivers (service), the payload formats the dialects register
(formats), one attempt over HTTP (sending) and the durable delivery engine that reads the outbox (engine)."""
