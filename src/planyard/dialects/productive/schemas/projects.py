"""The body of `POST /projects`: `{"data": {"type": "projects", "attributes": {...}, "relationships": {...}}}`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from planyard.kit import limits


class ResourceIdentifier(BaseModel):
    type: StrictStr
    id: StrictStr = Field(pattern=r"^[0-9]{1,18}$")


class Relationship(BaseModel):
    data: ResourceIdentifier | None = None


class ProjectAttributes(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: StrictStr = Field(max_length=limits.NAME)
    description: StrictStr | None = Field(default=None, max_length=limits.LONG_TEXT)
    project_type_id: StrictInt = 1
    public_access: StrictBool = False


class ProjectData(BaseModel):
    type: Literal["projects"]
    attributes: ProjectAttributes
    relationships: dict[str, Relationship] = Field(default_factory=dict)


class ProjectCreate(BaseModel):
    data: ProjectData
