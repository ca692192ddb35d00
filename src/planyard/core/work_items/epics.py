"""Epics: the list (filters, order, per-page facts: related-story counts, basic attachments), neighbors,
create/edit with Taiga's epics_order shifting, bulk creation, and the epics a page of stories belongs to."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, func, or_, select, update

from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.work_items import bulk, service
from planyard.core.work_items.facts import ItemFacts, load_item_facts
from planyard.core.work_items.filters import item_filters
from planyard.core.work_items.kinds import EPIC, TASK
from planyard.core.work_items.queries import items_query
from planyard.core.workflows import statuses_of
from planyard.kit import limits
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.filters import Filter, ValueType, bounds
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import Attachment, Project, Status, WorkItem, WorkItemLink

EPIC_STORY = "epic_story"  # work_item_links.kind: from_id = epic, to_id = story
STORY_ROW, TASK_ROW = WorkItem.__table__.alias("story"), WorkItem.__table__.alias("task")  # built once: costly
COLORS = ("#e44057", "#f57900", "#fcc000", "#a8e440", "#4e9a06", "#5cc9a7", "#3465a4", "#2bb3d1",
          "#75507b", "#b83a8a", "#c17d11", "#888a85")  # fmt: skip


FILTERS = item_filters({
    "project_slug": Filter(ValueType.TEXT, lambda v: WorkItem.project_id.in_(
        select(Project.id).where(Project.slug == v))),
    **bounds("created", WorkItem.created_date, ValueType.DATETIME, ("since", "until")),
    **bounds("modified", WorkItem.modified_date, ValueType.DATETIME, ("since", "until")),
})  # fmt: skip
DEFAULT_ORDER = (WorkItem.project_id, WorkItem.epics_order, WorkItem.ref)


def list_epics(ctx: Context, query: ListQuery) -> Page[WorkItem]:
    stmt = FILTERS.apply(items_query(ctx, EPIC).order_by(*DEFAULT_ORDER), query)
    return fetch_page(ctx.session, stmt, query.window)


def get_epic(ctx: Context, epic_id: int) -> WorkItem:
    return service.get_item(ctx, EPIC, epic_id)[0]


def get_epic_by_ref(ctx: Context, project_id: int, ref: int) -> WorkItem:
    return service.get_by_ref(ctx, EPIC, project_id, ref)


def neighbors(ctx: Context, epic: WorkItem, query: ListQuery) -> tuple[WorkItem | None, WorkItem | None]:
    """The epics just before and after `epic` in its project, among those the same filters list (its
    `ref` filter and the sort aside)."""
    base = FILTERS.where(items_query(ctx, EPIC), query.without("ref")).where(WorkItem.project_id == epic.project_id)
    order, ref = epic.epics_order, epic.ref
    before = or_(WorkItem.epics_order < order, and_(WorkItem.epics_order == order, WorkItem.ref < ref))
    after = or_(WorkItem.epics_order > order, and_(WorkItem.epics_order == order, WorkItem.ref > ref))
    previous = ctx.session.scalar(
        base.where(before).order_by(WorkItem.epics_order.desc(), WorkItem.ref.desc()).limit(1)
    )
    following = ctx.session.scalar(base.where(after).order_by(WorkItem.epics_order, WorkItem.ref).limit(1))
    return previous, following


@dataclass
class EpicBatch:
    """What a page of epics renders beyond the rows."""

    facts: ItemFacts
    counts: dict[int, dict[str, Any]]
    attachments: dict[int, list[Attachment]] = field(default_factory=dict)


def load_batch(ctx: Context, rows: list[WorkItem], include_attachments: bool = False) -> EpicBatch:
    ids = [row.id for row in rows]
    return EpicBatch(
        facts=load_item_facts(ctx, rows),
        counts=story_counts(ctx, ids),
        attachments=basic_attachments(ctx, ids) if include_attachments else {},
    )


def story_counts(ctx: Context, epic_ids: list[int]) -> dict[int, dict[str, Any]]:
    """{total, progress} per epic in one query: a closed story counts 1, an open one its share of closed tasks."""
    counts: dict[int, dict[str, Any]] = {i: {"total": 0, "progress": None} for i in epic_ids}
    if not epic_ids:
        return counts
    rows = ctx.session.execute(
        select(WorkItemLink.from_id, STORY_ROW.c.is_closed, func.count(TASK_ROW.c.id),
               func.count(case((TASK_ROW.c.is_closed.is_(True), TASK_ROW.c.id))))
        .join(STORY_ROW, STORY_ROW.c.id == WorkItemLink.to_id)
        .outerjoin(TASK_ROW, and_(TASK_ROW.c.parent_id == STORY_ROW.c.id, TASK_ROW.c.kind == TASK.name))
        .where(WorkItemLink.kind == EPIC_STORY, WorkItemLink.from_id.in_(epic_ids))
        .group_by(WorkItemLink.from_id, STORY_ROW.c.id, STORY_ROW.c.is_closed)
    )  # fmt: skip
    for epic_id, closed, tasks, closed_tasks in rows:
        entry = counts[epic_id]
        entry["total"] += 1
        entry["progress"] = (entry["progress"] or 0.0) + (1.0 if closed else (closed_tasks / tasks if tasks else 0.0))
    return counts


def basic_attachments(ctx: Context, epic_ids: list[int]) -> dict[int, list[Attachment]]:
    """Non-deprecated attachments per epic (the list's `include_attachments`), one query."""
    found: dict[int, list[Attachment]] = defaultdict(list)
    if epic_ids:
        stmt = select(Attachment).where(Attachment.target_type == EPIC.target_type, Attachment.target_id.in_(epic_ids),
                                        Attachment.is_deprecated.is_(False))  # fmt: skip
        for row in ctx.session.scalars(stmt.order_by(Attachment.order, Attachment.created_date, Attachment.id)):
            found[row.target_id].append(row)
    return found


def epics_of_stories(ctx: Context, story_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The epics each story belongs to ({id, ref, subject, color, project: {id, name, slug}}, by project name
    then ref), in one query. Stories without an epic are absent (Taiga renders `epics: null` for them)."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not story_ids:
        return found
    rows = ctx.session.execute(
        select(WorkItemLink.to_id, WorkItem.id, WorkItem.ref, WorkItem.subject, WorkItem.color,
               Project.id, Project.name, Project.slug)
        .join(WorkItem, WorkItem.id == WorkItemLink.from_id)
        .join(Project, Project.id == WorkItem.project_id)
        .where(WorkItemLink.kind == EPIC_STORY, WorkItemLink.to_id.in_(story_ids))
        .order_by(Project.name, WorkItem.ref)
    )  # fmt: skip
    for story_id, epic_id, ref, subject, color, project_id, name, slug in rows:
        found[story_id].append({"id": epic_id, "ref": ref, "subject": subject, "color": color,
                                "project": {"id": project_id, "name": name, "slug": slug}})  # fmt: skip
    return found


def create_epic(ctx: Context, project_id: int, changes: service.ItemChanges) -> WorkItem:
    """A new epic; without a status it takes the project's default, without a color a random one."""
    if changes.fields.get("status_id", 0) is None:
        del changes.fields["status_id"]
    if not changes.fields.get("color"):
        changes.fields["color"] = random.choice(COLORS)  # noqa: S311 (a display color)
    return service.create_item(ctx, EPIC, project_id, changes)


def update_epic(
    ctx: Context, epic_id: int, changes: service.ItemChanges, version: Any, project_id: int | None,
    set_orders: dict[int, int],
) -> tuple[WorkItem, dict[int, int]]:  # fmt: skip
    """Edit an epic; a new `epics_order` pushes the project's later epics down (Taiga's rule). Returns the epic
    and the orders that changed, for the Taiga-Info-Order-Updated header."""
    epic = get_epic(ctx, epic_id)
    if project_id is not None and project_id != epic.project_id:
        raise Invalid(code="move_unsupported", entity="epic", field="project")
    old_order = epic.epics_order
    epic = service.update_item(ctx, EPIC, epic_id, changes, version)
    if epic.epics_order == old_order:
        return epic, {}
    current = {i: int(order) for i, order in ctx.session.execute(select(WorkItem.id, WorkItem.epics_order).where(
        WorkItem.project_id == epic.project_id, WorkItem.kind == EPIC.name))}  # fmt: skip
    updated = shift_orders(current, {epic.id: int(epic.epics_order)} | set_orders)  # Taiga's integer orders
    write_orders(ctx, WorkItem, WorkItem.epics_order, updated)
    return epic, updated


def shift_orders(current: dict[int, int], moves: dict[int, int]) -> dict[int, int]:
    """Taiga's reordering: taking the moves by their new position, each moved element makes room at its target
    (the elements from there on move one step down); returns the elements whose order was touched."""
    orders = dict(current)
    touched: set[int] = set()
    moves = {key: target for key, target in moves.items() if key in orders}
    for moved, target in sorted(moves.items(), key=lambda kv: kv[1]):
        origin = orders[moved]
        for key, value in orders.items():
            if (target <= value < origin) if target < origin else value >= target:
                orders[key] = value + 1
                touched.add(key)
    for key, target in moves.items():
        if orders[key] != target:
            orders[key] = target
            touched.add(key)
    return {key: orders[key] for key in touched}


def write_orders(ctx: Context, model: Any, column: Any, orders: dict[int, int]) -> None:
    """Many orders in one UPDATE."""
    if orders:
        stmt = update(model).where(model.id.in_(orders)).values({column: case(orders, value=model.id)})
        ctx.session.execute(stmt, execution_options={"synchronize_session": False})


def bulk_create(ctx: Context, project_id: int, subjects: list[str], status_id: int | None) -> list[WorkItem]:
    """One epic per subject, all or nothing."""
    project = ctx.session.get(Project, project_id)
    try:
        if project is None:
            raise NotFound()
        load_project(ctx, project_id, EPIC.add)
    except NotFound:
        raise Invalid(code="unknown_project", entity="epic", field="project_id") from None
    bulk_lines(ctx, subjects, "bulk_epics")
    if status_id is not None and ctx.session.scalar(select(Status.id).where(
            Status.id == status_id, statuses_of(project_id, EPIC.name))) is None:  # fmt: skip
        raise Invalid(code="unknown_status", field="status_id")
    assert project is not None
    status = status_id or project.default_epic_status_id
    lines = [{"subject": s, "color": random.choice(COLORS)} for s in subjects]  # noqa: S311 (a display color)
    return bulk.create_items(ctx, EPIC, project, lines, {"status_id": status} if status else {})


def bulk_lines(ctx: Context, lines: list[str], field: str) -> list[str]:
    if not lines:
        raise Invalid(code="blank", field=field)
    if any(len(line) > limits.SUBJECT for line in lines):
        raise Invalid(code="line_too_long", field=field, params={"max": limits.SUBJECT})
    limits.check_lines(field, lines, ctx.env.settings.max_bulk_lines)
    return lines
