"""Time spent on an item (Kaiten time logs, HacknPlan work logs): whole minutes on a day, by a member
of the item's project, optionally under a job title (a workspace role of the project's workspace).
Reading needs the item's view permission, writing its modify permission; every write is logged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, or_, select

from planyard.core import history
from planyard.core.context import Context
from planyard.core.work_items.item_rows import changes_to, readable_item, record, writable_item
from planyard.core.work_items.kinds import KINDS
from planyard.core.work_items.queries import viewable_project_ids
from planyard.core.work_items.references import validate_members
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.filters import Filter, FilterSet, ValueType, bounds
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import Project, TimeEntry, WorkItem, WorkspaceRole

TARGET = "time_entry"
EDITABLE = frozenset({"minutes", "date", "started_at", "comment", "user_id", "role_id"})
MAX_MINUTES = 60 * 24 * 366  # a year: anything longer is a typing slip


@dataclass
class NewTimeEntry:
    minutes: int
    date: date
    user_id: int | None = None  # whose time: the actor unless given
    started_at: datetime | None = None
    comment: str = ""
    role_id: int | None = None


def list_time_entries(ctx: Context, item_id: int) -> list[TimeEntry]:
    """The item's time entries by day, then as they were logged."""
    readable_item(ctx, item_id)
    stmt = select(TimeEntry).where(TimeEntry.work_item_id == item_id).order_by(TimeEntry.date, TimeEntry.id)
    return list(ctx.session.scalars(stmt))


def log_time(ctx: Context, item_id: int, new: NewTimeEntry) -> TimeEntry:
    item = writable_item(ctx, item_id)
    entry = TimeEntry(work_item_id=item.id, project_id=item.project_id, author_id=ctx.actor_id, comment="")
    fields = {"user_id": new.user_id or ctx.actor_id, "minutes": new.minutes, "date": new.date,
              "started_at": new.started_at, "comment": new.comment, "role_id": new.role_id}  # fmt: skip
    _apply(ctx, item, entry, fields)
    ctx.session.add(entry)
    ctx.session.flush()
    record(ctx, item, TARGET, entry.id, "create", {"minutes": [None, entry.minutes], "date": [None, entry.date]})
    return entry


def update_time_entry(ctx: Context, entry_id: int, changes: dict[str, Any]) -> TimeEntry:
    entry, item = _entry(ctx, entry_id)
    diff = _apply(ctx, item, entry, changes)
    if diff:
        record(ctx, item, TARGET, entry.id, "change", diff)
    ctx.session.flush()
    return entry


def delete_time_entry(ctx: Context, entry_id: int) -> None:
    entry, item = _entry(ctx, entry_id)
    record(ctx, item, TARGET, entry.id, "delete", {"minutes": [entry.minutes, None]}, row=history.row_snapshot(entry))
    ctx.session.delete(entry)
    ctx.session.flush()


def _apply(ctx: Context, item: WorkItem, entry: TimeEntry, changes: dict[str, Any]) -> dict[str, list[Any]]:
    if "minutes" in changes:
        minutes = changes["minutes"]
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 < minutes <= MAX_MINUTES:
            raise Invalid(code="out_of_range", field="minutes", params={"min": 1, "max": MAX_MINUTES})
    if "date" in changes and not isinstance(changes["date"], date):
        raise Invalid(code="required", field="date")
    if "user_id" in changes:
        if changes["user_id"] is None:
            raise Invalid(code="required", field="user_id")
        validate_members(ctx, item.project_id, "user_id", [changes["user_id"]])
    role_id = changes.get("role_id")
    if role_id is not None and not _workspace_role(ctx, item, role_id):
        raise Invalid(code="does_not_exist", field="role_id", params={"pk": role_id})
    if changes.get("comment") is None and "comment" in changes:
        changes = {**changes, "comment": ""}
    return changes_to(entry, EDITABLE, changes)


def _workspace_role(ctx: Context, item: WorkItem, role_id: int) -> bool:
    stmt = (select(WorkspaceRole.id).join(Project, Project.workspace_id == WorkspaceRole.workspace_id)
            .where(WorkspaceRole.id == role_id, Project.id == item.project_id))  # fmt: skip
    return ctx.session.scalar(stmt) is not None


def roles_of(ctx: Context, entries: list[TimeEntry]) -> dict[int, WorkspaceRole]:
    """The workspace roles these entries name, by id (one query)."""
    ids = {entry.role_id for entry in entries if entry.role_id}
    if not ids:
        return {}
    return {row.id: row for row in ctx.session.scalars(select(WorkspaceRole).where(WorkspaceRole.id.in_(ids)))}


def _entry(ctx: Context, entry_id: int) -> tuple[TimeEntry, WorkItem]:
    entry = ctx.session.get(TimeEntry, entry_id)
    if entry is None:
        raise NotFound(entity="time_entry")
    try:
        return entry, writable_item(ctx, entry.work_item_id)
    except NotFound:
        raise NotFound(entity="time_entry") from None


FILTERS = FilterSet(filters={
    "user": Filter(ValueType.INTS, lambda v: TimeEntry.user_id.in_(v)),
    "item": Filter(ValueType.INTS, lambda v: TimeEntry.work_item_id.in_(v)),
    "project": Filter(ValueType.INTS, lambda v: TimeEntry.project_id.in_(v)),
    **bounds("date", TimeEntry.date, ValueType.DATE, ("since", "until")),
})  # fmt: skip


def list_all(ctx: Context, query: ListQuery) -> Page[TimeEntry]:
    """Time entries on the items the actor may view, under the query's filters, by day then as logged."""
    visible = or_(*[and_(WorkItem.kind == kind.name, WorkItem.project_id.in_(ids)) if ids is not None
                    else WorkItem.kind == kind.name
                    for kind, ids in ((k, viewable_project_ids(ctx, k.view)) for k in KINDS.values())])  # fmt: skip
    stmt = select(TimeEntry).join(WorkItem, WorkItem.id == TimeEntry.work_item_id).where(visible)
    return fetch_page(ctx.session, FILTERS.where(stmt, query).order_by(TimeEntry.date, TimeEntry.id), query.window)
