"""An item's people one at a time (Kaiten card members): a member is an assignee; the responsible one is
also `assigned_to_id`. Each change is an item edit (change log, new version) read and written under the
project's write lock, so parallel adds keep each other's member."""

from __future__ import annotations

from sqlalchemy import select

from planyard.core.context import Context
from planyard.core.work_items.item_rows import readable_item
from planyard.core.work_items.kinds import KINDS
from planyard.core.work_items.service import ItemChanges, update_item
from planyard.kit.errors import NotFound
from planyard.models import WorkItem, WorkItemAssignee


def member_ids(ctx: Context, item_id: int) -> list[int]:
    """The item's members, oldest first, the responsible one included."""
    item, _ = readable_item(ctx, item_id)
    return _members(ctx, item)


def _members(ctx: Context, item: WorkItem) -> list[int]:
    ids = list(ctx.session.scalars(select(WorkItemAssignee.user_id).where(WorkItemAssignee.work_item_id == item.id)
                                   .order_by(WorkItemAssignee.user_id)))  # fmt: skip
    return ids + ([item.assigned_to_id] if item.assigned_to_id and item.assigned_to_id not in ids else [])


def add_member(ctx: Context, item_id: int, user_id: int, responsible: bool = False) -> WorkItem:
    item, _ = readable_item(ctx, item_id)
    members = _members(ctx, item)
    changes = ItemChanges(assignees=members if user_id in members else [*members, user_id])
    if responsible:
        changes.fields["assigned_to_id"] = user_id
    return update_item(ctx, KINDS[item.kind], item.id, changes)


def set_responsible(ctx: Context, item_id: int, user_id: int, responsible: bool) -> WorkItem:
    """Make a member the responsible one, or a plain member again."""
    item, _ = readable_item(ctx, item_id)
    if user_id not in _members(ctx, item):
        raise NotFound(entity="member")
    if responsible:
        return add_member(ctx, item_id, user_id, responsible=True)
    if item.assigned_to_id != user_id:
        return item
    return update_item(ctx, KINDS[item.kind], item.id, ItemChanges(fields={"assigned_to_id": None},
                                                                   assignees=_members(ctx, item)))  # fmt: skip


def remove_member(ctx: Context, item_id: int, user_id: int) -> WorkItem:
    item, _ = readable_item(ctx, item_id)
    members = _members(ctx, item)
    if user_id not in members:
        raise NotFound(entity="member")
    changes = ItemChanges(assignees=[m for m in members if m != user_id])
    if item.assigned_to_id == user_id:
        changes.fields["assigned_to_id"] = None
    return update_item(ctx, KINDS[item.kind], item.id, changes)
