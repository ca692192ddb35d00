"""Taiga §36 webhooks and webhook logs: CRUD, a test delivery, logs (by webhook) and resending a
logged request; for project admins only, as in Taiga. The test and the resend also answer GET, as the
doc's curl examples send them. Delivery of events: core/webhooks/engine.py."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from planyard.core.webhooks import service
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.webhooks import webhook_detail, webhook_log
from planyard.dialects.taiga.schemas.ids import PathId, QueryId
from planyard.dialects.taiga.schemas.webhooks import WebhookCreate, WebhookDetail, WebhookEdit, WebhookLogDetail
from planyard.dialects.taiga.webhook_payloads import FORMAT
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["webhooks"])


def _detail(ctx: Ctx, webhook_id: int, status: int = 200) -> Response:
    hook = service.get_webhook(ctx, webhook_id, FORMAT)
    return render(WebhookDetail, webhook_detail(hook, service.log_counts(ctx, [hook.id]).get(hook.id, 0)), status)


@router.get("/webhooks", response_model=list[WebhookDetail])
def list_webhooks(request: Request, ctx: Ctx, project: QueryId = None) -> Response:
    query, wanted = queries.list_query(request)
    page = service.list_webhooks(ctx, project, query, FORMAT)
    counts = service.log_counts(ctx, [h.id for h in page.items])
    data = [webhook_detail(h, counts.get(h.id, 0)) for h in page.items]
    return render(WebhookDetail, data, headers=queries.page_headers(request, wanted, page))


@router.post("/webhooks", status_code=201, response_model=WebhookDetail)
def create_webhook(body: WebhookCreate, ctx: Ctx) -> Response:
    hook = service.create_webhook(ctx, body.project, FORMAT, body.model_dump(exclude_unset=True, exclude={"project"}))
    return _detail(ctx, hook.id, 201)


@router.get("/webhooks/{webhook_id}", response_model=WebhookDetail)
def get_webhook(webhook_id: PathId, ctx: Ctx) -> Response:
    return _detail(ctx, webhook_id)


@router.put("/webhooks/{webhook_id}", response_model=WebhookDetail)
@router.patch("/webhooks/{webhook_id}", response_model=WebhookDetail)
def edit_webhook(webhook_id: PathId, body: WebhookEdit, ctx: Ctx) -> Response:
    service.update_webhook(ctx, webhook_id, body.model_dump(exclude_unset=True), FORMAT)
    return _detail(ctx, webhook_id)


@router.delete("/webhooks/{webhook_id}", status_code=204)
def delete_webhook(webhook_id: PathId, ctx: Ctx) -> Response:
    service.delete_webhook(ctx, webhook_id, FORMAT)
    return empty(204)


@router.post("/webhooks/{webhook_id}/test", response_model=WebhookLogDetail)
@router.get("/webhooks/{webhook_id}/test", response_model=WebhookLogDetail)  # the doc's curl example
def test_webhook(webhook_id: PathId, ctx: Ctx) -> Response:
    return render(WebhookLogDetail, webhook_log(service.test_webhook(ctx, webhook_id, FORMAT)))


@router.get("/webhooklogs", response_model=list[WebhookLogDetail])
def list_logs(request: Request, ctx: Ctx, webhook: QueryId = None) -> Response:
    query, wanted = queries.list_query(request)
    page = service.list_logs(ctx, webhook, query, FORMAT)
    return render(WebhookLogDetail, [webhook_log(r) for r in page.items],
                  headers=queries.page_headers(request, wanted, page))  # fmt: skip


@router.get("/webhooklogs/{log_id}", response_model=WebhookLogDetail)
def get_log(log_id: PathId, ctx: Ctx) -> Response:
    return render(WebhookLogDetail, webhook_log(service.get_log(ctx, log_id, FORMAT)))


@router.post("/webhooklogs/{log_id}/resend", response_model=WebhookLogDetail)
@router.get("/webhooklogs/{log_id}/resend", response_model=WebhookLogDetail)  # the doc's curl example
def resend(log_id: PathId, ctx: Ctx) -> Response:
    return render(WebhookLogDetail, webhook_log(service.resend(ctx, log_id, FORMAT)))
