"""HacknPlan project webhooks ([ADMIN]: list, create, get, PUT, PATCH, delete) and the event names
(`GET /v0/webhookevents`, for any user). Delivery: core/webhooks/engine.py, payloads: webhook_payloads.py."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter
from starlette.responses import JSONResponse, Response

from planyard.core import memberships
from planyard.core.context import Context
from planyard.core.webhooks import service
from planyard.dialects.hacknplan import access, webhook_events
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.mappers.people import project_user
from planyard.dialects.hacknplan.mappers.webhooks import to_core, webhook
from planyard.dialects.hacknplan.schemas.webhooks import Webhook, WebhookPatch, WebhookValues
from planyard.dialects.hacknplan.webhook_payloads import FORMAT
from planyard.kit.errors import Forbidden, NotFound
from planyard.kit.query import EVERYTHING
from planyard.models import Project
from planyard.models import Webhook as WebhookRow
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["webhooks"])


def _creators(ctx: Context, project: Project) -> dict[int, dict[str, Any]]:
    rows = memberships.list_memberships(ctx, project.id, None, EVERYTHING).items
    return {row.member.id: project_user(row.Membership, row.member, row.Role, row.Project)
            for row in rows if row.member is not None}  # fmt: skip


def _rendered(ctx: Context, project: Project, rows: list[WebhookRow]) -> list[dict[str, Any]]:
    creators = _creators(ctx, project)
    return [webhook(row, creators.get(row.creator_id or 0)) for row in rows]


def _hook(ctx: Context, project: Project, webhook_id: int) -> WebhookRow:
    try:
        row = service.get_webhook(ctx, access.checked_id(webhook_id, "webhook"), FORMAT)
    except Forbidden:  # a webhook of a project the actor doesn't administer: not this project's
        raise NotFound(entity="webhook") from None
    if row.project_id != project.id:
        raise NotFound(entity="webhook")
    return row


@router.get("/webhookevents", response_model=list[str])
def list_webhook_events(ctx: Ctx) -> Response:
    ctx.require_user()
    return JSONResponse(webhook_events.EVENTS)


@router.get("/projects/{projectId}/webhooks", response_model=list[Webhook])
def list_webhooks(projectId: int, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    rows = service.list_webhooks(ctx, project.id, EVERYTHING, FORMAT).items
    return render(Webhook, _rendered(ctx, project, sorted(rows, key=lambda row: row.id)))


@router.post("/projects/{projectId}/webhooks", response_model=Webhook, status_code=201)
def create_webhook(projectId: int, body: WebhookValues, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    values = to_core(body.model_dump(), whole=True) | {"key": secrets.token_hex(16)}  # HacknPlan signs nothing
    row = service.create_webhook(ctx, project.id, FORMAT, values)
    return render(Webhook, _rendered(ctx, project, [row])[0], 201)


@router.get("/projects/{projectId}/webhooks/{webhookId}", response_model=Webhook)
def get_webhook(projectId: int, webhookId: int, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    return render(Webhook, _rendered(ctx, project, [_hook(ctx, project, webhookId)])[0])


def _update(ctx: Context, projectId: int, webhookId: int, values: dict[str, Any]) -> Response:
    project, _ = access.admin(ctx, projectId)
    service.update_webhook(ctx, _hook(ctx, project, webhookId).id, values, FORMAT)
    return empty()


@router.put("/projects/{projectId}/webhooks/{webhookId}")
def replace_webhook(projectId: int, webhookId: int, body: WebhookValues, ctx: Ctx) -> Response:
    """All fields replaced: events and headers left out become empty, `isEnabled` true."""
    values = to_core(body.model_dump(), whole=True)
    return _update(ctx, projectId, webhookId, {"events": [], "headers": {}} | values)


@router.patch("/projects/{projectId}/webhooks/{webhookId}")
def patch_webhook(projectId: int, webhookId: int, body: WebhookPatch, ctx: Ctx) -> Response:
    return _update(ctx, projectId, webhookId, to_core(body.model_dump(exclude_unset=True), whole=False))


@router.delete("/projects/{projectId}/webhooks/{webhookId}")
def delete_webhook(projectId: int, webhookId: int, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    service.delete_webhook(ctx, _hook(ctx, project, webhookId).id, FORMAT)
    return empty()
