"""Project bodies: `{"data": {"type": "projects", "attributes": {...}, "relationships": {...}}}` of
create, update, copy, change_workflow and map_to_workflow."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from planyard.kit import limits

RELATED_ID = r"^[0-9]{1,18}$"


class ResourceIdentifier(BaseModel):
    type: StrictStr
    id: StrictStr = Field(pattern=RELATED_ID)


class Relationship(BaseModel):
    data: ResourceIdentifier | None = None


class ProjectAttributes(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: StrictStr = Field(max_length=limits.NAME)
    description: StrictStr | None = Field(default=None, max_length=limits.LONG_TEXT)
    project_type_id: StrictInt = 1
    public_access: StrictBool = False
    project_color_id: StrictInt | None = None
    time_on_tasks: StrictBool = False


class ProjectData(BaseModel):
    type: Literal["projects"]
    attributes: ProjectAttributes
    relationships: dict[str, Relationship] = Field(default_factory=dict)


class ProjectCreate(BaseModel):
    data: ProjectData


class ProjectChanges(BaseModel):
    """Update: any attribute; `workflow_id` is ignored (the seed: an update does not change the workflow)."""

    model_config = ConfigDict(extra="ignore")

    name: StrictStr | None = Field(default=None, max_length=limits.NAME)
    description: StrictStr | None = Field(default=None, max_length=limits.LONG_TEXT)
    project_type_id: StrictInt | None = None
    public_access: StrictBool | None = None
    project_color_id: StrictInt | None = None
    time_on_tasks: StrictBool | None = None


class ProjectUpdateData(BaseModel):
    type: Literal["projects"]
    attributes: ProjectChanges = Field(default_factory=ProjectChanges)
    relationships: dict[str, Relationship] = Field(default_factory=dict)


class ProjectUpdate(BaseModel):
    data: ProjectUpdateData


COPY_FLAGS = (
    "copy_project_members", "copy_boards", "copy_task_lists", "copy_tasks", "copy_task_comments",
    "copy_task_subscribers", "copy_assignees", "copy_tags", "copy_estimate", "copy_views", "copy_budgets",
    "copy_as_template",
)  # fmt: skip


class CopyAttributes(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: StrictStr | None = Field(default=None, max_length=limits.NAME)
    description: StrictStr | None = Field(default=None, max_length=limits.LONG_TEXT)
    template_id: StrictInt | StrictStr | None = None
    company_id: StrictInt | StrictStr | None = None
    project_type_id: StrictInt | None = None
    public_access: StrictBool = False
    copy_project_members: StrictBool = False
    copy_boards: StrictBool = False
    copy_task_lists: StrictBool = False
    copy_tasks: StrictBool = False
    copy_task_comments: StrictBool = False
    copy_task_subscribers: StrictBool = False
    copy_assignees: StrictBool = False
    copy_tags: StrictBool = False
    copy_estimate: StrictBool = False
    copy_views: StrictBool = False
    copy_budgets: StrictBool = False
    copy_as_template: StrictBool = False


class CopyData(BaseModel):
    type: Literal["projects"]
    attributes: CopyAttributes


class ProjectCopy(BaseModel):
    data: CopyData


class MapAttributes(BaseModel):
    model_config = ConfigDict(extra="ignore")

    map: dict[str, Any] | None = None


class MapData(BaseModel):
    type: Literal["projects"]
    attributes: MapAttributes = Field(default_factory=MapAttributes)
    relationships: dict[str, Relationship] = Field(default_factory=dict)


class ProjectMap(BaseModel):
    data: MapData
