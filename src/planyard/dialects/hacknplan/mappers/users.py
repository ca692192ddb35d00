"""Core users as HacknPlan users (`{id, username, email, name, creationDate}`, the seed's R21)."""

from __future__ import annotations

from typing import Any

from planyard.dialects.hacknplan.mappers.values import time
from planyard.models import User


def user(row: User) -> dict[str, Any]:
    return {
        "id": row.id, "username": row.username, "email": row.email, "name": row.full_name or row.username,
        "creationDate": time(row.date_joined),
    }  # fmt: skip
