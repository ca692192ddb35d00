"""Checklists and their items on the wire (K63-K67). Bodies: `{name, sort_order}` and `{text, checked,
sort_order, due_date, responsible_id}` (the seed documents none)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

Order = Field(default=None, ge=-1e15, le=1e15)


class ChecklistCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=500)
    sort_order: float | None = Order


class ChecklistEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, min_length=1, max_length=500)
    sort_order: float | None = Order


class CheckItemCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = Field(min_length=1, max_length=100_000)
    checked: bool = False
    sort_order: float | None = Order
    due_date: date | None = None
    responsible_id: int | None = Field(default=None, ge=1, le=2**63 - 1)


class CheckItemEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str | None = Field(default=None, min_length=1, max_length=100_000)
    checked: bool | None = None
    sort_order: float | None = Order
    due_date: date | None = None
    responsible_id: int | None = Field(default=None, ge=1, le=2**63 - 1)


class CheckItem(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    text: str
    sort_order: float
    checked: bool
    checker_id: int | None
    checked_at: str | None
    responsible_id: int | None
    due_date: str | None
    deleted: bool


class Checklist(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    name: str
    sort_order: float
    policy_id: int | None
    items: list[CheckItem]
    created: str
    updated: str
