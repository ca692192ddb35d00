"""Taiga project wire shapes (§41.1 list entry, §41.2 detail) and request bodies (§10.2, §10.5)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from planyard.dialects.taiga.schemas.times import TaigaDateTime
from planyard.dialects.taiga.schemas.users import UserBasicInfo
from planyard.kit.limits import LongText, ShortText, TagNames


class StatusFields(BaseModel):
    id: int
    name: str
    slug: str
    order: int
    is_closed: bool
    color: str


class StatusRead(StatusFields):
    project: int


class UserStoryStatusRead(StatusRead):
    is_archived: bool
    wip_limit: int | None


class PointsFields(BaseModel):
    id: int
    name: str
    order: int
    value: float | None


class PointsRead(PointsFields):
    project: int


class OptionFields(BaseModel):
    id: int
    name: str
    order: int
    color: str


class OptionRead(OptionFields):
    project: int


# The project detail embeds each table row as taiga-back stores it: `project_id`, not `project`.
class EmbeddedStatus(StatusFields):
    project_id: int


class EmbeddedStoryStatus(EmbeddedStatus):
    is_archived: bool
    wip_limit: int | None


class EmbeddedPoints(PointsFields):
    project_id: int


class EmbeddedOption(OptionFields):
    project_id: int


class EmbeddedRole(BaseModel):
    id: int
    name: str
    slug: str
    order: int
    computable: bool
    permissions: list[str]
    project_id: int


class EmbeddedCustomAttribute(BaseModel):
    """A custom attribute as the project detail embeds it (taiga-back renders the table row)."""

    id: int
    name: str
    description: str
    type: str
    order: int
    project_id: int
    extra: Any = None
    created_date: TaigaDateTime
    modified_date: TaigaDateTime


class DueDateRead(BaseModel):
    id: int
    name: str
    order: int
    by_default: bool
    color: str
    days_to_due: int | None
    project_id: int


class SwimlaneBrief(BaseModel):
    """A lane as the project detail lists it (taiga-back renders the table row: `project_id`, no statuses)."""

    id: int
    name: str
    order: int
    project_id: int


class SprintBrief(BaseModel):
    """A sprint as the project detail lists it (the web client's create/edit forms index them by id)."""

    id: int
    slug: str
    name: str
    closed: bool


class ProjectMember(BaseModel):
    id: int
    username: str
    full_name: str
    full_name_display: str
    color: str
    photo: str | None
    big_photo: str | None
    gravatar_id: str
    is_active: bool
    role: int
    role_name: str


class ProjectBase(BaseModel):
    id: int
    name: str
    slug: str
    description: str
    created_date: TaigaDateTime
    modified_date: TaigaDateTime
    owner: UserBasicInfo | None
    members: list[Any]
    total_milestones: int | None
    total_story_points: float | None
    total_closed_milestones: int
    is_contact_activated: bool = False
    is_epics_activated: bool
    is_backlog_activated: bool
    is_kanban_activated: bool
    is_wiki_activated: bool
    is_issues_activated: bool
    videoconferences: str | None
    videoconferences_extra_data: str | None
    creation_template: int | None
    is_private: bool
    anon_permissions: list[str]
    public_permissions: list[str]
    is_featured: bool
    is_looking_for_people: bool
    looking_for_people_note: str
    blocked_code: str | None
    totals_updated_datetime: TaigaDateTime
    total_fans: int
    total_fans_last_week: int
    total_fans_last_month: int
    total_fans_last_year: int
    total_activity: int
    total_activity_last_week: int
    total_activity_last_month: int
    total_activity_last_year: int
    tags: list[str]
    tags_colors: dict[str, str | None]
    default_epic_status: int | None
    default_points: int | None
    default_us_status: int | None
    default_task_status: int | None
    default_priority: int | None
    default_severity: int | None
    default_issue_status: int | None
    default_issue_type: int | None
    default_swimlane: int | None = None
    my_permissions: list[str]
    i_am_owner: bool
    i_am_admin: bool
    i_am_member: bool
    is_fan: bool
    is_watcher: bool
    total_watchers: int
    notify_level: int | None
    logo_small_url: str | None
    logo_big_url: str | None
    version: int
    my_homepage: int | bool | str
    archived_code: str | None = None


class ProjectListEntry(ProjectBase):
    members: list[int]


class ProjectDetail(ProjectBase):
    members: list[ProjectMember]
    epic_statuses: list[EmbeddedStatus]
    us_statuses: list[EmbeddedStoryStatus]
    points: list[EmbeddedPoints]
    task_statuses: list[EmbeddedStatus]
    issue_statuses: list[EmbeddedStatus]
    issue_types: list[EmbeddedOption]
    priorities: list[EmbeddedOption]
    severities: list[EmbeddedOption]
    us_duedates: list[DueDateRead]
    task_duedates: list[DueDateRead]
    issue_duedates: list[DueDateRead]
    epic_custom_attributes: list[EmbeddedCustomAttribute] = []
    userstory_custom_attributes: list[EmbeddedCustomAttribute] = []
    task_custom_attributes: list[EmbeddedCustomAttribute] = []
    issue_custom_attributes: list[EmbeddedCustomAttribute] = []
    roles: list[EmbeddedRole]
    swimlanes: list[SwimlaneBrief] = []
    milestones: list[SprintBrief] = []
    is_out_of_owner_limits: bool = False
    is_private_extra_info: dict[str, Any] | None = None
    max_memberships: int | None = None
    total_memberships: int | None = None
    transfer_token: str | None = None
    epics_csv_uuid: str | None = None
    userstories_csv_uuid: str | None = None
    tasks_csv_uuid: str | None = None
    issues_csv_uuid: str | None = None


class ProjectWrite(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, max_length=250)
    description: LongText | None = None
    is_private: bool | None = None
    is_featured: bool | None = None
    is_looking_for_people: bool | None = None
    looking_for_people_note: LongText | None = None
    is_epics_activated: bool | None = None
    is_backlog_activated: bool | None = None
    is_kanban_activated: bool | None = None
    is_wiki_activated: bool | None = None
    is_issues_activated: bool | None = None
    videoconferences: str | None = Field(default=None, max_length=250)
    videoconferences_extra_data: str | None = Field(default=None, max_length=250)
    total_milestones: int | None = Field(default=None, ge=0)
    total_story_points: float | None = Field(default=None, ge=0)
    tags: TagNames | None = None


class ProjectCreate(ProjectWrite):
    name: str = Field(min_length=1, max_length=250)
    description: LongText
    creation_template: int | None = None


class ProjectEdit(ProjectWrite):
    version: int | None = None
    anon_permissions: list[ShortText] | None = None
    public_permissions: list[ShortText] | None = None
    default_epic_status: int | None = None
    default_points: int | None = None
    default_us_status: int | None = None
    default_task_status: int | None = None
    default_priority: int | None = None
    default_severity: int | None = None
    default_issue_status: int | None = None
    default_issue_type: int | None = None


class ProjectReplace(ProjectEdit):
    """PUT sends the whole object: the required fields of a create are required again."""

    name: str = Field(min_length=1, max_length=250)
    description: LongText
