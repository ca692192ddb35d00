"""Taiga's story edit: a story moved to another status or lane (or project) goes to the end of its kanban
cell, the stories at or after its new backlog or sprint order shift down to make room (Taiga's reorder
arithmetic) and its tasks follow it to its sprint."""

from __future__ import annotations

from typing import Any

from planyard.core.context import Context
from planyard.core.taiga_rules.story_orders import make_room, move_tasks_to_sprint, new_order
from planyard.core.work_items import service
from planyard.core.work_items.kinds import STORY
from planyard.core.work_items.service import ItemChanges
from planyard.models import WorkItem


def update_story(
    ctx: Context, story_id: int, changes: ItemChanges, version: Any, project_id: int | None = None
) -> tuple[WorkItem, dict[int, int]]:
    """Edit a story; returns it and the orders of the other stories that moved to make room."""
    current = ctx.session.get(WorkItem, story_id)
    before: dict[str, Any] = {}
    changes.project_id = project_id
    if current is not None and current.kind == STORY.name:
        before = {k: getattr(current, k) for k in
                  ("project_id", "sprint_id", "status_id", "lane_id", "backlog_order", "sprint_order")}  # fmt: skip
        fields = changes.fields
        if project_id not in (None, before["project_id"]) or any(
            k in fields and fields[k] != before[k] for k in ("status_id", "lane_id")
        ):
            fields.setdefault("kanban_order", new_order())  # to the end of its new kanban cell
    item = service.update_item(ctx, STORY, story_id, changes, version)
    moved: dict[int, int] = {}
    if (item.project_id, item.backlog_order) != (before.get("project_id"), before.get("backlog_order")):
        moved |= make_room(ctx, item, "backlog_order")
    if item.sprint_id is not None and (item.sprint_order, item.sprint_id) != (
        before.get("sprint_order"),
        before.get("sprint_id"),
    ):
        moved |= make_room(ctx, item, "sprint_order")
    if item.sprint_id != before.get("sprint_id"):
        move_tasks_to_sprint(ctx, [item])
    return item, moved  # fmt: skip
