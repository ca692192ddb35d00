"""The company's own rows as Kaiten objects: user roles and groups."""

from __future__ import annotations

from typing import Any

from planyard.core.access import LEVELS
from planyard.core.tree import Place, ref
from planyard.dialects.kaiten.mappers.people import person, role_uid
from planyard.dialects.kaiten.mappers.spaces import entity_uid
from planyard.dialects.kaiten.mappers.values import time, uid, uid_id
from planyard.kit.errors import Invalid, NotFound
from planyard.models import Team, TeamGrant, TreeEntity, User, WorkspaceRole


def user_role(row: WorkspaceRole) -> dict[str, Any]:
    return {"id": row.id, "uid": uid("workspace_role", row.id), "name": row.name, "company_id": row.workspace_id,
            "created": time(row.created_at), "updated": time(row.updated_at)}  # fmt: skip


def group(row: Team) -> dict[str, Any]:
    return {"id": row.id, "uid": uid("group", row.id), "name": row.name, "permissions": row.permissions,
            "add_to_cards_and_spaces_enabled": row.add_to_cards_and_spaces_enabled,
            "created": time(row.created_at), "updated": time(row.updated_at)}  # fmt: skip


def group_user(row: User) -> dict[str, Any]:
    return person(row) | {"email_blocked": None, "email_blocked_reason": None, "delete_requested_at": None}


def granted_level(role_ids: list[str]) -> int | None:
    """Tree entity role uids, checked (an unknown one is a 400), as the best access level they name (the
    levels nest); none for no role."""
    levels = []
    for role_id in role_ids:
        try:
            level = uid_id("access_role", role_id)
        except NotFound:
            raise Invalid.on("role_ids", "unknown role") from None
        if level not in LEVELS:
            raise Invalid.on("role_ids", "unknown role")
        levels.append(level)
    return max(levels, default=None)


def granted_roles(grant: TeamGrant) -> list[str]:
    return [role_uid(grant.level)] if grant.level else []


def group_entity(team_id: int, grant: TeamGrant | None, entry: TreeEntity) -> dict[str, Any]:
    roles = granted_roles(grant) if grant else []
    access_mod = grant.access_mod if grant else None
    return {"group_id": team_id, "entity_uid": entity_uid(ref(entry)), "access_mod": access_mod,
            "own_access_mod": access_mod, "role_ids": roles, "own_role_ids": roles,
            "role_permissions": {} if grant else None}  # fmt: skip


def group_entity_listed(grant: TeamGrant, place: Place | None, entry: TreeEntity, title: str) -> dict[str, Any]:
    path = ".".join(entity_uid(at) for at in place.path) if place else entity_uid(ref(entry))
    return {"uid": entity_uid(ref(entry)), "path": path, "title": title, "own_role_ids": granted_roles(grant),
            "entity_type": entry.entity_type}  # fmt: skip
