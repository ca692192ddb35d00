"""A project's webhooks and their logs, for its administrators: create, edit, delete, list; a test
delivery; resending a logged request. Deliveries of events are the engine's (engine.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, or_, select

from planyard.core.access import load_project, standing_project_ids
from planyard.core.context import Context
from planyard.core.webhooks import formats, sending
from planyard.db.locks import release_locks
from planyard.kit.errors import Forbidden, Invalid, NotAuthenticated, NotFound, Problem
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.kit.safe_http import url_problem
from planyard.models import Project, Webhook, WebhookLog

EDITABLE = ("name", "url", "key", "events", "headers", "is_enabled")
NAME_MAX = 250


def administered_projects(ctx: Context) -> Select[Any]:
    """The ids of the projects the actor administers (all for a superuser, none when anonymous)."""
    if ctx.actor is None:
        return select(Project.id).where(Project.id.is_(None))
    if ctx.actor.is_superuser:
        return select(Project.id)
    return select(Project.id).where(
        or_(Project.owner_id == ctx.actor.id, standing_project_ids(ctx.actor.id, admin=True))
    )


def _admin_of(ctx: Context, project_id: int, entity: str = "project") -> Project:
    try:
        project, access = load_project(ctx, project_id)
    except NotFound:
        raise NotFound(entity=entity) from None
    if not access.is_admin:
        if ctx.actor is None:
            raise NotAuthenticated()
        raise Forbidden()
    return project


def list_webhooks(ctx: Context, project_id: int | None, query: ListQuery, payload_format: str) -> Page[Webhook]:
    stmt = select(Webhook).where(Webhook.project_id.in_(administered_projects(ctx)), Webhook.format == payload_format)
    if project_id is not None:
        stmt = stmt.where(Webhook.project_id == project_id)
    return fetch_page(ctx.session, stmt.order_by(Webhook.name, Webhook.id.desc()), query.window)


def get_webhook(ctx: Context, webhook_id: int, payload_format: str | None = None) -> Webhook:
    hook = ctx.session.get(Webhook, webhook_id)
    if hook is None or (payload_format is not None and hook.format != payload_format):
        raise NotFound(entity="webhook")
    _admin_of(ctx, hook.project_id, "webhook")
    return hook


def create_webhook(ctx: Context, project_id: int, payload_format: str, values: dict[str, Any]) -> Webhook:
    ctx.require_user()
    try:
        _admin_of(ctx, project_id)
    except NotFound:
        raise Invalid(code="does_not_exist", field="project", params={"pk": project_id}) from None
    values = {k: v for k, v in values.items() if k in EDITABLE and v is not None}
    _validate(ctx, values, creating=True)
    hook = Webhook(project_id=project_id, format=payload_format, creator_id=ctx.actor_id, **values)
    ctx.session.add(hook)
    ctx.session.flush()
    return hook


def update_webhook(ctx: Context, webhook_id: int, values: dict[str, Any], payload_format: str | None = None) -> Webhook:
    hook = get_webhook(ctx, webhook_id, payload_format)
    values = {k: v for k, v in values.items() if k in EDITABLE}
    _validate(ctx, values, creating=False)
    for name, value in values.items():
        setattr(hook, name, value)
    ctx.session.flush()
    return hook


def delete_webhook(ctx: Context, webhook_id: int, payload_format: str | None = None) -> None:
    ctx.session.delete(get_webhook(ctx, webhook_id, payload_format))
    ctx.session.flush()


def _validate(ctx: Context, values: dict[str, Any], creating: bool) -> None:
    errors: dict[str, list[Problem]] = {}
    for name in ("name", "url", "key"):
        if creating and name not in values:
            errors[name] = [Problem("required")]
        elif name in values and not (values[name] or "").strip():
            errors[name] = [Problem("blank")]
    if len(values.get("name") or "") > NAME_MAX:
        errors["name"] = [Problem("too_long", {"max_length": NAME_MAX})]
    if (values.get("url") or "").strip() and "url" not in errors:
        problem = url_problem(values["url"].strip(), ctx.env.settings.webhooks_allow_private)
        if problem:
            errors["url"] = [Problem(f"{problem}_url")]
    events = values.get("events")
    if events is not None and not (isinstance(events, list) and all(isinstance(e, str) for e in events)):
        errors["events"] = [Problem("invalid")]
    headers = values.get("headers")
    if headers is not None and not (isinstance(headers, dict) and all(isinstance(v, str) for v in headers.values())):
        errors["headers"] = [Problem("not_an_object")]
    if errors:
        raise Invalid(fields=errors)


def log_counts(ctx: Context, webhook_ids: list[int]) -> dict[int, int]:
    rows = ctx.session.execute(
        select(WebhookLog.webhook_id, func.count()).where(WebhookLog.webhook_id.in_(webhook_ids))
        .group_by(WebhookLog.webhook_id)
    )  # fmt: skip
    return {webhook_id: count for webhook_id, count in rows}


def list_logs(ctx: Context, webhook_id: int | None, query: ListQuery, payload_format: str) -> Page[WebhookLog]:
    administered = Webhook.project_id.in_(administered_projects(ctx))
    hooks = select(Webhook.id).where(administered, Webhook.format == payload_format)
    stmt = select(WebhookLog).where(WebhookLog.webhook_id.in_(hooks))
    if webhook_id is not None:
        stmt = stmt.where(WebhookLog.webhook_id == webhook_id)
    return fetch_page(ctx.session, stmt.order_by(WebhookLog.created_at.desc(), WebhookLog.id.desc()), query.window)


def get_log(ctx: Context, log_id: int, payload_format: str | None = None) -> WebhookLog:
    row = ctx.session.get(WebhookLog, log_id)
    if row is None:
        raise NotFound(entity="webhooklog")
    try:
        get_webhook(ctx, row.webhook_id, payload_format)
    except NotFound:
        raise NotFound(entity="webhooklog") from None
    return row


def test_webhook(ctx: Context, webhook_id: int, payload_format: str | None = None) -> WebhookLog:
    """Send the format's test payload now; the log of the attempt (not retried)."""
    hook = get_webhook(ctx, webhook_id, payload_format)
    found = formats.get(hook.format)
    if found is None:
        raise NotFound(entity="webhook")
    return _send_now(ctx, hook, found.test_payload(ctx), None)


def resend(ctx: Context, log_id: int, payload_format: str | None = None) -> WebhookLog:
    """Send a logged request's payload again, to the webhook's current URL; the new attempt's log."""
    row = get_log(ctx, log_id, payload_format)
    return _send_now(ctx, ctx.session.get_one(Webhook, row.webhook_id), row.request.get("data") or {}, row.change_id)


def _send_now(ctx: Context, hook: Webhook, payload: dict[str, Any], change_id: int | None) -> WebhookLog:
    """The request waits for the attempt, but no writer waits for it: nothing is locked meanwhile."""
    target = sending.Target.of(hook)
    release_locks(ctx.session)
    attempt = sending.send(ctx.env.settings, target, payload)
    return sending.log(ctx, attempt, hook.id, change_id)
