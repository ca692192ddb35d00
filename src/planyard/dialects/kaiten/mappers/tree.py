"""Tree entries as Kaiten tree entities; the three access levels as tree entity roles."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from planyard.core.access import LEVEL_PERMISSIONS, LEVELS
from planyard.core.access_levels import NAMES
from planyard.core.tree import Place
from planyard.dialects.kaiten.mappers.people import role_uid
from planyard.dialects.kaiten.mappers.spaces import entity_uid
from planyard.dialects.kaiten.mappers.values import time
from planyard.models import Project

BUILT_IN = time(datetime(2026, 1, 1, tzinfo=UTC))  # the levels are built in: one fixed creation time


def tree_entity(place: Place, project: Project | None) -> dict[str, Any]:
    entry = place.entry
    return {
        "uid": entity_uid(place.path[-1]), "title": project.name if project else entry.title,
        "sort_order": entry.sort_order, "archived": project.is_archived if project else entry.archived,
        "access": ("by_invite" if project.is_private else "for_everyone") if project else entry.access,
        "for_everyone_access_role_id": entry.for_everyone_role_uid, "entity_type": entry.entity_type,
        "path": ".".join(entity_uid(at) for at in place.path),
        "parent_entity_uid": entity_uid(place.parent) if place.parent else None,
    }  # fmt: skip


def _section(level: int) -> dict[str, bool]:
    granted = set(LEVEL_PERMISSIONS[level])
    return {"read": True, "comment": any(p.startswith("comment_") for p in granted),
            "write": "modify_us" in granted, "admin": "admin_roles" in granted}  # fmt: skip


def tree_entity_roles() -> list[dict[str, Any]]:
    return [
        {"id": role_uid(level), "created": BUILT_IN, "updated": BUILT_IN, "name": NAMES[level], "sort_order": level,
         "new_permissions_default_value": level == LEVELS[-1],
         "role_permissions": {section: _section(level) for section in ("root", "space", "document", "document_group",
                                                                       "story_map")}}
        for level in LEVELS
    ]  # fmt: skip
