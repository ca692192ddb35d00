"""Spaces on the wire: the create/update bodies (field names as the seed's responses name them) and the
space of `POST/GET/PATCH /spaces` (the seed's K1-K4 tables, boards and users not yet). Its place in the
tree (`parent_entity_uid`, `sort_order`), `archived` and `access` are written too."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Access = Literal["for_everyone", "by_invite"]


class SpaceCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str = Field(min_length=1, max_length=250)
    description: str = ""
    access: Access | None = None
    parent_entity_uid: str | None = None
    sort_order: float | None = Field(default=None, allow_inf_nan=False)


class SpaceEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str | None = Field(default=None, min_length=1, max_length=250)
    description: str | None = None
    access: Access | None = None
    archived: bool | None = None
    parent_entity_uid: str | None = None
    sort_order: float | None = Field(default=None, allow_inf_nan=False)


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
