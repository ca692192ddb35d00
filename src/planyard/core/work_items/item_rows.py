"""What the rows that hang on an item (checklists, time entries, blockers, relations) share: the item
under its kind's permissions, and their change-log entries (their own target type, in the item's
project; Taiga's history and timeline list only item targets, so they show none of them)."""

from __future__ import annotations

from typing import Any

from planyard.core import history
from planyard.core.access import ProjectAccess, require
from planyard.core.context import Context
from planyard.core.work_items.kinds import KINDS
from planyard.core.work_items.service import get_item
from planyard.kit.errors import NotFound
from planyard.models import WorkItem


def readable_item(ctx: Context, item_id: int) -> tuple[WorkItem, ProjectAccess]:
    """An item of any kind the actor may see, or NotFound."""
    item = ctx.session.get(WorkItem, item_id)
    if item is None:
        raise NotFound(entity="work_item")
    return get_item(ctx, KINDS[item.kind], item_id)


def writable_item(ctx: Context, item_id: int) -> WorkItem:
    """An item the actor may see and modify (its kind's modify permission)."""
    item, access = readable_item(ctx, item_id)
    require(ctx, access, KINDS[item.kind].modify)
    return item


def record(
    ctx: Context,
    item: WorkItem,
    target_type: str,
    row_id: int,
    action: str,
    diff: dict[str, Any] | None = None,
    row: dict[str, Any] | None = None,
) -> None:
    """`row`: what the log keeps of a row it removes (its fields), for those who describe it afterwards."""
    snapshot = {"work_item": item.id} | ({"row": row} if row is not None else {})
    history.record(ctx, target_type=target_type, target_id=row_id, project_id=item.project_id, action=action,
                   diff=diff, snapshot=snapshot)  # fmt: skip


def changes_to(row: Any, allowed: frozenset[str], changes: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the allowed fields of `changes` on `row`; the diff of what changed."""
    fields = {k: v for k, v in changes.items() if k in allowed}
    diff = history.diff_of({k: getattr(row, k) for k in fields}, fields)
    for name in diff:
        setattr(row, name, fields[name])
    return diff
