"""Taiga milestone wire shapes (§41.12 detail with its nested user stories, §41.14 stats) and bodies (§12.2)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from planyard.dialects.taiga.schemas.ids import BodyId
from planyard.dialects.taiga.schemas.times import TaigaDateTime
from planyard.dialects.taiga.schemas.users import UserBasicInfo

SmallOrder = Annotated[int, Field(ge=0, le=32767)]  # Taiga's PositiveSmallIntegerField


class ProjectExtraInfo(BaseModel):
    name: str
    slug: str
    logo_small_url: str | None
    id: int


class StatusExtraInfo(BaseModel):
    name: str
    color: str
    is_closed: bool


class EpicProject(BaseModel):
    id: int
    name: str
    slug: str


class EpicBrief(BaseModel):
    id: int
    ref: int
    subject: str
    color: str
    project: EpicProject


class MilestoneUserStory(BaseModel):
    """Taiga's nested user story (the stories of a milestone, as the backlog and taskboard read them)."""

    id: int
    ref: int
    milestone: int | None
    project: int
    project_extra_info: ProjectExtraInfo
    status: int | None
    status_extra_info: StatusExtraInfo | None
    assigned_to: int | None
    assigned_to_extra_info: UserBasicInfo | None
    is_closed: bool
    created_date: TaigaDateTime
    modified_date: TaigaDateTime
    finish_date: TaigaDateTime | None
    subject: str
    client_requirement: bool
    team_requirement: bool
    external_reference: list[Any] | None
    version: int
    is_blocked: bool
    blocked_note: str
    backlog_order: int
    sprint_order: int
    kanban_order: int
    due_date: date | None
    due_date_reason: str
    due_date_status: str
    epics: list[EpicBrief] | None
    points: dict[str, int | None]
    total_points: float | None


class MilestoneDetail(BaseModel):
    id: int
    name: str
    slug: str
    owner: int | None
    project: int
    project_extra_info: ProjectExtraInfo
    estimated_start: date
    estimated_finish: date
    created_date: TaigaDateTime
    modified_date: TaigaDateTime
    closed: bool
    disponibility: float | None
    order: int
    user_stories: list[MilestoneUserStory]
    total_points: float
    closed_points: float
    client_increment_points: float
    team_increment_points: float
    is_watcher: bool
    total_watchers: int


class BurndownDay(BaseModel):
    day: date
    name: int
    open_points: float
    optimal_points: float


class MilestoneStatsDetail(BaseModel):
    name: str
    estimated_start: date
    estimated_finish: date
    total_points: dict[str, float]
    completed_points: list[float]
    total_userstories: int
    completed_userstories: int
    total_tasks: int
    completed_tasks: int
    iocaine_doses: int
    days: list[BurndownDay]


class MilestoneEdit(BaseModel):
    """PATCH: any subset of the fields."""

    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, max_length=200)
    slug: str | None = Field(default=None, max_length=250)
    estimated_start: date | None = None
    estimated_finish: date | None = None
    closed: bool | None = None
    disponibility: float | None = Field(default=None, allow_inf_nan=False)
    order: SmallOrder | None = None
    watchers: list[BodyId] | None = None


class MilestoneReplace(MilestoneEdit):
    """PUT sends the whole object: the required fields of a create are required again."""

    name: str = Field(max_length=200)
    estimated_start: date
    estimated_finish: date


class MilestoneCreate(MilestoneReplace):
    project: BodyId
