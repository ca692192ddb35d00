"""Design element types and design elements on the wire: their `...Values` bodies (create/PUT: `name` and
the type required, the rest null when left out; PATCH: only what is sent; `parentId` and `index` move an
element in the tree) and objects (R3, R10)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class TypeValues(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=255)
    icon: str | None = Field(default=None, max_length=255)
    color: str | None = Field(default=None, max_length=32)


class DesignElementType(BaseModel):
    projectId: int
    designElementTypeId: int
    name: str
    creationDate: str | None


class ElementValues(BaseModel):
    model_config = ConfigDict(extra="ignore")

    designElementTypeId: int = Field(ge=1, le=2**31 - 1)
    name: str = Field(min_length=1, max_length=500)
    description: str | None = None
    prefix: str | None = Field(default=None, max_length=50)
    parentId: int | None = Field(default=None, ge=1, le=2**31 - 1)
    index: int | None = Field(default=None, ge=1, le=2**31 - 1)
    startDate: datetime | None = None
    dueDate: datetime | None = None


class ElementPatch(BaseModel):
    model_config = ConfigDict(extra="ignore")

    designElementTypeId: int | None = Field(default=None, ge=1, le=2**31 - 1)
    name: str | None = Field(default=None, min_length=1, max_length=500)
    description: str | None = None
    prefix: str | None = Field(default=None, max_length=50)
    parentId: int | None = Field(default=None, ge=1, le=2**31 - 1)
    index: int | None = Field(default=None, ge=1, le=2**31 - 1)
    startDate: datetime | None = None
    dueDate: datetime | None = None


class DeleteElementValues(BaseModel):
    """`deleteChildren`: the whole subtree goes; else the children move up to the element's parent."""

    model_config = ConfigDict(extra="ignore")

    deleteChildren: bool = False


class DesignElement(BaseModel):
    index: int
    projectId: int
    designElementId: int
    type: DesignElementType
    name: str
    prefix: str | None
    parent: dict[str, Any] | None
    children: list[dict[str, Any]]
    totalWorkItemCount: int
    closedWorkItemCount: int
    description: str
    startDate: str | None
    dueDate: str | None
    creationDate: str | None
    updateDate: str | None
    user: dict[str, Any] | None
