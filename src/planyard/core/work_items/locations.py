"""Where an item has been: one place per change-log entry that created it or moved it (its status, lane,
sprint or project changed), oldest first. The log keeps each move's old and new values, so the places
are replayed back from where the item is now (docs/mapping.md, Change log)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from planyard.core.context import Context
from planyard.core.work_items.item_rows import readable_item
from planyard.models import ChangeEntry

PLACE = ("status_id", "lane_id", "sprint_id", "project_id")


@dataclass(frozen=True)
class Place:
    entry_id: int
    user_id: int | None
    at: datetime
    status_id: int | None
    lane_id: int | None
    sprint_id: int | None


def places(ctx: Context, item_id: int) -> list[Place]:
    item, _ = readable_item(ctx, item_id)
    entries = list(ctx.session.scalars(select(ChangeEntry).where(
        ChangeEntry.target_type == item.kind, ChangeEntry.target_id == item.id,
        ChangeEntry.action.in_(("create", "change"))).order_by(ChangeEntry.id.desc())))  # fmt: skip
    now = {"status_id": item.status_id, "lane_id": item.lane_id, "sprint_id": item.sprint_id}
    found: list[Place] = []
    for entry in entries:
        moved = {k: v for k, v in (entry.diff or {}).items() if k in PLACE and isinstance(v, list) and len(v) == 2}
        if entry.action == "create" or moved:
            found.append(Place(entry.id, entry.user_id, entry.created_at, now["status_id"], now["lane_id"],
                               now["sprint_id"]))  # fmt: skip
        for key, (old, _) in moved.items():
            if key in now:
                now[key] = old
    return list(reversed(found))
