"""Kaiten card files (core attachments of the card's item): upload (`PUT`, multipart field `file`),
rename or reorder (`PATCH {name, sort_order}`), detach; the `url` serves the file back."""

# No `from __future__ import annotations`: FastAPI reads the annotations of the upload handler.

from typing import Any

from fastapi import APIRouter, File, Form, UploadFile
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from planyard.core.context import Context
from planyard.core.work_items import attachments
from planyard.core.work_items.item_rows import readable_item
from planyard.core.work_items.kinds import KINDS
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.files import card_file
from planyard.dialects.kaiten.schemas.spaces import Deleted
from planyard.kit.errors import NotFound
from planyard.models import Attachment
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["card files"])


class FileEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, min_length=1, max_length=500)
    sort_order: float | None = Field(default=None, ge=-(2**31), le=2**31 - 1)


class CardFile(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    name: str
    size: int
    url: str
    card_id: int
    sort_order: float
    type: int


def of_card(ctx: Context, card_id: int, file_id: int) -> Attachment:
    item, _ = readable_item(ctx, card_id)
    try:
        row = attachments.get_attachment(ctx, KINDS[item.kind], file_id)
    except NotFound:
        raise NotFound(entity="file") from None
    if row.target_id != item.id:
        raise NotFound(entity="file")
    return row


@router.put("/cards/{card_id}/files", response_model=CardFile)
def attach_file(
    card_id: int,
    ctx: Ctx,
    file: UploadFile = File(...),
    sort_order: float | None = Form(None, ge=-(2**31), le=2**31 - 1),
) -> Response:
    item, _ = readable_item(ctx, card_id)
    data = file.file.read(ctx.env.settings.max_upload_bytes + 1)
    row = attachments.create_attachment(ctx, KINDS[item.kind], item.project_id, item.id, file.filename or "file",
                                        data, {} if sort_order is None else {"order": int(sort_order)})  # fmt: skip
    return render(CardFile, card_file(ctx, row))


@router.patch("/cards/{card_id}/files/{file_id}", response_model=CardFile)
def update_file(card_id: int, file_id: int, body: FileEdit, ctx: Ctx) -> Response:
    row = of_card(ctx, card_id, file_id)
    changes: dict[str, Any] = {}
    if body.name is not None:
        changes["name"] = body.name
    if body.sort_order is not None:
        changes["order"] = int(body.sort_order)
    return render(CardFile, card_file(ctx, attachments.update_attachment(ctx, KINDS[row.target_type], row.id, changes)))


@router.delete("/cards/{card_id}/files/{file_id}", response_model=Deleted)
def detach_file(card_id: int, file_id: int, ctx: Ctx) -> Response:
    row = of_card(ctx, card_id, file_id)
    attachments.delete_attachment(ctx, KINDS[row.target_type], row.id)
    return render(Deleted, {"id": file_id})
