"""Per-kind routes every work item has: attachments (list, create, get, edit, delete, which wiki pages
have too) and votes and watchers (upvote, downvote, voters, watch, unwatch, watchers). One factory,
four kinds."""

# No `from __future__ import annotations`: FastAPI reads the annotations of the factory's handlers.

from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.responses import Response

from planyard.core.targets import Profile
from planyard.core.work_items import attachments, social
from planyard.core.work_items.kinds import EPIC, ISSUE, STORY, TASK, ItemProfile
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.attachments import card_thumbnail_url
from planyard.dialects.taiga.schemas.item_extras import AttachmentEdit, AttachmentRead, ItemUserEntry
from planyard.kit.limits import LongText
from planyard.models import Attachment, User, Vote, Watch
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

PATHS = {"epics": EPIC, "userstories": STORY, "tasks": TASK, "issues": ISSUE}


def attachment_wire(ctx: Ctx, row: Attachment) -> dict[str, Any]:
    url = ctx.env.storage.url(row.file_key)
    return {
        "id": row.id, "project": row.project_id, "owner": row.owner_id, "name": row.name, "attached_file": url,
        "size": row.size, "url": url, "description": row.description, "is_deprecated": row.is_deprecated,
        "from_comment": row.from_comment, "created_date": row.created_date, "modified_date": row.modified_date,
        "object_id": row.target_id, "order": row.order, "sha1": row.sha1, "preview_url": url,
        "thumbnail_card_url": card_thumbnail_url(ctx.env, row.file_key),
    }  # fmt: skip


def user_entry(user: User) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "full_name": user.full_name or user.username}


def build_router(path: str, kind: ItemProfile) -> APIRouter:
    router = APIRouter(route_class=UnitOfWorkRoute, tags=[path])
    add_attachment_routes(router, path, kind)
    for action, model, verb in (("upvote", Vote, social.add), ("downvote", Vote, social.remove),
                                ("watch", Watch, social.add), ("unwatch", Watch, social.remove)):  # fmt: skip
        router.add_api_route(f"/{path}/{{item_id}}/{action}", _reaction(kind, model, verb), methods=["POST"],
                             name=f"{action} {path}")  # fmt: skip
    for listing, model in (("voters", Vote), ("watchers", Watch)):
        router.add_api_route(f"/{path}/{{item_id}}/{listing}", _reaction_list(kind, model), methods=["GET"],
                             response_model=list[ItemUserEntry], name=f"{listing} of {path}")  # fmt: skip
    return router


def add_attachment_routes(router: APIRouter, path: str, kind: Profile) -> None:
    """List, create, get, edit and delete the attachments of `kind` at /{path}/attachments."""
    base = f"/{path}/attachments"

    @router.get(base, response_model=list[AttachmentRead], name=f"list {path} attachments")
    def list_attachments(
        request: Request, ctx: Ctx, project: int | None = None, object_id: int | None = None
    ) -> Response:
        query, wanted = queries.list_query(request)
        page = attachments.list_attachments(ctx, kind, project, object_id, query)
        headers = queries.page_headers(request, wanted, page)
        return render(AttachmentRead, [attachment_wire(ctx, row) for row in page.items], headers=headers)

    @router.post(base, status_code=201, response_model=AttachmentRead, name=f"create {path} attachment")
    def create_attachment(
        ctx: Ctx,
        project: int = Form(...),
        object_id: int = Form(...),
        attached_file: UploadFile = File(...),
        description: LongText = Form(""),
        is_deprecated: bool = Form(False),
        from_comment: bool = Form(False),
    ) -> Response:
        data = attached_file.file.read(ctx.env.settings.max_upload_bytes + 1)
        fields = {"description": description, "is_deprecated": is_deprecated, "from_comment": from_comment}
        row = attachments.create_attachment(ctx, kind, project, object_id, attached_file.filename or "file", data,
                                            fields)  # fmt: skip
        return render(AttachmentRead, attachment_wire(ctx, row), status=201)

    @router.get(f"{base}/{{attachment_id}}", response_model=AttachmentRead, name=f"get {path} attachment")
    def get_attachment(attachment_id: int, ctx: Ctx) -> Response:
        return render(AttachmentRead, attachment_wire(ctx, attachments.get_attachment(ctx, kind, attachment_id)))

    @router.patch(f"{base}/{{attachment_id}}", response_model=AttachmentRead, name=f"edit {path} attachment")
    @router.put(f"{base}/{{attachment_id}}", response_model=AttachmentRead, name=f"replace {path} attachment")
    def edit_attachment(attachment_id: int, body: AttachmentEdit, ctx: Ctx) -> Response:
        row = attachments.update_attachment(ctx, kind, attachment_id, body.model_dump(exclude_unset=True))
        return render(AttachmentRead, attachment_wire(ctx, row))

    @router.delete(f"{base}/{{attachment_id}}", status_code=204, name=f"delete {path} attachment")
    def delete_attachment(attachment_id: int, ctx: Ctx) -> Response:
        attachments.delete_attachment(ctx, kind, attachment_id)
        return empty(204)


def _reaction(kind: ItemProfile, model: type[Vote] | type[Watch], verb: Any) -> Any:
    def handler(item_id: int, ctx: Ctx) -> Response:
        verb(ctx, kind, item_id, model)
        return empty()

    return handler


def _reaction_list(kind: ItemProfile, model: type[Vote] | type[Watch]) -> Any:
    def handler(item_id: int, request: Request, ctx: Ctx) -> Response:
        query, wanted = queries.list_query(request)
        page = social.list_users(ctx, kind, item_id, model, query)
        headers = queries.page_headers(request, wanted, page)
        return render(ItemUserEntry, [user_entry(u) for u in page.items], headers=headers)

    return handler


ROUTERS = [build_router(path, kind) for path, kind in PATHS.items()]
