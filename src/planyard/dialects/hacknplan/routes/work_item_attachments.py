"""HacknPlan work item attachments: the paged list, upload (multipart only: 415 otherwise; 400 "File size
limit exceeded."), get, set/unset as the card picture (PUT toggles it), delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.responses import Response

from planyard.core import users
from planyard.core.context import Context
from planyard.core.work_items import attachments
from planyard.core.work_items.kinds import KINDS
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.items import item_in
from planyard.dialects.hacknplan.mappers.work_item_parts import attachment
from planyard.dialects.hacknplan.messages import INVALID_VALUES
from planyard.dialects.hacknplan.paging import Paging, envelope, paging
from planyard.dialects.hacknplan.schemas.work_items import Attachment, AttachmentPage
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.query import ListQuery
from planyard.models import Attachment as AttachmentRow
from planyard.models import WorkItem
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["work item attachments"])

BASE = "/projects/{projectId}/workitems/{workItemId}/attachments"


def _one(ctx: Context, row: AttachmentRow) -> Response:
    owner = users.users_by_id(ctx, [row.owner_id]).get(row.owner_id or 0)
    return render(Attachment, attachment(row, owner, ctx.env.storage.url))


def _attachment(ctx: Context, item: WorkItem, attachment_id: int) -> AttachmentRow:
    try:
        row = attachments.get_attachment(ctx, KINDS[item.kind], attachment_id)
    except NotFound:
        row = None
    if row is None or row.target_id != item.id:
        raise NotFound(entity="attachment")
    return row


@router.get(BASE, response_model=AttachmentPage)
def list_attachments(projectId: int, workItemId: int, ctx: Ctx, paged: Annotated[Paging, Depends(paging)]) -> Response:
    project, item = item_in(ctx, projectId, workItemId)
    page = attachments.list_attachments(ctx, KINDS[item.kind], project.id, item.id, ListQuery(window=paged.window))
    owners = users.users_by_id(ctx, [row.owner_id for row in page.items])
    url = ctx.env.storage.url
    items = [attachment(row, owners.get(row.owner_id or 0), url) for row in page.items]
    return render(AttachmentPage, envelope(paged, page.total, items))


async def uploaded_file(request: Request) -> tuple[str, bytes]:
    """The first file of a multipart body (its field name is free): 415 for any other body."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise HTTPException(415)
    form = await request.form()
    upload = next((v for v in form.values() if isinstance(v, UploadFile)), None)
    if upload is None:
        raise Invalid(INVALID_VALUES)
    return upload.filename or "file", await upload.read()


@router.post(BASE, response_model=Attachment)
def upload_attachment(
    projectId: int, workItemId: int, upload: Annotated[tuple[str, bytes], Depends(uploaded_file)], ctx: Ctx
) -> Response:
    project, item = item_in(ctx, projectId, workItemId)
    name, data = upload
    return _one(ctx, attachments.create_attachment(ctx, KINDS[item.kind], project.id, item.id, name, data, {}))


@router.get(BASE + "/{attachmentId}", response_model=Attachment)
def get_attachment(projectId: int, workItemId: int, attachmentId: int, ctx: Ctx) -> Response:
    _, item = item_in(ctx, projectId, workItemId)
    return _one(ctx, _attachment(ctx, item, attachmentId))


@router.put(BASE + "/{attachmentId}", response_model=Attachment)
def toggle_card_picture(projectId: int, workItemId: int, attachmentId: int, ctx: Ctx) -> Response:
    _, item = item_in(ctx, projectId, workItemId)
    row = _attachment(ctx, item, attachmentId)
    return _one(ctx, attachments.set_cover(ctx, KINDS[item.kind], row.id, not row.is_cover))


@router.delete(BASE + "/{attachmentId}")
def delete_attachment(projectId: int, workItemId: int, attachmentId: int, ctx: Ctx) -> Response:
    _, item = item_in(ctx, projectId, workItemId)
    attachments.delete_attachment(ctx, KINDS[item.kind], _attachment(ctx, item, attachmentId).id)
    return empty()
