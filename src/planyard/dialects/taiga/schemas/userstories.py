"""Taiga user-story wire shapes: list entries (§41.17 plus what the web client reads), the detail
(§41.15) and the detail with neighbours (§41.16); bodies for create, edit, bulk create and reorders."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

from planyard.dialects.taiga.schemas.ids import BodyId
from planyard.dialects.taiga.schemas.tasks import CountedPerson, CountedTag, CountedValue, Neighbor, Neighbors
from planyard.dialects.taiga.schemas.times import TaigaDateTime
from planyard.dialects.taiga.schemas.users import UserBasicInfo
from planyard.kit.limits import LongText, ShortText, Subject, TagsSent

OrderValue = Annotated[int, Field(ge=0, le=2**62)]


class StatusExtraInfo(TypedDict):
    name: str
    color: str
    is_closed: bool


class ProjectExtraInfo(TypedDict):
    id: int
    name: str
    slug: str
    logo_small_url: str | None


class EpicProject(TypedDict):
    id: int
    name: str
    slug: str


class StoryEpic(TypedDict):
    id: int
    ref: int
    subject: str
    color: str
    project: EpicProject


class StoryTask(TypedDict):
    id: int
    ref: int
    subject: str
    status_id: int | None
    is_blocked: bool
    is_iocaine: bool
    is_closed: bool


class StoryAttachment(TypedDict):
    id: int
    attached_file: str
    thumbnail_card_url: str | None


class UserStoryListEntry(BaseModel):
    id: int
    ref: int
    project: int
    project_extra_info: ProjectExtraInfo | None
    subject: str
    status: int | None
    status_extra_info: StatusExtraInfo | None
    is_closed: bool
    milestone: int | None
    milestone_name: str | None
    milestone_slug: str | None
    swimlane: int | None
    owner: int | None
    owner_extra_info: UserBasicInfo | None
    assigned_to: int | None
    assigned_to_extra_info: UserBasicInfo | None
    assigned_users: list[int]
    points: dict[str, int | None]
    total_points: float | None
    backlog_order: int
    sprint_order: int
    kanban_order: int
    epic_order: int | None
    created_date: TaigaDateTime
    modified_date: TaigaDateTime
    finish_date: TaigaDateTime | None
    due_date: date | None
    due_date_reason: str
    due_date_status: str
    client_requirement: bool
    team_requirement: bool
    is_blocked: bool
    blocked_note: str
    blocked_note_html: str
    tags: list[list[Any]]
    external_reference: list[Any] | None
    generated_from_issue: int | None
    generated_from_task: int | None
    from_task_ref: str | None
    origin_issue: Neighbor | None
    origin_task: Neighbor | None
    tribe_gig: Any
    version: int
    comment: str
    watchers: list[int]
    total_watchers: int
    is_watcher: bool
    total_voters: int
    is_voter: bool
    total_comments: int
    total_attachments: int
    attachments: list[StoryAttachment]
    epics: list[StoryEpic] | None
    tasks: list[StoryTask]


class UserStoryDetail(UserStoryListEntry):
    description: str
    description_html: str


class UserStoryNeighborsDetail(UserStoryDetail):
    neighbors: Neighbors


class _StoryFields(BaseModel):
    """Fields a client may set; unknown keys (the web client's `_attrs`, `is_archived` ...) are ignored."""

    model_config = ConfigDict(extra="ignore")

    description: LongText | None = None
    status: BodyId | None = None
    assigned_to: BodyId | None = None
    assigned_users: list[BodyId] | None = None
    milestone: BodyId | None = None
    swimlane: BodyId | None = None
    points: dict[str, BodyId | None] | None = None
    watchers: list[BodyId] | None = None
    tags: TagsSent | None = None
    backlog_order: OrderValue | None = None
    sprint_order: OrderValue | None = None
    kanban_order: OrderValue | None = None
    is_blocked: bool | None = None
    blocked_note: LongText | None = None
    client_requirement: bool | None = None
    team_requirement: bool | None = None
    due_date: date | None = None
    due_date_reason: ShortText | None = None
    external_reference: list[Any] | None = None
    generated_from_issue: BodyId | None = None


class UserStoryCreate(_StoryFields):
    project: BodyId
    subject: Subject
    comment: LongText = ""


class UserStoryEdit(_StoryFields):
    project: BodyId | None = None
    subject: Subject | None = None
    comment: LongText = ""
    version: Any = None


class UserStoryReplace(UserStoryEdit):
    project: BodyId
    subject: Subject


class BulkCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    project_id: BodyId
    bulk_stories: str
    status_id: BodyId | None = None
    milestone_id: BodyId | None = None
    swimlane_id: BodyId | None = None


class StoryPosition(BaseModel):
    us_id: BodyId
    order: OrderValue


class BacklogOrderBody(BaseModel):
    """The documented format (`bulk_stories`: [{us_id, order}]) or the web client's drop
    (`bulk_userstories`: [ids] before/after a story, in the backlog or in `milestone_id`)."""

    model_config = ConfigDict(extra="ignore")

    project_id: BodyId
    bulk_stories: list[StoryPosition] | None = None
    bulk_userstories: list[BodyId] | None = None
    milestone_id: BodyId | None = None
    after_userstory_id: BodyId | None = None
    before_userstory_id: BodyId | None = None


class KanbanOrderBody(BacklogOrderBody):
    status_id: BodyId | None = None
    swimlane_id: BodyId | None = None


class MilestoneBulkBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    project_id: BodyId
    milestone_id: BodyId
    bulk_stories: list[StoryPosition]


class BacklogOrderChange(BaseModel):
    id: int
    milestone: int | None
    backlog_order: int


class SprintOrderChange(BaseModel):
    id: int
    milestone: int | None
    sprint_order: int


class KanbanOrderChange(BaseModel):
    id: int
    status: int
    swimlane: int | None
    kanban_order: int


class CountedEpic(BaseModel):
    id: int | None
    ref: int | None
    subject: str | None
    order: int
    count: int


class CountedPersonWithPhoto(CountedPerson):
    photo: str | None
    big_photo: str | None
    gravatar_id: str | None


class UserStoryFiltersData(BaseModel):
    statuses: list[CountedValue]
    assigned_to: list[CountedPerson]
    assigned_users: list[CountedPersonWithPhoto]
    owners: list[CountedPersonWithPhoto]
    tags: list[CountedTag]
    epics: list[CountedEpic]
    roles: list[CountedValue]
