"""Bodies of the resources a project create needs: companies, workflows, workflow statuses, task lists."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from planyard.dialects.productive.schemas.projects import Relationship
from planyard.kit import limits


class NameAttributes(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: StrictStr = Field(max_length=limits.NAME)


class CompanyData(BaseModel):
    type: Literal["companies"]
    attributes: NameAttributes


class CompanyCreate(BaseModel):
    data: CompanyData


class WorkflowData(BaseModel):
    type: Literal["workflows"]
    attributes: NameAttributes


class WorkflowCreate(BaseModel):
    data: WorkflowData


class StatusAttributes(NameAttributes):
    category_id: StrictInt = 1
    color_id: StrictInt | None = None


class StatusData(BaseModel):
    type: Literal["workflow_statuses"]
    attributes: StatusAttributes
    relationships: dict[str, Relationship] = Field(default_factory=dict)


class StatusCreate(BaseModel):
    data: StatusData


class TaskListData(BaseModel):
    type: Literal["task_lists"]
    attributes: NameAttributes
    relationships: dict[str, Relationship] = Field(default_factory=dict)


class TaskListCreate(BaseModel):
    data: TaskListData
