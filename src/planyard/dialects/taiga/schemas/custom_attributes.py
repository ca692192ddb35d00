"""Custom attributes of epics, user stories, tasks and issues (§16, §20, §27; objects §41.22, §41.32,
§41.43) and their values per item (§17, §21, §28; objects §41.23, §41.33, §41.44)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from planyard.dialects.taiga.schemas.ids import BodyId, Order
from planyard.dialects.taiga.schemas.times import TaigaDateTime
from planyard.kit.limits import JsonValue, LongText


class CustomAttributeRead(BaseModel):
    id: int
    name: str
    description: str
    type: str
    order: int
    project: int | None  # null: a workspace field read by its id (listed with a project, it shows that one)
    extra: Any = None
    created_date: TaigaDateTime
    modified_date: TaigaDateTime


class CustomAttributeWrite(BaseModel):
    """PATCH: any subset of the fields. `type` is checked against Taiga's choices by the core."""

    model_config = ConfigDict(extra="ignore")
    name: str | None = Field(default=None, min_length=1, max_length=64)
    description: LongText | None = None
    type: str | None = Field(default=None, max_length=16)
    order: Order | None = None
    extra: JsonValue = None  # dropdown options (any JSON), as the web client sends them


class CustomAttributeReplace(CustomAttributeWrite):
    """PUT: the whole object, so `name` is required."""

    name: str = Field(min_length=1, max_length=64)


class CustomAttributeCreate(CustomAttributeReplace):
    project: BodyId


class _ValuesRead(BaseModel):
    attributes_values: dict[str, Any]
    version: int


class EpicValuesRead(_ValuesRead):
    epic: int


class UserStoryValuesRead(_ValuesRead):
    user_story: int


class TaskValuesRead(_ValuesRead):
    task: int


class IssueValuesRead(_ValuesRead):
    issue: int


class ValuesPatch(BaseModel):
    """PATCH: the sent attribute values are merged into the item's values; `version` for OCC."""

    model_config = ConfigDict(extra="ignore")
    attributes_values: JsonValue = None
    version: Any = None


class ValuesReplace(ValuesPatch):
    """PUT: `attributes_values` becomes the item's whole set of values."""

    attributes_values: Any
