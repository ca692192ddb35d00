"""Service desk on the wire: services (K132), an item's external recipients (K85/K86) and SLA measurements
(K77). The recipient body (the seed documents none): `email`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictStr


class Service(BaseModel):
    id: int
    name: str
    fields_settings: dict[str, Any] | None
    archived: bool
    lng: str
    email_settings: int
    type_id: int | None
    email_key: int
    board_id: int | None
    column_id: int | None
    lane_id: int | None
    display_status: str
    template_description: str
    settings: dict[str, Any]
    allow_to_add_external_recipients: bool
    column: dict[str, Any] | None
    board: dict[str, Any] | None
    lane: dict[str, Any] | None
    voteCustomProperty: dict[str, Any] | None  # noqa: N815 - Kaiten's name


class Recipient(BaseModel):
    card_id: int
    user_id: int | None
    email: str
    unsubscribed: bool
    updater_id: int | None
    company_id: int
    created: str
    updated: str


class RecipientAdd(BaseModel):
    model_config = ConfigDict(extra="ignore")

    email: StrictStr = Field(min_length=3, max_length=255)


class RuleTimeData(BaseModel):
    rule_id: str
    card_id: int
    actual_time: int
    started: bool
    completed: bool
    last_calculated_at: str
    is_last_calculated_at_work_time: bool


class Measurements(BaseModel):
    calendars: list[dict[str, Any]]
    rulesTimeData: list[RuleTimeData]  # noqa: N815 - Kaiten's name
