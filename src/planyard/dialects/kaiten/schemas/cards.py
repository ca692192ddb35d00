"""Cards on the wire: the create/update bodies Kaiten's clients send (the seed documents none: names as the
seed's card responses name them, docs/mapping.md, Work items) and the card of K33-K36."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

Id = Field(default=None, ge=1, le=2**63 - 1)
Text = Field(default=None, max_length=100_000)
Order = Field(default=None, ge=-1e15, le=1e15)


class CardFields(BaseModel):
    """What both bodies may carry."""

    model_config = ConfigDict(extra="ignore")

    description: str | None = Text
    asap: bool | None = None
    due_date: str | None = Field(default=None, max_length=40)
    due_date_time_present: bool | None = None
    expires_later: bool | None = None
    sort_order: float | None = Order
    column_id: int | None = Id
    lane_id: int | None = Id
    type_id: int | None = Id
    owner_id: int | None = Id
    responsible_id: int | None = Id
    sprint_id: int | None = Id
    size_text: str | None = Field(default=None, max_length=100)
    external_id: str | None = Field(default=None, max_length=1024)
    planned_start: str | None = Field(default=None, max_length=40)
    planned_end: str | None = Field(default=None, max_length=40)
    properties: dict[str, Any] | None = None


class CardCreate(CardFields):
    title: str = Field(min_length=1, max_length=500)
    board_id: int = Field(ge=1, le=2**63 - 1)
    position: int | None = Field(default=None, ge=1, le=2)


class CardEdit(CardFields):
    title: str | None = Field(default=None, min_length=1, max_length=500)
    board_id: int | None = Id
    condition: int | None = Field(default=None, ge=1, le=2)
    blocked: bool | None = None


class CardsBulkEdit(BaseModel):
    """`PATCH /cards`: the cards chosen by id (`card_ids`) or by the list's filters (`filter`) get `data`."""

    model_config = ConfigDict(extra="ignore")

    card_ids: list[int] | None = Field(default=None, max_length=1000)
    filter: dict[str, Any] | None = None
    data: CardEdit


class Card(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    title: str
    description: str | None
    board_id: int | None
    column_id: int | None
    lane_id: int | None
    sort_order: float
    state: int
    condition: int
    archived: bool
    version: int
    created: str
    updated: str


class Job(BaseModel):
    id: str
    status: str
    total: int
    done: int
    card_ids: list[int]
    created: str
    finished: str | None


class Deleted(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
