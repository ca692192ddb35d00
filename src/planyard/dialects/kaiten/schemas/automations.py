"""Space automations on the wire (K134) and their bodies (the seed documents none: the response's names)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr


class Automation(BaseModel):
    id: str
    name: str
    sort_order: float
    space_uid: str
    updater_id: int | None
    company_id: int
    created: str
    updated: str
    status: str
    type: str
    trigger: dict[str, Any]
    actions: list[dict[str, Any]]
    conditions: dict[str, Any]


Status = Literal["active", "disabled", "removed"]


class AutomationWrite(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: StrictStr = Field(min_length=1, max_length=255)
    status: Status = "active"
    type: StrictStr = Field(default="on_action", max_length=64)
    trigger: dict[str, Any] = Field(default_factory=dict)
    actions: list[dict[str, Any]] = Field(default_factory=list, max_length=100)
    conditions: dict[str, Any] = Field(default_factory=dict)
    sort_order: float | None = Field(default=None, allow_inf_nan=False)


class AutomationEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: StrictStr | None = Field(default=None, min_length=1, max_length=255)
    status: Status | None = None
    type: StrictStr | None = Field(default=None, max_length=64)
    trigger: dict[str, Any] | None = None
    actions: list[dict[str, Any]] | None = Field(default=None, max_length=100)
    conditions: dict[str, Any] | None = None
    sort_order: float | None = Field(default=None, allow_inf_nan=False)


class Removed(BaseModel):
    id: str
