"""An item's check items as one list (HacknPlan subtasks): the items of all its checklists in (checklist
order, item order). A new one goes last into the first checklist, made under `list_name` when there is
none; a move to an index places it between its new neighbours (the mean of their orders, in the
neighbour's checklist), shifting nothing else."""

from __future__ import annotations

from sqlalchemy import select

from planyard.core.context import Context
from planyard.core.work_items.checklists import (
    NewCheckItem,
    add_check_item,
    create_checklist,
    list_checklists,
    update_check_item,
)
from planyard.kit.errors import NotFound
from planyard.models import Checklist, ChecklistItem


def all_check_items(ctx: Context, item_id: int) -> list[ChecklistItem]:
    return [row for group in list_checklists(ctx, item_id) for row in group.items]


def check_item_of(ctx: Context, item_id: int, check_item_id: int) -> ChecklistItem:
    """One of the item's check items (read access), else NotFound."""
    found = next((row for row in all_check_items(ctx, item_id) if row.id == check_item_id), None)
    if found is None:
        raise NotFound(entity="check_item")
    return found


def add_last(ctx: Context, item_id: int, text: str, list_name: str) -> ChecklistItem:
    checklist_id = ctx.session.scalar(
        select(Checklist.id).where(Checklist.work_item_id == item_id).order_by(Checklist.order, Checklist.id).limit(1)
    )
    if checklist_id is None:
        checklist_id = create_checklist(ctx, item_id, list_name).id
    return add_check_item(ctx, checklist_id, NewCheckItem(text=text))


def move_to(ctx: Context, item_id: int, check_item_id: int, index: int) -> ChecklistItem:
    """Put the check item at 0-based `index` of the item's list (clamped to its ends)."""
    rows = all_check_items(ctx, item_id)
    moving = next((row for row in rows if row.id == check_item_id), None)
    if moving is None:
        raise NotFound(entity="check_item")
    others = [row for row in rows if row.id != check_item_id]
    index = max(0, min(index, len(others)))
    if not others or rows.index(moving) == index:
        return moving
    before = others[index - 1] if index > 0 else None
    after = others[index] if index < len(others) else None
    anchor = after or before
    assert anchor is not None
    same = [r for r in (before, after) if r is not None and r.checklist_id == anchor.checklist_id]
    if len(same) == 2:
        order = (same[0].order + same[1].order) / 2
    else:
        order = anchor.order - 1 if anchor is after else anchor.order + 1
    changes: dict[str, object] = {"order": order}
    if anchor.checklist_id != moving.checklist_id:
        moving.checklist_id = anchor.checklist_id
    return update_check_item(ctx, moving.id, changes)
