"""A project's calendar: its items with a due date, its sprints and its releases with dates, each as an
event between two days, those that touch the asked span."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.models import ItemType, Release, Sprint, WorkItem


@dataclass
class Event:
    kind: str  # "item", "sprint" or "release"
    target_id: int
    name: str
    start: date
    end: date
    item_type: ItemType | None = None


def events(ctx: Context, project_id: int, first: date, last: date) -> list[Event]:
    load_project(ctx, project_id, "view_us")
    found: list[Event] = []
    items = ctx.session.execute(
        select(WorkItem.id, WorkItem.subject, WorkItem.due_date, ItemType)
        .join(ItemType, ItemType.id == WorkItem.item_type_id)
        .where(WorkItem.project_id == project_id, WorkItem.due_date.between(first, last))
        .order_by(WorkItem.due_date, WorkItem.id)
    )  # fmt: skip
    found += [Event("item", i, name, due, due, item_type) for i, name, due, item_type in items if due is not None]
    sprints = ctx.session.scalars(select(Sprint).where(
        Sprint.project_id == project_id, Sprint.estimated_start <= last, Sprint.estimated_finish >= first,
    ).order_by(Sprint.estimated_start, Sprint.id))  # fmt: skip
    found += [Event("sprint", s.id, s.name, s.estimated_start, s.estimated_finish) for s in sprints]
    begins = func.coalesce(Release.start_date, Release.due_date)
    ends = func.coalesce(Release.due_date, Release.start_date)
    releases = ctx.session.scalars(select(Release).where(
        Release.project_id == project_id, begins <= last, ends >= first).order_by(Release.id))  # fmt: skip
    found += [Event("release", r.id, r.name, r.start_date or r.due_date, r.due_date or r.start_date)  # type: ignore[arg-type]
              for r in releases]  # fmt: skip
    return found
