"""Taiga epic wire shapes (taiga-back's EpicListSerializer, EpicSerializer, EpicNeighborsSerializer,
EpicRelatedUserStorySerializer, filters_data; the docs only list the endpoints) and bodies."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from planyard.dialects.taiga.schemas.ids import MAX_ID, BodyId
from planyard.dialects.taiga.schemas.times import TaigaDateTime
from planyard.dialects.taiga.schemas.users import UserBasicInfo
from planyard.kit.limits import SUBJECT, TAGS, LongText, Tag

BigOrder = Annotated[int, Field(ge=0, le=MAX_ID)]  # epics_order and relation orders are millisecond stamps
Subject = Annotated[str, Field(min_length=1, max_length=SUBJECT)]


class EpicProjectInfo(BaseModel):
    name: str
    slug: str
    logo_small_url: str | None
    id: int


class EpicStatusInfo(BaseModel):
    name: str
    color: str
    is_closed: bool


class StoriesCounts(BaseModel):
    total: int
    progress: float | None


class BasicAttachment(BaseModel):
    id: int
    attached_file: str
    thumbnail_card_url: str | None


class EpicListEntry(BaseModel):
    id: int
    ref: int
    project: int
    project_extra_info: EpicProjectInfo | None
    created_date: TaigaDateTime
    modified_date: TaigaDateTime
    subject: str
    color: str
    epics_order: int
    client_requirement: bool
    team_requirement: bool
    version: int
    watchers: list[int]
    is_blocked: bool
    blocked_note: str
    is_closed: bool
    user_stories_counts: StoriesCounts
    is_voter: bool
    total_voters: int
    is_watcher: bool
    total_watchers: int
    owner: int | None
    owner_extra_info: UserBasicInfo | None
    assigned_to: int | None
    assigned_to_extra_info: UserBasicInfo | None
    status: int | None
    status_extra_info: EpicStatusInfo | None
    attachments: list[BasicAttachment]
    tags: list[tuple[str, str | None]]


class EpicRead(EpicListEntry):
    """Create and edit responses."""

    comment: str
    blocked_note_html: str
    description: str
    description_html: str


class EpicNeighbor(BaseModel):
    id: int
    ref: int
    subject: str


class EpicNeighbors(BaseModel):
    previous: EpicNeighbor | None
    next: EpicNeighbor | None


class EpicDetail(EpicRead):
    """GET by id and by ref."""

    neighbors: EpicNeighbors


class EpicEdit(BaseModel):
    """PATCH: any subset of the fields; `comment` adds a comment to the history."""

    model_config = ConfigDict(extra="ignore")

    project: BodyId | None = None
    subject: Subject | None = None
    description: LongText | None = None
    color: str | None = Field(default=None, max_length=32)
    status: BodyId | None = None
    assigned_to: BodyId | None = None
    tags: Annotated[list[Tag | list[Tag | None]], Field(max_length=TAGS)] | None = None
    watchers: list[BodyId] | None = None
    epics_order: BigOrder | None = None
    client_requirement: bool | None = None
    team_requirement: bool | None = None
    is_blocked: bool | None = None
    blocked_note: LongText | None = None
    external_reference: list[Any] | None = None
    comment: LongText | None = None
    version: int | None = None


class EpicReplace(EpicEdit):
    """PUT sends the whole object: what a create requires is required again."""

    project: BodyId
    subject: Subject


class EpicCreate(EpicReplace):
    pass


class EpicsBulkCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    project_id: BodyId
    bulk_epics: str
    status_id: BodyId | None = None


class RelatedStoryRead(BaseModel):
    epic: int
    user_story: int
    order: int


class RelatedStoryCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    user_story: BodyId
    order: BigOrder | None = None


class RelatedStoryEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    order: BigOrder | None = None


class RelatedStoriesBulkCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    project_id: BodyId
    bulk_userstories: str


class FilterStatus(BaseModel):
    id: int
    name: str
    color: str
    order: int
    count: int


class FilterUser(BaseModel):
    id: int | None
    full_name: str
    count: int


class FilterTag(BaseModel):
    name: str
    color: str | None
    count: int


class EpicFiltersData(BaseModel):
    statuses: list[FilterStatus]
    assigned_to: list[FilterUser]
    owners: list[FilterUser]
    tags: list[FilterTag]
