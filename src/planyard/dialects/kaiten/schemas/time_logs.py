"""Card time logs on the wire (K60/K61). Bodies: `{time_spent, for_date, comment, role_id, user_id}` (the
seed documents none; `role_id` -1 is Kaiten's predefined "Employee")."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

Minutes = Field(ge=1, le=60 * 24 * 366)


class TimeLogCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    time_spent: int = Minutes
    for_date: date
    comment: str | None = Field(default=None, max_length=100_000)
    role_id: int | None = Field(default=None, ge=-1, le=2**63 - 1)
    user_id: int | None = Field(default=None, ge=1, le=2**63 - 1)


class TimeLogEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    time_spent: int | None = Field(default=None, ge=1, le=60 * 24 * 366)
    for_date: date | None = None
    comment: str | None = Field(default=None, max_length=100_000)
    role_id: int | None = Field(default=None, ge=-1, le=2**63 - 1)


class TimeLog(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    card_id: int
    user_id: int | None
    role_id: int
    author_id: int | None
    time_spent: int
    for_date: str
    comment: str | None
    created: str
    updated: str
