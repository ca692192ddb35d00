"""Work items on the wire: `createWorkItemValues`, `updateWorkItemValues` (PUT: every field, the optional
ones null when left out), `patchWorkItemValues` (PATCH: only those sent), the subtask and work log values,
and the work item (R23), attachment (R24), comment (R25), dependency (R26), subtask (R27), work-item tag
(R28) and work log (R29) objects. Field names are HacknPlan's public client ones (docs/mapping.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from planyard.dialects.hacknplan.schemas.users import User

Id = int
Day = datetime | date
TITLE_MAX = 500


class Values(BaseModel):
    model_config = ConfigDict(extra="ignore")


class WorkItemValues(Values):
    """PUT: `title` required; every other field optional (null when left out)."""

    title: str = Field(min_length=1, max_length=TITLE_MAX)
    description: str | None = None
    parentStoryId: Id | None = None
    isStory: bool | None = None
    categoryId: Id | None = None
    stageId: Id | None = None
    estimatedCost: float | None = Field(default=None, ge=0, le=1e9)
    importanceLevelId: Id | None = None
    boardId: Id | None = None
    designElementId: Id | None = None
    startDate: Day | None = None
    dueDate: Day | None = None
    boardIndex: int | None = Field(default=None, ge=1, le=2**31 - 1)


class WorkItemCreate(WorkItemValues):
    assignedUserIds: list[Id] | None = Field(default=None, max_length=100)
    tagIds: list[Id] | None = Field(default=None, max_length=100)
    subTasks: list[str] | None = Field(default=None, max_length=100)


class WorkItemPatch(Values):
    """Only the fields sent change (`title` may not be null)."""

    title: str | None = Field(default=None, min_length=1, max_length=TITLE_MAX)
    description: str | None = None
    parentStoryId: Id | None = None
    isStory: bool | None = None
    categoryId: Id | None = None
    stageId: Id | None = None
    estimatedCost: float | None = Field(default=None, ge=0, le=1e9)
    importanceLevelId: Id | None = None
    boardId: Id | None = None
    designElementId: Id | None = None
    startDate: Day | None = None
    dueDate: Day | None = None
    boardIndex: int | None = Field(default=None, ge=1, le=2**31 - 1)


class SubTaskValues(Values):
    """PUT: `title` required, `isCompleted` false when left out; `index` (1-based) moves it."""

    title: str = Field(min_length=1, max_length=TITLE_MAX)
    isCompleted: bool = False
    index: int | None = Field(default=None, ge=1, le=2**31 - 1)


class SubTaskPatch(Values):
    title: str | None = Field(default=None, min_length=1, max_length=TITLE_MAX)
    isCompleted: bool | None = None
    index: int | None = Field(default=None, ge=1, le=2**31 - 1)


class WorkLogCreate(Values):
    """`value` in hours (more than 0); `comment`, `userId` (a member; the key's user when left out) and
    `date` optional."""

    value: float = Field(gt=0, le=24 * 366)
    comment: str | None = Field(default=None, max_length=5000)
    userId: Id | None = None
    date: Day | None = None


class WorkItem(BaseModel):
    projectId: int
    workItemId: int
    parentStoryId: int | None
    isStory: bool
    title: str
    description: str
    category: dict[str, Any] | None
    stage: dict[str, Any] | None
    estimatedCost: float | None
    loggedCost: float
    storyTasksEstimatedCost: float
    storyTasksLoggedCost: float
    boardIndex: int | None
    designElementIndex: int | None
    designElement: dict[str, Any] | None
    startDate: str | None
    dueDate: str | None
    updateDate: str | None
    closingDate: str | None
    creationDate: str | None
    user: User | None
    board: dict[str, Any] | None
    assignedUsers: list[dict[str, Any]]
    tags: list[dict[str, Any]]
    importanceLevel: dict[str, Any] | None
    picture: dict[str, Any] | None
    hasDependencies: bool
    isBlocked: bool


class WorkItemPage(BaseModel):
    totalCount: int
    offset: int
    limit: int
    items: list[WorkItem]


class Attachment(BaseModel):
    projectId: int
    workItemId: int
    attachmentId: int
    file: dict[str, Any]
    user: User | None
    isCardPicture: bool
    creationDate: str | None


class AttachmentPage(BaseModel):
    totalCount: int
    offset: int
    limit: int
    items: list[Attachment]


class Comment(BaseModel):
    projectId: int
    workItemId: int
    commentId: int
    text: str
    user: User | None
    workLog: dict[str, Any] | None
    creationDate: str | None
    updateDate: str | None


class CommentPage(BaseModel):
    totalCount: int
    offset: int
    limit: int
    items: list[Comment]


class Dependency(BaseModel):
    workItem: WorkItem
    isResolved: bool


class SubTask(BaseModel):
    projectId: int
    workItemId: int
    subTaskId: int
    title: str
    isCompleted: bool
    index: int
    creationDate: str | None


class ItemTag(BaseModel):
    projectId: int
    tagId: int
    displayOrder: int
    name: str
    groupName: str | None
    color: str | None
    icon: str | None
    displayIconOnly: bool
    creationDate: str | None


class WorkLog(BaseModel):
    projectId: int
    workItemId: int
    workLogId: int
    user: User | None
    value: float
    comment: str
    creationDate: str | None
