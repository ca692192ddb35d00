"""Boards and milestones on the wire: their `...Values` bodies (create/PUT: `name` required, the rest null
when left out; PATCH: only what is sent), `closeBoardValues`, and the board (R1) and milestone (R7)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from planyard.dialects.hacknplan.schemas.users import User


class BoardValues(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    generalInfo: str | None = None
    milestoneId: int | None = Field(default=None, ge=1, le=2**31 - 1)
    startDate: datetime | None = None
    dueDate: datetime | None = None


class BoardPatch(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None
    generalInfo: str | None = None
    milestoneId: int | None = Field(default=None, ge=1, le=2**31 - 1)
    startDate: datetime | None = None
    dueDate: datetime | None = None


class CloseBoardValues(BaseModel):
    """Where the board's unfinished work items go (another open board), if anywhere."""

    model_config = ConfigDict(extra="ignore")

    moveUnfinishedWorkItemsToBoardId: int | None = Field(default=None, ge=1, le=2**31 - 1)


class Board(BaseModel):
    projectId: int
    boardId: int
    milestoneId: int | None
    name: str
    description: str
    generalInfo: str | None
    startDate: str | None
    dueDate: str | None
    closingDate: str | None
    creationDate: str | None
    creator: User | None
    isDefault: bool


class MilestoneValues(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=200)
    generalInfo: str | None = None
    startDate: datetime | None = None
    dueDate: datetime | None = None


class MilestonePatch(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    generalInfo: str | None = None
    startDate: datetime | None = None
    dueDate: datetime | None = None


class Milestone(BaseModel):
    projectId: int
    milestoneId: int
    name: str
    generalInfo: str
    creator: User | None
    startDate: str | None
    dueDate: str | None
    closingDate: str | None
    creationDate: str | None
    boards: list[dict[str, Any]] | None
