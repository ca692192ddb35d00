"""Core time entries as Kaiten time logs."""

from __future__ import annotations

from typing import Any

from planyard.dialects.kaiten.mappers.company import user_role
from planyard.dialects.kaiten.mappers.users import current_user
from planyard.dialects.kaiten.mappers.values import time
from planyard.models import TimeEntry, User, WorkspaceRole

EMPLOYEE = -1  # Kaiten's predefined user role: no workspace role


def time_log(row: TimeEntry, users: dict[int, User], roles: dict[int, WorkspaceRole]) -> dict[str, Any]:
    user = users.get(row.user_id or 0)
    role = roles.get(row.role_id or 0)
    return {
        "id": row.id, "card_id": row.work_item_id, "user_id": row.user_id, "author_id": row.author_id,
        "updater_id": row.author_id, "role_id": role.id if role else EMPLOYEE, "time_spent": row.minutes,
        "for_date": row.date.isoformat(), "comment": row.comment or None, "created": time(row.created_at),
        "updated": time(row.updated_at), "user": current_user(user) if user else None,
        "role": user_role(role) if role else {"id": EMPLOYEE, "name": "Employee", "company_id": None},
    }  # fmt: skip


def to_core(body: dict[str, Any]) -> dict[str, Any]:
    names = {"time_spent": "minutes", "for_date": "date", "comment": "comment", "role_id": "role_id",
             "user_id": "user_id"}  # fmt: skip
    fields = {names[k]: v for k, v in body.items() if k in names}
    if fields.get("role_id") == EMPLOYEE:
        fields["role_id"] = None
    return {k: v for k, v in fields.items() if v is not None or k in ("comment", "role_id")}
