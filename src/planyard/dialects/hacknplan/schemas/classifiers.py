"""Stages, categories, importance levels and tags on the wire: their `...Values` bodies (create/PUT:
`name` required, the rest null when left out; PATCH: only what is sent) and objects (R9, R14, R17-R19)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

ColorText = Annotated[str, Field(max_length=20, pattern=r"^#[0-9a-fA-F]{3,8}$")]
StageStatus = Literal["Created", "Started", "Completed", 1, 2, 3]


class Valued(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=255)
    icon: str | None = Field(default=None, max_length=255)
    color: ColorText | None = None


class Patched(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, min_length=1, max_length=255)
    icon: str | None = Field(default=None, max_length=255)
    color: ColorText | None = None


class StageValues(Valued):
    status: StageStatus | None = None
    isUnblocker: bool = False
    displayOrder: int | None = Field(default=None, ge=0, le=2**31 - 1)


class StagePatch(Patched):
    status: StageStatus | None = None
    isUnblocker: bool | None = None
    displayOrder: int | None = Field(default=None, ge=0, le=2**31 - 1)


class ImportanceValues(Valued):
    isDefault: bool = False


class ImportancePatch(Patched):
    isDefault: bool | None = None


class TagValues(Valued):
    displayIconOnly: bool = False


class TagPatch(Patched):
    displayIconOnly: bool | None = None


class Stage(BaseModel):
    projectId: int
    stageId: int
    name: str
    icon: str | None
    color: str
    status: str
    isUnblocker: bool
    creationDate: str | None


class StageInternal(BaseModel):
    projectId: int
    stageId: int
    name: str
    icon: str | None
    color: str
    status: int
    isUnblocker: bool
    displayOrder: int
    creationDate: str | None


class Category(BaseModel):
    projectId: int
    categoryId: int
    name: str
    icon: str | None
    color: str
    creationDate: str | None


class ImportanceLevel(BaseModel):
    projectId: int
    importanceLevelId: int
    name: str
    icon: str | None
    color: str
    isDefault: bool
    creationDate: str | None


class Tag(BaseModel):
    projectId: int
    tagId: int
    name: str
    icon: str | None
    color: str | None
    displayIconOnly: bool
    creationDate: str | None
