"""HacknPlan work item comments: the paged list, add (a bare JSON string, max 5000 characters), get,
edit (its author only) and delete (its author or an admin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.responses import Response

from planyard.core import users
from planyard.core.context import Context
from planyard.core.work_items import comments
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.items import item_in
from planyard.dialects.hacknplan.mappers.work_item_parts import comment
from planyard.dialects.hacknplan.messages import INVALID_COMMENT
from planyard.dialects.hacknplan.paging import Paging, envelope, paging
from planyard.dialects.hacknplan.primitives import Raw, text
from planyard.dialects.hacknplan.schemas.work_items import Comment, CommentPage
from planyard.kit.errors import Forbidden, NotFound
from planyard.models import Comment as CommentRow
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["work item comments"])

MAX_TEXT = 5000
BASE = "/projects/{projectId}/workitems/{workItemId}/comments"


def _one(ctx: Context, project_id: int, row: CommentRow) -> Response:
    author = users.users_by_id(ctx, [row.author_id]).get(row.author_id or 0)
    return render(Comment, comment(row, project_id, author))


def _comment(ctx: Context, item_id: int, comment_id: int) -> CommentRow:
    found = next((c for c in comments.list_comments(ctx, item_id) if c.id == comment_id), None)
    if found is None:
        raise NotFound(entity="comment")
    return found


@router.get(BASE, response_model=CommentPage)
def list_comments(projectId: int, workItemId: int, ctx: Ctx, paged: Annotated[Paging, Depends(paging)]) -> Response:
    project, item = item_in(ctx, projectId, workItemId)
    rows = comments.list_comments(ctx, item.id)
    window = rows[paged.offset : paged.offset + paged.limit]
    authors = users.users_by_id(ctx, [row.author_id for row in window])
    items = [comment(row, project.id, authors.get(row.author_id or 0)) for row in window]
    return render(CommentPage, envelope(paged, len(rows), items))


@router.post(BASE, response_model=Comment)
def add_comment(projectId: int, workItemId: int, ctx: Ctx, body: Raw = None) -> Response:
    project, item = item_in(ctx, projectId, workItemId)
    row = comments.add_comment(ctx, item.id, text(body, "text", MAX_TEXT, INVALID_COMMENT))
    return _one(ctx, project.id, row)


@router.get(BASE + "/{commentId}", response_model=Comment)
def get_comment(projectId: int, workItemId: int, commentId: int, ctx: Ctx) -> Response:
    project, item = item_in(ctx, projectId, workItemId)
    return _one(ctx, project.id, _comment(ctx, item.id, commentId))


@router.put(BASE + "/{commentId}", response_model=Comment)
def edit_comment(projectId: int, workItemId: int, commentId: int, ctx: Ctx, body: Raw = None) -> Response:
    project, item = item_in(ctx, projectId, workItemId)
    row = _comment(ctx, item.id, commentId)
    new_text = text(body, "text", MAX_TEXT, INVALID_COMMENT)
    if row.author_id != ctx.require_user().id:
        raise Forbidden()
    return _one(ctx, project.id, comments.edit_comment(ctx, row.id, new_text))


@router.delete(BASE + "/{commentId}")
def delete_comment(projectId: int, workItemId: int, commentId: int, ctx: Ctx) -> Response:
    _, item = item_in(ctx, projectId, workItemId)
    comments.delete_comment(ctx, _comment(ctx, item.id, commentId).id)
    return empty()
