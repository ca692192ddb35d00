"""The web client's notification bell (taiga-back's web-notifications). Planyard raises no web
notifications yet, so every user's list is empty; the shapes, paging and errors are Taiga's."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from planyard.dialects.taiga.deps import Ctx
from planyard.dialects.taiga.render import empty, page_headers, page_request, render
from planyard.dialects.taiga.schemas.notifications import WebNotification, WebNotificationPage
from planyard.kit.errors import NotFound
from planyard.kit.pagination import Page

router = APIRouter(tags=["web-notifications"])


@router.get("/web-notifications", response_model=WebNotificationPage)
def list_web_notifications(request: Request, ctx: Ctx) -> Response:
    if ctx.actor is None:
        return Response(b"{}", media_type="application/json")  # Taiga answers anonymous callers with {}
    wanted = page_request(request)
    if not wanted.enabled:
        return render(WebNotification, [])
    if wanted.page > 1:
        raise NotFound("Invalid page.")
    page = Page([], 0, 1, wanted.page_size, True)
    headers = page_headers(request, page)
    if "x-lazy-pagination" in request.headers:
        headers.pop("x-pagination-count")
    return render(WebNotificationPage, {"objects": [], "total": 0}, headers=headers)


@router.post("/web-notifications/set-as-read")
def mark_all_read(ctx: Ctx) -> Response:
    ctx.require_user()
    return empty()


@router.patch("/web-notifications/{notification_id}/set-as-read")
def mark_read(notification_id: int, ctx: Ctx) -> Response:
    ctx.require_user()
    raise NotFound("No WebNotification matches the given query.")
