"""Counts over a set of a project's work items (the whole project, a sprint, a release's sprints): items
in all, open and closed, per item type, and the minutes logged on them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select, true

from planyard.core.context import Context
from planyard.models import ItemType, Sprint, TimeEntry, WorkItem, WorkItemAssignee


@dataclass
class TypeCounts:
    item_type_id: int
    name: str
    total: int
    closed: int


@dataclass
class ItemMetrics:
    total: int = 0
    closed: int = 0
    logged_minutes: int = 0
    types: list[TypeCounts] = field(default_factory=list)

    @property
    def open(self) -> int:
        return self.total - self.closed


def _metrics(ctx: Context, where: ColumnElement[bool]) -> ItemMetrics:
    closed = func.coalesce(func.sum(case((WorkItem.is_closed.is_(True), 1), else_=0)), 0)
    rows = ctx.session.execute(
        select(ItemType.id, ItemType.name, func.count(WorkItem.id), closed)
        .join(ItemType, ItemType.id == WorkItem.item_type_id)
        .where(where)
        .group_by(ItemType.id, ItemType.name)
        .order_by(ItemType.id)
    ).all()
    minutes = ctx.session.scalar(
        select(func.coalesce(func.sum(TimeEntry.minutes), 0)).join(WorkItem, WorkItem.id == TimeEntry.work_item_id)
        .where(where)
    )  # fmt: skip
    types = [TypeCounts(int(r[0]), str(r[1]), int(r[2]), int(r[3])) for r in rows]
    return ItemMetrics(sum(t.total for t in types), sum(t.closed for t in types), int(minutes or 0), types)


def project_metrics(ctx: Context, project_id: int) -> ItemMetrics:
    return _metrics(ctx, WorkItem.project_id == project_id)


def _assigned_to(user_id: int | None) -> ColumnElement[bool]:
    if user_id is None:
        return true()
    assigned = select(WorkItemAssignee.work_item_id).where(WorkItemAssignee.user_id == user_id)
    return or_(WorkItem.assigned_to_id == user_id, WorkItem.id.in_(assigned))


def sprint_metrics(ctx: Context, sprint_id: int, user_id: int | None = None) -> ItemMetrics:
    """The sprint's items (those assigned to `user_id` when given)."""
    return _metrics(ctx, and_(WorkItem.sprint_id == sprint_id, _assigned_to(user_id)))


def release_metrics(ctx: Context, release_id: int, user_id: int | None = None) -> ItemMetrics:
    """The items of the release's sprints (those assigned to `user_id` when given)."""
    sprints: Any = select(Sprint.id).where(Sprint.release_id == release_id)
    return _metrics(ctx, and_(WorkItem.sprint_id.in_(sprints), _assigned_to(user_id)))


def design_metrics(ctx: Context, element_ids: list[int]) -> ItemMetrics:
    """The items linked to these design elements."""
    return _metrics(ctx, WorkItem.design_element_id.in_(element_ids))
