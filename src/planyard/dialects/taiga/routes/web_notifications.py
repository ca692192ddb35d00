"""The web client's notification bell (taiga-back's web-notifications): the logged-in user's
notifications, unread first and newest first, paged (lazily with `x-lazy-pagination`), marked read
one by one or all at once."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from planyard.core import notifications
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.notifications import web_notification
from planyard.dialects.taiga.schemas.ids import PathId
from planyard.dialects.taiga.schemas.notifications import WebNotification, WebNotificationPage
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["web-notifications"])
FALSE = ("", "false", "0")


@router.get("/web-notifications", response_model=WebNotificationPage)
def list_web_notifications(request: Request, ctx: Ctx, only_unread: str = "") -> Response:
    if ctx.actor is None:
        return Response(b"{}", media_type="application/json")  # Taiga answers anonymous callers with {}
    query, wanted = queries.list_query(request)  # counted even when lazy: the answer tells the total
    page = notifications.list_notifications(ctx, only_unread.lower() not in FALSE, query)
    headers = queries.page_headers(request, wanted, page)
    actors = notifications.actors(ctx, page.items)
    rows = [web_notification(ctx.env, row, actors) for row in page.items]
    if not wanted.enabled:
        return render(WebNotification, rows)
    if "x-lazy-pagination" in request.headers:
        headers.pop("x-pagination-count")
    return render(WebNotificationPage, {"objects": rows, "total": page.total}, headers=headers)


@router.post("/web-notifications/set-as-read")
def mark_all_read(ctx: Ctx) -> Response:
    notifications.mark_all_read(ctx)
    return empty()


@router.patch("/web-notifications/{notification_id}/set-as-read")
def mark_read(notification_id: PathId, ctx: Ctx) -> Response:
    notifications.mark_read(ctx, notification_id)
    return Response(b"{}", media_type="application/json")
