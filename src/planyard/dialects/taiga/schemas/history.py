"""Taiga history wire shapes (§31, §41.48) and the comment-edit body."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from planyard.dialects.taiga.schemas.times import TaigaData, TaigaDateTime
from planyard.kit.limits import LongText


class HistoryUser(BaseModel):
    pk: int | None
    username: str | None
    name: str | None
    photo: str | None
    is_active: bool
    gravatar_id: str | None


class CommentDeleter(BaseModel):
    pk: int
    name: str


class HistoryEntry(BaseModel):
    id: str
    user: HistoryUser
    created_at: TaigaDateTime
    type: int
    key: str
    diff: TaigaData
    snapshot: dict[str, Any] | None
    values: TaigaData
    values_diff: TaigaData
    comment: str
    comment_html: str
    delete_comment_date: TaigaDateTime | None
    delete_comment_user: CommentDeleter | None
    edit_comment_date: TaigaDateTime | None
    is_hidden: bool
    is_snapshot: bool


class CommentVersion(BaseModel):
    date: TaigaDateTime
    comment: str
    comment_html: str
    user: dict[str, Any]


class CommentEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")
    comment: LongText | None = None
