"""Taiga task wire shapes (§41.24-41.26, taiga-back's task serializers) and request bodies (§18)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

from planyard.dialects.taiga.schemas.ids import MAX_ID, BodyId
from planyard.dialects.taiga.schemas.times import TaigaDateTime
from planyard.kit.limits import LongText, ShortText, Subject, TagsSent

BigOrder = Annotated[int, Field(ge=0, le=MAX_ID)]


class UserExtraInfo(BaseModel):
    id: int
    username: str
    full_name_display: str
    photo: str | None
    big_photo: str | None
    gravatar_id: str
    is_active: bool


class StatusExtraInfo(BaseModel):
    name: str
    color: str
    is_closed: bool


class ProjectExtraInfo(BaseModel):
    id: int
    name: str
    slug: str
    logo_small_url: str | None


class BasicAttachment(BaseModel):
    id: int
    attached_file: str
    thumbnail_card_url: str | None


class Neighbor(TypedDict):
    id: int
    ref: int
    subject: str


class Neighbors(BaseModel):
    previous: Neighbor | None
    next: Neighbor | None


class GeneratedStory(BaseModel):
    id: int
    ref: int
    subject: str


class ItemListBase(BaseModel):
    """Fields tasks and issues share in lists."""

    id: int
    ref: int
    project: int
    project_extra_info: ProjectExtraInfo | None
    subject: str
    status: int | None
    status_extra_info: StatusExtraInfo | None
    is_closed: bool
    assigned_to: int | None
    assigned_to_extra_info: UserExtraInfo | None
    owner: int | None
    owner_extra_info: UserExtraInfo | None
    milestone: int | None
    tags: list[tuple[str, str | None]]
    is_blocked: bool
    blocked_note: str
    external_reference: list[Any] | None
    version: int
    watchers: list[int]
    total_watchers: int
    is_watcher: bool
    total_voters: int
    is_voter: bool
    attachments: list[BasicAttachment]
    created_date: TaigaDateTime
    modified_date: TaigaDateTime
    finished_date: TaigaDateTime | None
    due_date: date | None
    due_date_reason: str
    due_date_status: str


class TaskStoryEpic(BaseModel):
    id: int
    ref: int
    subject: str
    color: str
    project: dict[str, Any]


class TaskStoryExtraInfo(BaseModel):
    id: int
    ref: int
    subject: str
    epics: list[TaskStoryEpic] | None


class TaskListEntry(ItemListBase):
    user_story: int | None
    user_story_extra_info: TaskStoryExtraInfo | None
    milestone_slug: str | None
    us_order: int
    taskboard_order: int
    is_iocaine: bool
    total_comments: int


class TaskDetail(TaskListEntry):
    comment: str
    generated_user_stories: list[GeneratedStory] | None
    description: str
    description_html: str
    blocked_note_html: str


class TaskDetailWithNeighbors(TaskDetail):
    neighbors: Neighbors


class ItemEdit(BaseModel):
    """The PATCH fields tasks and issues share: only what changes, plus `version` and a `comment`."""

    model_config = ConfigDict(extra="ignore")
    project: BodyId | None = None
    subject: Subject | None = None
    description: LongText | None = None
    milestone: BodyId | None = None
    status: BodyId | None = None
    assigned_to: BodyId | None = None
    tags: TagsSent | None = None
    is_blocked: bool | None = None
    blocked_note: LongText | None = None
    external_reference: list[Any] | None = None
    watchers: list[BodyId] | None = None
    due_date: date | None = None
    due_date_reason: ShortText | None = None
    comment: LongText | None = None
    version: int | None = None


class TaskEdit(ItemEdit):
    user_story: BodyId | None = None
    us_order: BigOrder | None = None
    taskboard_order: BigOrder | None = None
    is_iocaine: bool | None = None


class TaskReplace(TaskEdit):
    """PUT body: the whole object."""

    project: BodyId
    subject: Subject


class TaskCreate(TaskReplace):
    pass


class TasksBulkCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")
    project_id: BodyId
    bulk_tasks: str
    us_id: BodyId | None = None
    milestone_id: BodyId | None = None
    sprint_id: BodyId | None = None  # the 000 doc's name for milestone_id
    status_id: BodyId | None = None


class TaskOrder(BaseModel):
    task_id: BodyId
    order: BigOrder


class TasksBulkOrder(BaseModel):
    model_config = ConfigDict(extra="ignore")
    project_id: BodyId
    bulk_tasks: list[TaskOrder]
    us_id: BodyId | None = None
    user_story_id: BodyId | None = None
    status_id: BodyId | None = None
    milestone_id: BodyId | None = None


class TasksBulkMilestone(BaseModel):
    model_config = ConfigDict(extra="ignore")
    project_id: BodyId
    milestone_id: BodyId
    bulk_tasks: list[TaskOrder]


class PromoteToStory(BaseModel):
    model_config = ConfigDict(extra="ignore")
    project_id: BodyId


class CountedValue(BaseModel):
    id: int
    name: str
    color: str | None
    order: int
    count: int


class CountedPerson(BaseModel):
    id: int | None
    full_name: str
    count: int


class CountedTag(BaseModel):
    name: str
    color: str | None
    count: int


class TaskFiltersData(BaseModel):
    statuses: list[CountedValue]
    assigned_to: list[CountedPerson]
    owners: list[CountedPerson]
    tags: list[CountedTag]
    roles: list[CountedValue]
