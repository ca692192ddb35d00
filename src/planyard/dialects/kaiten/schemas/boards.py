"""Boards, columns, subcolumns and lanes on the wire: the bodies Kaiten's clients send (the seed documents
none; names as its responses name them, docs/mapping.md) and the seed's K7-K17 and K31 shapes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

Title = Field(min_length=1, max_length=255)
Order = Field(default=None, ge=-(2**31), le=2**31 - 1)  # stored as an integer order


class BoardCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str = Title
    description: str | None = None
    sort_order: float | None = Order
    top: int | None = None
    left: int | None = None
    type: int | None = None
    external_id: str | None = None
    default_card_type_id: int | None = None
    move_parents_to_done: bool | None = None
    first_image_is_cover: bool | None = None
    reset_lane_spent_time: bool | None = None
    backward_moves_enabled: bool | None = None
    hide_done_policies: bool | None = None
    hide_done_policies_in_done_column: bool | None = None
    automove_cards: bool | None = None
    auto_assign_enabled: bool | None = None
    default_tags: str | None = None


class BoardEdit(BoardCreate):
    title: str | None = Field(default=None, min_length=1, max_length=255)  # type: ignore[assignment]


class ColumnCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str = Title
    sort_order: float | None = Order
    type: int | None = Field(default=None, ge=1, le=3)
    wip_limit: int | None = Field(default=None, ge=0, le=2**31 - 1)
    wip_limit_type: int | None = Field(default=None, ge=1, le=2)
    col_count: int | None = Field(default=None, ge=0, le=2**31 - 1)
    rules: int | None = Field(default=None, ge=0, le=2**31 - 1)
    archive_after_days: int | None = Field(default=None, ge=0, le=2**31 - 1)
    external_id: str | None = None
    default_tags: str | None = None
    last_moved_warning_after_days: int | None = None
    last_moved_warning_after_hours: int | None = None
    last_moved_warning_after_minutes: int | None = None
    card_hide_after_days: int | None = None
    pause_sla: bool | None = None


class ColumnEdit(ColumnCreate):
    title: str | None = Field(default=None, min_length=1, max_length=255)  # type: ignore[assignment]


class LaneCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str = Title
    sort_order: float | None = Order
    row_count: int | None = Field(default=None, ge=0, le=2**31 - 1)
    wip_limit: int | None = Field(default=None, ge=0, le=2**31 - 1)
    wip_limit_type: int | None = Field(default=None, ge=1, le=2)
    default_card_type_id: int | None = None
    external_id: str | None = None
    default_tags: str | None = None
    condition: int | None = Field(default=None, ge=1, le=2)
    last_moved_warning_after_days: int | None = None
    last_moved_warning_after_hours: int | None = None
    last_moved_warning_after_minutes: int | None = None


class LaneEdit(LaneCreate):
    title: str | None = Field(default=None, min_length=1, max_length=255)  # type: ignore[assignment]


class Column(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    title: str
    sort_order: float
    type: int
    wip_limit: int | None
    board_id: int | None
    column_id: int | None
    created: str | None
    updated: str | None


class ColumnWithSubcolumns(Column):
    subcolumns: list[Column]


class Lane(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    title: str
    sort_order: float
    board_id: int | None
    condition: int
    created: str | None
    updated: str | None


class Board(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    title: str
    space_id: int
    description: str | None
    sort_order: float
    created: str | None
    updated: str | None
    columns: list[ColumnWithSubcolumns]
    lanes: list[Lane]


class BoardWithCards(Board):
    cards: list[dict[str, Any]]
