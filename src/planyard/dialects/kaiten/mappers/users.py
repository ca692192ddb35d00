"""Core users as Kaiten users."""

from __future__ import annotations

from typing import Any

from planyard.dialects.kaiten.mappers.values import time, uid
from planyard.models import User


def initials(user: User) -> str:
    words = (user.full_name or user.username).split()
    return "".join(word[0] for word in words[:2]).upper()


def current_user(row: User) -> dict[str, Any]:
    return {
        "id": row.id, "uid": uid("user", row.id), "user_id": row.id, "full_name": row.full_name or row.username,
        "email": row.email, "username": row.username, "initials": initials(row), "avatar_initials_url": None,
        "avatar_uploaded_url": row.photo, "avatar_type": 3 if row.photo else 2, "lng": row.lang or "en",
        "timezone": row.timezone or "UTC", "theme": row.theme or "auto", "created": time(row.date_joined),
        "updated": time(row.date_joined), "activated": row.is_active,
        "virtual": bool(row.extra.get("virtual", False)),
    }  # fmt: skip
