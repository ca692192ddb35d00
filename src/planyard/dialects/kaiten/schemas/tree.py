"""The tree on the wire: tree entities (K136) and tree entity roles (K109)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class TreeEntity(BaseModel):
    uid: str
    title: str
    sort_order: float
    archived: bool
    access: str
    for_everyone_access_role_id: str | None
    entity_type: str
    path: str
    parent_entity_uid: str | None


class TreeEntityRole(BaseModel):
    id: str
    created: str
    updated: str
    name: str
    sort_order: float
    new_permissions_default_value: bool
    role_permissions: dict[str, Any]
