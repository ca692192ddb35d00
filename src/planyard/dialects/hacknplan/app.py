"""The HacknPlan v0 sub-app: its routers, error shape and body guard."""

from __future__ import annotations

from fastapi import FastAPI

from planyard.core.context import Environment
from planyard.core.webhooks import formats
from planyard.dialects.hacknplan import errors
from planyard.dialects.hacknplan.routes import ROUTERS
from planyard.dialects.hacknplan.webhook_payloads import HACKNPLAN_PAYLOADS
from planyard.web.app import dialect_app, guard_bodies


def create_hacknplan_app(env: Environment, session_factory: object) -> FastAPI:
    formats.register(HACKNPLAN_PAYLOADS)  # webhooks in the "hacknplan" format get HacknPlan's payloads
    app = dialect_app(env, session_factory, ROUTERS, errors.install, title="Planyard — HacknPlan API v0", version="0")
    guard_bodies(app, accepted=("application/json", "multipart/form-data"), render=errors.message_response,
                 max_multipart_bytes=env.settings.max_upload_bytes + 64 * 1024)  # fmt: skip
    return app
