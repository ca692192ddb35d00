"""Wire shapes shared by every kind of work item: attachments (§40.1) and voter/watcher entries."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from planyard.dialects.taiga.schemas.times import TaigaDateTime
from planyard.kit.limits import LongText


class AttachmentRead(BaseModel):
    id: int
    project: int
    owner: int | None
    name: str
    attached_file: str
    size: int
    url: str
    description: str
    is_deprecated: bool
    from_comment: bool
    created_date: TaigaDateTime
    modified_date: TaigaDateTime
    object_id: int
    order: int
    sha1: str
    preview_url: str | None
    thumbnail_card_url: str | None


class AttachmentEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")
    description: LongText | None = None
    is_deprecated: bool | None = None
    order: int | None = Field(default=None, ge=0, le=2**31 - 1)


class ItemUserEntry(BaseModel):
    id: int
    username: str
    full_name: str
