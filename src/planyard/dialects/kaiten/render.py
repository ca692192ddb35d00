"""Core rows as Kaiten JSON: times ISO-8601 in UTC with `Z`, uids derived from ids (docs/mapping.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from planyard.models import Project, User

# The fixed tag of each table in a Kaiten uid: "{tag:08x}-0000-4000-8000-{id:012x}".
UID_TAGS = {"space": 1, "user": 2}


def uid(table: str, row_id: int) -> str:
    return f"{UID_TAGS[table]:08x}-0000-4000-8000-{row_id:012x}"


def time(value: datetime) -> str:
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def initials(user: User) -> str:
    words = (user.full_name or user.username).split()
    return "".join(word[0] for word in words[:2]).upper()


def user(row: User) -> dict[str, Any]:
    return {
        "id": row.id, "uid": uid("user", row.id), "full_name": row.full_name or row.username,
        "email": row.email, "username": row.username, "initials": initials(row),
        "avatar_initials_url": None, "avatar_uploaded_url": row.photo, "avatar_type": 3 if row.photo else 2,
        "lng": row.lang or "en", "timezone": row.timezone or "UTC", "theme": row.theme or "auto",
        "created": time(row.date_joined), "updated": time(row.date_joined), "activated": row.is_active,
        "virtual": bool(row.extra.get("virtual", False)), "user_id": row.id,
    }  # fmt: skip


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
