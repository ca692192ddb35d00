"""Core blockers as Kaiten card blockers."""

from __future__ import annotations

from typing import Any

from planyard.dialects.kaiten.mappers.users import current_user
from planyard.dialects.kaiten.mappers.values import time
from planyard.models import Blocker, User, WorkItem


def brief(item: WorkItem | None) -> dict[str, Any] | None:
    return None if item is None else {"id": item.id, "title": item.subject, "version": item.version}


def blocker(row: Blocker, users: dict[int, User], items: dict[int, WorkItem]) -> dict[str, Any]:
    blocking = items.get(row.blocking_item_id or 0)
    user = users.get(row.blocker_user_id or 0)
    return {
        "id": row.id, "reason": row.reason, "card_id": row.work_item_id, "blocker_id": row.blocker_user_id,
        "blocker_card_id": row.blocking_item_id, "blocker_card_title": blocking.subject if blocking else None,
        "released": row.released_at is not None, "released_by_id": row.released_by_id, "due_date": None,
        "due_date_time_present": False, "created": time(row.created_at),
        "updated": time(row.released_at or row.created_at), "blocker": current_user(user) if user else None,
        "card": brief(blocking), "blocked_card": brief(items.get(row.work_item_id)),
    }  # fmt: skip
