"""Taiga issue wire shapes (§41.34-41.36, taiga-back's issue serializers) and request bodies (§22)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from planyard.dialects.taiga.schemas.ids import BodyId
from planyard.dialects.taiga.schemas.tasks import (
    CountedPerson,
    CountedTag,
    CountedValue,
    GeneratedStory,
    ItemEdit,
    ItemListBase,
    Neighbors,
)
from planyard.kit.limits import Subject


class IssueListEntry(ItemListBase):
    type: int | None
    priority: int | None
    severity: int | None


class IssueDetail(IssueListEntry):
    comment: str
    generated_user_stories: list[GeneratedStory] | None
    description: str
    description_html: str
    blocked_note_html: str


class IssueDetailWithNeighbors(IssueDetail):
    neighbors: Neighbors


class IssueEdit(ItemEdit):
    type: BodyId | None = None
    priority: BodyId | None = None
    severity: BodyId | None = None


class IssueReplace(IssueEdit):
    """PUT body: the whole object."""

    project: BodyId
    subject: Subject


class IssueCreate(IssueReplace):
    pass


class IssuesBulkCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")
    project_id: BodyId
    bulk_issues: str
    milestone_id: BodyId | None = None


class IssueRef(BaseModel):
    issue_id: BodyId


class IssuesBulkMilestone(BaseModel):
    model_config = ConfigDict(extra="ignore")
    project_id: BodyId
    milestone_id: BodyId
    bulk_issues: list[IssueRef]


class IssueFiltersData(BaseModel):
    types: list[CountedValue]
    statuses: list[CountedValue]
    priorities: list[CountedValue]
    severities: list[CountedValue]
    assigned_to: list[CountedPerson]
    owners: list[CountedPerson]
    tags: list[CountedTag]
    roles: list[CountedValue]
