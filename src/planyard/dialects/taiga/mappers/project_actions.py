"""ORM rows -> the shapes of Taiga's project actions (§41.8, §41.9)."""

from __future__ import annotations

from typing import Any

from planyard.models import User


def project_user_entry(user: User) -> dict[str, Any]:
    """A fan or watcher: Taiga's full name falls back to the username, then the email."""
    return {"id": user.id, "username": user.username, "full_name": user.full_name or user.username or user.email}
