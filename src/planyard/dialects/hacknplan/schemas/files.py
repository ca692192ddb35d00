"""Files, design element attachments and comments, storage and events on the wire (R4-R6, R11-R13)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from planyard.dialects.hacknplan.schemas.users import User


class File(BaseModel):
    projectId: int
    fileId: int
    name: str
    thumbName: str
    url: str
    thumbUrl: str
    size: int
    isImage: bool
    user: User | None
    creationDate: str | None


class ElementAttachment(BaseModel):
    projectId: int
    designElementId: int
    attachmentId: int
    file: File
    user: User | None
    creationDate: str | None


class ElementComment(BaseModel):
    projectId: int
    designElementId: int
    commentId: int
    text: str
    user: User | None
    creationDate: str | None
    updateDate: str | None


class AttachmentPage(BaseModel):
    totalCount: int
    offset: int
    limit: int
    items: list[ElementAttachment]


class CommentPage(BaseModel):
    totalCount: int
    offset: int
    limit: int
    items: list[ElementComment]


class Storage(BaseModel):
    projectId: int
    totalSpace: int
    totalUsedSpace: int
    projectUsedSpace: int
    fileLimit: int


class Event(BaseModel):
    projectId: int
    name: str
    url: str
    category: dict[str, Any] | None
    startDate: str | None
    endDate: str | None
    backgroundColor: str
    textColor: str
    isAllDayEvent: bool
