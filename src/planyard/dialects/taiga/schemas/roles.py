"""Taiga role wire shapes (001 summary "Roles"; fields as taiga-back's RoleSerializer) and bodies."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class RoleDetail(BaseModel):
    id: int
    name: str
    slug: str
    order: int
    computable: bool
    permissions: list[str]
    project: int
    members_count: int


class RoleEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str | None = Field(default=None, max_length=200)
    order: int | None = None
    computable: bool | None = None
    permissions: list[str] | None = None


class RoleCreate(RoleEdit):
    project: int
    name: str = Field(max_length=200)
