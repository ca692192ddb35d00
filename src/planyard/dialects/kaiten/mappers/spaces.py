"""Core projects as Kaiten spaces, and a space body as core project fields."""

from __future__ import annotations

from typing import Any

from planyard.dialects.kaiten.mappers.values import time, uid
from planyard.models import Project

CORE_NAMES = {"title": "name", "description": "description"}


def space(row: Project) -> dict[str, Any]:
    own = row.extra.get("kaiten", {})
    return {
        "id": row.id, "uid": uid("space", row.id), "title": row.name, "description": row.description,
        "created": time(row.created_date), "updated": time(row.modified_date), "archived": row.is_archived,
        "access": "by_invite" if row.is_private else "for_everyone", "for_everyone_access_role_id": None,
        "entity_type": "space", "path": uid("space", row.id), "sort_order": own.get("sort_order", row.id),
        "parent_entity_uid": None, "company_id": row.workspace_id,
        "allowed_card_type_ids": own.get("allowed_card_type_ids"), "external_id": own.get("external_id"),
        "settings": own.get("settings", {}),
    }  # fmt: skip


def to_core(fields: dict[str, Any]) -> dict[str, Any]:
    return {CORE_NAMES[name]: value for name, value in fields.items()}
