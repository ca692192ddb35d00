"""Taiga project template wire shapes: detail (§41.10) and the create/edit body (§9.2, §9.4)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from planyard.dialects.taiga.schemas.ids import Order
from planyard.dialects.taiga.schemas.times import TaigaDateTime
from planyard.kit.limits import LongText, ShortText


class _Item(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str = Field(min_length=1, max_length=255)
    order: Order | None = None


class TemplateStatus(_Item):
    slug: str | None = Field(default=None, max_length=255)
    is_closed: bool | None = None
    is_archived: bool | None = None
    color: str | None = Field(default=None, max_length=20)
    wip_limit: Order | None = None


class TemplatePoints(_Item):
    value: float | None = None


class TemplateOption(_Item):
    color: str | None = Field(default=None, max_length=20)


class TemplateRole(_Item):
    slug: str | None = Field(default=None, max_length=250)
    computable: bool | None = None
    permissions: list[ShortText] = []


class ProjectTemplateEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str | None = Field(default=None, max_length=250)
    slug: str | None = Field(default=None, max_length=250)
    description: LongText | None = None
    order: Order | None = None
    default_owner_role: str | None = Field(default=None, max_length=50)
    is_epics_activated: bool | None = None
    is_backlog_activated: bool | None = None
    is_kanban_activated: bool | None = None
    is_wiki_activated: bool | None = None
    is_issues_activated: bool | None = None
    videoconferences: str | None = Field(default=None, max_length=250)
    videoconferences_extra_data: str | None = Field(default=None, max_length=250)
    default_options: dict[ShortText, ShortText] | None = None
    epic_statuses: list[TemplateStatus] | None = None
    us_statuses: list[TemplateStatus] | None = None
    points: list[TemplatePoints] | None = None
    task_statuses: list[TemplateStatus] | None = None
    issue_statuses: list[TemplateStatus] | None = None
    issue_types: list[TemplateOption] | None = None
    priorities: list[TemplateOption] | None = None
    severities: list[TemplateOption] | None = None
    roles: list[TemplateRole] | None = None


class ProjectTemplateReplace(ProjectTemplateEdit):
    name: str = Field(max_length=250)
    description: LongText
    default_owner_role: str = Field(max_length=50)


class ProjectTemplateCreate(ProjectTemplateReplace):
    """Creation takes the same fields as a full replacement."""


class ProjectTemplateDetail(BaseModel):
    id: int
    name: str
    slug: str
    description: str
    order: int
    created_date: TaigaDateTime
    modified_date: TaigaDateTime
    default_owner_role: str
    is_epics_activated: bool
    is_backlog_activated: bool
    is_kanban_activated: bool
    is_wiki_activated: bool
    is_issues_activated: bool
    videoconferences: str | None
    videoconferences_extra_data: str | None
    default_options: dict[str, Any]
    epic_statuses: list[dict[str, Any]]
    us_statuses: list[dict[str, Any]]
    points: list[dict[str, Any]]
    task_statuses: list[dict[str, Any]]
    issue_statuses: list[dict[str, Any]]
    issue_types: list[dict[str, Any]]
    priorities: list[dict[str, Any]]
    severities: list[dict[str, Any]]
    roles: list[dict[str, Any]]
