"""Checklists on an item (Kaiten card checklists; HacknPlan's subtasks are the items of one checklist):
named, ordered lists of items to check, each with an optional due date and a responsible member.
Reading needs the item's view permission, writing its modify permission; every write is logged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from planyard.core.context import Context
from planyard.core.work_items.item_rows import changes_to, readable_item, record, writable_item
from planyard.core.work_items.references import validate_members
from planyard.db.base import utcnow
from planyard.kit.errors import Invalid, NotFound
from planyard.models import Checklist, ChecklistItem, WorkItem

CHECKLIST, CHECK_ITEM = "checklist", "checklist_item"
CHECKLIST_FIELDS = frozenset({"name", "order"})
CHECK_ITEM_FIELDS = frozenset({"text", "checked", "order", "due_date", "responsible_id"})


@dataclass
class ChecklistWithItems:
    checklist: Checklist
    items: list[ChecklistItem]


@dataclass
class NewCheckItem:
    text: str
    checked: bool = False
    order: float | None = None
    due_date: date | None = None
    responsible_id: int | None = None


def list_checklists(ctx: Context, item_id: int) -> list[ChecklistWithItems]:
    """The item's checklists and their items, each in order: two queries."""
    readable_item(ctx, item_id)
    checklists = ctx.session.scalars(
        select(Checklist).where(Checklist.work_item_id == item_id).order_by(Checklist.order, Checklist.id)
    ).all()
    found = {c.id: ChecklistWithItems(c, []) for c in checklists}
    if found:
        rows = ctx.session.scalars(select(ChecklistItem).where(ChecklistItem.checklist_id.in_(found))
                                   .order_by(ChecklistItem.order, ChecklistItem.id))  # fmt: skip
        for row in rows:
            found[row.checklist_id].items.append(row)
    return list(found.values())


def create_checklist(ctx: Context, item_id: int, name: str, order: float | None = None) -> Checklist:
    item = writable_item(ctx, item_id)
    _check_text("name", name)
    if order is None:
        last = ctx.session.scalar(select(func.max(Checklist.order)).where(Checklist.work_item_id == item.id))
        order = (last or 0) + 1
    checklist = Checklist(work_item_id=item.id, name=name, order=order)
    ctx.session.add(checklist)
    ctx.session.flush()
    record(ctx, item, CHECKLIST, checklist.id, "create", {"name": [None, name]})
    return checklist


def update_checklist(ctx: Context, checklist_id: int, changes: dict[str, Any]) -> Checklist:
    checklist, item = _checklist(ctx, checklist_id)
    if "name" in changes:
        _check_text("name", changes["name"])
    diff = changes_to(checklist, CHECKLIST_FIELDS, changes)
    if diff:
        record(ctx, item, CHECKLIST, checklist.id, "change", diff)
    ctx.session.flush()
    return checklist


def delete_checklist(ctx: Context, checklist_id: int) -> None:
    """The checklist and its items."""
    checklist, item = _checklist(ctx, checklist_id)
    record(ctx, item, CHECKLIST, checklist.id, "delete", {"name": [checklist.name, None]})
    ctx.session.delete(checklist)
    ctx.session.flush()


def add_check_item(ctx: Context, checklist_id: int, new: NewCheckItem) -> ChecklistItem:
    checklist, item = _checklist(ctx, checklist_id)
    _check_text("text", new.text)
    if new.responsible_id is not None:
        validate_members(ctx, item.project_id, "responsible_id", [new.responsible_id])
    order = new.order
    if order is None:
        last = ctx.session.scalar(
            select(func.max(ChecklistItem.order)).where(ChecklistItem.checklist_id == checklist.id)
        )
        order = (last or 0) + 1
    row = ChecklistItem(checklist_id=checklist.id, text=new.text, order=order, due_date=new.due_date,
                        responsible_id=new.responsible_id)  # fmt: skip
    _set_checked(ctx, row, new.checked)
    ctx.session.add(row)
    ctx.session.flush()
    record(ctx, item, CHECK_ITEM, row.id, "create", {"text": [None, row.text], "checked": [None, row.checked]})
    return row


def update_check_item(ctx: Context, check_item_id: int, changes: dict[str, Any]) -> ChecklistItem:
    row, item = _check_item(ctx, check_item_id)
    if "text" in changes:
        _check_text("text", changes["text"])
    if changes.get("responsible_id") is not None:
        validate_members(ctx, item.project_id, "responsible_id", [changes["responsible_id"]])
    if "checked" in changes and bool(changes["checked"]) != row.checked:
        _set_checked(ctx, row, bool(changes["checked"]))
        changes = {k: v for k, v in changes.items() if k != "checked"}
        diff = {"checked": [not row.checked, row.checked]}
    else:
        diff = {}
    diff |= changes_to(row, CHECK_ITEM_FIELDS - {"checked"}, changes)
    if diff:
        record(ctx, item, CHECK_ITEM, row.id, "change", diff)
    ctx.session.flush()
    return row


def delete_check_item(ctx: Context, check_item_id: int) -> None:
    row, item = _check_item(ctx, check_item_id)
    record(ctx, item, CHECK_ITEM, row.id, "delete", {"text": [row.text, None]})
    ctx.session.delete(row)
    ctx.session.flush()


def _checklist(ctx: Context, checklist_id: int) -> tuple[Checklist, WorkItem]:
    checklist = ctx.session.get(Checklist, checklist_id)
    if checklist is None or checklist.work_item_id is None:  # a project's template is no item's checklist
        raise NotFound(entity="checklist")
    try:
        return checklist, writable_item(ctx, checklist.work_item_id)
    except NotFound:
        raise NotFound(entity="checklist") from None


def _check_item(ctx: Context, check_item_id: int) -> tuple[ChecklistItem, WorkItem]:
    row = ctx.session.get(ChecklistItem, check_item_id)
    if row is None:
        raise NotFound(entity="checklist_item")
    try:
        return row, _checklist(ctx, row.checklist_id)[1]
    except NotFound:
        raise NotFound(entity="checklist_item") from None


def _set_checked(ctx: Context, row: ChecklistItem, checked: bool) -> None:
    row.checked = checked
    row.checked_at = utcnow() if checked else None
    row.checked_by_id = ctx.actor_id if checked else None


def _check_text(field: str, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise Invalid(code="blank", field=field)


def get_checklist(ctx: Context, checklist_id: int) -> tuple[ChecklistWithItems, WorkItem]:
    """One checklist with its items and its item, under the item's view permission."""
    checklist = ctx.session.get(Checklist, checklist_id)
    if checklist is None or checklist.work_item_id is None:  # none, or a space's template checklist
        raise NotFound(entity="checklist")
    try:
        item, _ = readable_item(ctx, checklist.work_item_id)
    except NotFound:
        raise NotFound(entity="checklist") from None
    rows = ctx.session.scalars(select(ChecklistItem).where(ChecklistItem.checklist_id == checklist.id)
                               .order_by(ChecklistItem.order, ChecklistItem.id))  # fmt: skip
    return ChecklistWithItems(checklist, list(rows)), item
