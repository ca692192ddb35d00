"""Taiga role wire shapes (001 summary "Roles"; fields as taiga-back's RoleSerializer) and bodies."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from planyard.dialects.taiga.schemas.ids import BodyId, Order


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
    order: Order | None = None
    computable: bool | None = None
    permissions: list[str] | None = None


class RoleReplace(RoleEdit):
    name: str = Field(max_length=200)


class RoleCreate(RoleReplace):
    project: BodyId
