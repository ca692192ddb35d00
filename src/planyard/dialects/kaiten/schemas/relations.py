"""Children and blockers on the wire. Bodies: children `{card_id}`; blockers `{reason, blocker_card_id,
due_date}` to block, `{reason, released}` to edit (the seed documents none)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ChildBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    card_id: int = Field(ge=1, le=2**63 - 1)


class BlockerCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    reason: str | None = Field(default=None, max_length=100_000)
    blocker_card_id: int | None = Field(default=None, ge=1, le=2**63 - 1)


class BlockerEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    reason: str | None = Field(default=None, max_length=100_000)
    released: bool | None = None


class Blocker(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    reason: str
    card_id: int
    blocker_id: int | None
    blocker_card_id: int | None
    released: bool
    released_by_id: int | None
    created: str
    updated: str
