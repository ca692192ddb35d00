"""Spaces on the wire: the create/update bodies (field names as the seed's responses name them) and the
space of `POST/GET/PATCH /spaces` (the seed's K1-K4 tables, boards and users not yet)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class SpaceCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str = Field(min_length=1, max_length=250)
    description: str = ""


class SpaceEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str | None = Field(default=None, min_length=1, max_length=250)
    description: str | None = None


class Space(BaseModel):
    id: int
    uid: str
    title: str
    description: str
    created: str
    updated: str
    archived: bool
    access: str
    for_everyone_access_role_id: str | None
    entity_type: str
    path: str
    sort_order: float
    parent_entity_uid: str | None
    company_id: int
    allowed_card_type_ids: list[int] | None
    external_id: str | None
    settings: dict[str, Any]


class Deleted(BaseModel):
    id: int
