"""Kaiten webhooks (the seed's `POST /api/latest/webhooks`, 004:9208): a space's administrators register
a URL that gets the space's events of Kaiten's catalogue in Kaiten's payload (webhook_payloads/); they list and
delete them too. Delivery: core/webhooks/engine.py."""

from __future__ import annotations

import secrets

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core.webhooks import service
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.webhooks import webhook
from planyard.dialects.kaiten.schemas.cards import Deleted
from planyard.dialects.kaiten.schemas.webhooks import Webhook, WebhookCreate
from planyard.dialects.kaiten.webhook_payloads import EVENTS, FORMAT, topics
from planyard.kit.errors import Invalid
from planyard.kit.query import ListQuery
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["webhooks"])
CORE_NAMES = {"project": "space_id", "key": "secret"}  # core field -> body field


@router.post("/webhooks", response_model=Webhook)
def create_webhook(body: WebhookCreate, ctx: Ctx) -> Response:
    unknown = [e for e in body.events or [] if e not in EVENTS]
    if unknown:
        raise Invalid.on("events", f"unknown events {', '.join(unknown)}; known: {', '.join(EVENTS)}")
    values = {"name": body.name or body.url, "url": body.url, "key": body.secret or secrets.token_hex(20),
              "events": topics(body.events or []), "is_enabled": body.enabled}  # fmt: skip
    try:
        row = service.create_webhook(ctx, body.space_id, FORMAT, values)
    except Invalid as exc:
        exc.rename_fields(CORE_NAMES)
        raise
    return render(Webhook, webhook(row))


@router.get("/webhooks", response_model=list[Webhook])
def list_webhooks(ctx: Ctx, space_id: int | None = None) -> Response:
    page = service.list_webhooks(ctx, space_id, ListQuery(), FORMAT)
    return render(Webhook, [webhook(row) for row in page.items])


@router.get("/webhooks/{webhook_id}", response_model=Webhook)
def get_webhook(webhook_id: int, ctx: Ctx) -> Response:
    return render(Webhook, webhook(service.get_webhook(ctx, webhook_id, FORMAT)))


@router.delete("/webhooks/{webhook_id}", response_model=Deleted)
def delete_webhook(webhook_id: int, ctx: Ctx) -> Response:
    service.delete_webhook(ctx, webhook_id, FORMAT)
    return render(Deleted, {"id": webhook_id})
