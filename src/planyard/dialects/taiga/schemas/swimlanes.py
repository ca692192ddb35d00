"""Taiga swimlane wire shapes (taiga-back's SwimlaneSerializer; the docs omit them) and bodies."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from planyard.dialects.taiga.schemas.ids import MAX_SMALL, BodyId, Order


class SwimlaneStatus(BaseModel):
    """A story status as one lane shows it."""

    id: int
    name: str
    slug: str
    order: int
    is_closed: bool
    is_archived: bool
    color: str
    wip_limit: int | None
    swimlane_userstory_status_id: int


class SwimlaneRead(BaseModel):
    id: int
    name: str
    order: int
    project: int
    statuses: list[SwimlaneStatus]


class SwimlaneEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, max_length=255)


class SwimlaneReplace(SwimlaneEdit):
    name: str = Field(max_length=255)


class SwimlaneCreate(SwimlaneReplace):
    project: BodyId


class SwimlaneOrder(BaseModel):
    model_config = ConfigDict(extra="ignore")

    project: BodyId
    bulk_swimlanes: list[tuple[BodyId, Order]]


class SwimlaneUserStoryStatusRead(BaseModel):
    """One lane's row for one story status (taiga-back's SwimlaneUserStoryStatusSerializer)."""

    id: int
    status: int
    swimlane: int
    wip_limit: int | None


class SwimlaneUserStoryStatusEdit(BaseModel):
    """PUT and PATCH alike: the lane and the status are read-only, the limit is optional (null clears it)."""

    model_config = ConfigDict(extra="ignore")

    wip_limit: int | None = Field(default=None, ge=0, le=MAX_SMALL)
