"""What hangs on a card, on the wire: comments (K48/K49), tags (K45/K46, company tags), members (with
`type` 1 member, 2 responsible). Bodies: `{text}`, `{name}`, `{user_id, type}` (the seed documents none)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class CommentBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = Field(min_length=1, max_length=100_000)
    type: int | None = Field(default=None, ge=1, le=2)
    internal: bool | None = None


class CommentEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = Field(min_length=1, max_length=100_000)


class Comment(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    uid: int
    text: str
    type: int
    edited: bool
    card_id: int
    author_id: int | None
    deleted: bool
    created: str
    updated: str


class TagBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=255)
    color: int | None = Field(default=None, ge=1, le=1000)


class Tag(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    name: str
    color: int
    company_id: int | None


class MemberBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    user_id: int = Field(ge=1, le=2**63 - 1)
    type: int | None = Field(default=None, ge=1, le=2)


class MemberEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    type: int = Field(ge=1, le=2)


class Member(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    user_id: int
    card_id: int
    type: int
    full_name: str
    username: str
