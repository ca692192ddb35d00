"""HacknPlan project files ([ADMIN]: list, remove), storage and calendar events, and the attachments and
comments of design elements (paged `{totalCount, offset, limit, items}` lists; uploads multipart only)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Body, Depends, File, Query, Request, UploadFile
from starlette.exceptions import HTTPException
from starlette.responses import Response

from planyard.core import design_content as content
from planyard.core import design_elements, users
from planyard.core.context import Context
from planyard.core.projects import calendar, files
from planyard.dialects.hacknplan import access
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.mappers import files as mapper
from planyard.dialects.hacknplan.paging import Paging, envelope, paging
from planyard.dialects.hacknplan.schemas.files import (
    AttachmentPage,
    CommentPage,
    ElementAttachment,
    ElementComment,
    Event,
    Storage,
)  # fmt: skip
from planyard.dialects.hacknplan.schemas.files import File as FileWire
from planyard.kit.errors import Invalid, NotFound
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["files"])
Paged = Annotated[Paging, Depends(paging)]
Text = Annotated[str, Body()]


@router.get("/projects/{projectId}/files", response_model=list[FileWire])
def list_files(projectId: int, ctx: Ctx, paged: Paged) -> Response:
    """A bare array (the seed's R12), windowed by `offset`/`limit`."""
    project, _ = access.admin(ctx, projectId)
    rows = files.list_files(ctx, project.id, paged.window).items
    people = users.users_by_id(ctx, [row.owner_id for row in rows])
    return render(FileWire, [mapper.file(row, ctx.env.storage.url, people) for row in rows])


@router.delete("/projects/{projectId}/files/{fileId}")
def delete_file(projectId: int, fileId: int, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    files.delete_file(ctx, project.id, access.checked_id(fileId, "file"))
    return empty()


@router.get("/projects/{projectId}/storage", response_model=Storage)
def project_storage(projectId: int, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    in_project, in_workspace = files.used_space(ctx, project.id)
    return render(Storage, mapper.storage(project, in_project, in_workspace, ctx.env.settings.max_upload_bytes))


@router.get("/projects/{projectId}/events", response_model=list[Event])
def project_events(projectId: int, ctx: Ctx, request: Request, first: Annotated[datetime, Query(alias="from")],
                   last: Annotated[datetime, Query(alias="to")]) -> Response:  # fmt: skip
    project, _ = access.member(ctx, projectId)
    if first > last:
        raise Invalid("The minimum date is after the maximum date.")
    rows = calendar.events(ctx, project.id, first.date(), last.date())
    base = str(request.base_url).rstrip("/")
    return render(Event, [mapper.event(row, project, base) for row in rows])


def _element_id(ctx: Context, project_id: int, element_id: int) -> int:
    project, _ = access.member(ctx, project_id)
    row = design_elements.get_element(ctx, access.checked_id(element_id, "design_element"))
    if row.project_id != project.id:
        raise NotFound(entity="design_element")
    return row.id


ELEMENT = "/projects/{projectId}/designelements/{designElementId}"


@router.get(f"{ELEMENT}/attachments", response_model=AttachmentPage)
def list_element_attachments(projectId: int, designElementId: int, ctx: Ctx, paged: Paged) -> Response:
    page = content.list_attachments(ctx, _element_id(ctx, projectId, designElementId), paged.window)
    people = users.users_by_id(ctx, [row.owner_id for row in page.items])
    items = [mapper.element_attachment(row, ctx.env.storage.url, people) for row in page.items]
    return render(AttachmentPage, envelope(paged, page.total, items))


@router.post(f"{ELEMENT}/attachments", response_model=ElementAttachment)
def add_element_attachment(projectId: int, designElementId: int, ctx: Ctx, request: Request,
                           file: Annotated[UploadFile | None, File()] = None) -> Response:  # fmt: skip
    """A file from a multipart body (the part named `file`); any other body is 415."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise HTTPException(415)
    if file is None:
        raise Invalid("The multipart content holds no file.")
    element_id = _element_id(ctx, projectId, designElementId)
    data = file.file.read(ctx.env.settings.max_upload_bytes + 1)
    if len(data) > ctx.env.settings.max_upload_bytes:
        raise Invalid("File size limit exceeded.")
    row = content.add_attachment(ctx, element_id, file.filename or "file", data)
    people = users.users_by_id(ctx, [row.owner_id])
    return render(ElementAttachment, mapper.element_attachment(row, ctx.env.storage.url, people))


@router.get(f"{ELEMENT}/attachments/{{attachmentId}}", response_model=ElementAttachment)
def get_element_attachment(projectId: int, designElementId: int, attachmentId: int, ctx: Ctx) -> Response:
    element_id = _element_id(ctx, projectId, designElementId)
    row = content.get_attachment(ctx, element_id, access.checked_id(attachmentId, "attachment"))
    people = users.users_by_id(ctx, [row.owner_id])
    return render(ElementAttachment, mapper.element_attachment(row, ctx.env.storage.url, people))


@router.delete(f"{ELEMENT}/attachments/{{attachmentId}}")
def delete_element_attachment(projectId: int, designElementId: int, attachmentId: int, ctx: Ctx) -> Response:
    element_id = _element_id(ctx, projectId, designElementId)
    content.delete_attachment(ctx, element_id, access.checked_id(attachmentId, "attachment"))
    return empty()


@router.get(f"{ELEMENT}/comments", response_model=CommentPage)
def list_element_comments(projectId: int, designElementId: int, ctx: Ctx, paged: Paged) -> Response:
    page = content.list_comments(ctx, _element_id(ctx, projectId, designElementId), paged.window)
    people = users.users_by_id(ctx, [row.author_id for row in page.items])
    return render(CommentPage, envelope(paged, page.total, [mapper.element_comment(r, people) for r in page.items]))


@router.post(f"{ELEMENT}/comments", response_model=ElementComment)
def add_element_comment(projectId: int, designElementId: int, text: Text, ctx: Ctx) -> Response:
    row = content.add_comment(ctx, _element_id(ctx, projectId, designElementId), text)
    return render(ElementComment, mapper.element_comment(row, users.users_by_id(ctx, [row.author_id])))


@router.put(f"{ELEMENT}/comments/{{commentId}}")
def edit_element_comment(projectId: int, designElementId: int, commentId: int, text: Text, ctx: Ctx) -> Response:
    element_id = _element_id(ctx, projectId, designElementId)
    content.edit_comment(ctx, element_id, access.checked_id(commentId, "comment"), text)
    return empty()


@router.delete("/projects/{projectId}/designelement/{designElementId}/comments/{commentId}")
def delete_element_comment(projectId: int, designElementId: int, commentId: int, ctx: Ctx) -> Response:
    """The seed's path says `designelement` (singular) here, and so does this route."""
    element_id = _element_id(ctx, projectId, designElementId)
    content.delete_comment(ctx, element_id, access.checked_id(commentId, "comment"))
    return empty()
