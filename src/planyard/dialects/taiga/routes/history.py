"""Taiga §31 History: the history of a user story, task, issue, epic or wiki page, and the comment
actions on its entries (edit, delete, undelete, versions). One factory, one router per kind."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from planyard.core import item_history
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.history import UNSHOWN, comment_version, history_entry
from planyard.dialects.taiga.schemas.history import CommentEdit, CommentVersion, HistoryEntry
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

KINDS = ("userstory", "task", "issue", "epic", "wiki")
EntryId = Query(default=None, alias="id")


def build_router(path: str) -> APIRouter:
    router = APIRouter(route_class=UnitOfWorkRoute, tags=["history"])
    base = f"/history/{path}/{{item_id}}"

    @router.get(base, response_model=list[HistoryEntry])
    def get_history(item_id: int, request: Request, ctx: Ctx, type: str | None = None) -> Response:
        kind = item_history.kind_for(path)
        query, wanted = queries.list_query(request)
        page = item_history.list_history(ctx, kind, item_id, type, query, UNSHOWN)
        headers = queries.page_headers(request, wanted, page)
        names = item_history.load_names(ctx, page.items)
        data = [history_entry(ctx.env, kind.name, entry, names) for entry in page.items]
        return render(HistoryEntry, data, headers=headers)

    @router.post(f"{base}/edit_comment")
    def edit_comment(
        item_id: int, ctx: Ctx, body: CommentEdit | None = None, entry_id: str | None = EntryId
    ) -> Response:
        comment = body.comment if body else None
        item_history.edit_comment(ctx, item_history.kind_for(path), item_id, entry_id, comment)
        return empty()

    @router.post(f"{base}/delete_comment", status_code=204)
    def delete_comment(item_id: int, ctx: Ctx, entry_id: str | None = EntryId) -> Response:
        item_history.delete_comment(ctx, item_history.kind_for(path), item_id, entry_id)
        return empty(204)

    @router.post(f"{base}/undelete_comment", status_code=204)
    def undelete_comment(item_id: int, ctx: Ctx, entry_id: str | None = EntryId) -> Response:
        item_history.undelete_comment(ctx, item_history.kind_for(path), item_id, entry_id)
        return empty(204)

    @router.get(f"{base}/comment_versions", response_model=list[CommentVersion])
    def get_comment_versions(item_id: int, ctx: Ctx, entry_id: str | None = EntryId) -> Response:
        versions, names = item_history.comment_versions(ctx, item_history.kind_for(path), item_id, entry_id)
        return render(CommentVersion, [comment_version(ctx.env, v, names) for v in versions])

    return router


ROUTERS = [build_router(path) for path in KINDS]
