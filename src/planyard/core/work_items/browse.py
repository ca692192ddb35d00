"""Browsing a filtered list of tasks or issues: its ordering, an item's neighbours in it, and the
per-facet counts of `filters_data` (each facet counted with every filter but its own, as Taiga does)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from planyard.core.access import ProjectAccess, load_project
from planyard.core.context import Context
from planyard.core.tags import store as tag_store
from planyard.core.users import display_name
from planyard.core.work_items.facts import COMMENT_COUNTS
from planyard.core.work_items.kinds import STORY, ItemProfile
from planyard.core.work_items.queries import items_query
from planyard.core.workflows import statuses_of
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.filters import FilterSet
from planyard.kit.query import ListQuery
from planyard.kit.sql import plain_rows
from planyard.models import (
    Attachment,
    ItemOption,
    Membership,
    Project,
    Role,
    Status,
    User,
    WorkItem,
    WorkItemLink,
)

EPIC = aliased(WorkItem, name="epic")  # built once: an alias proxies every column


def bulk_project(ctx: Context, project_id: int, permission: str) -> tuple[Project, ProjectAccess]:
    """The project a bulk request names in its body: unknown or invisible is a 400 on `project_id`."""
    try:
        return load_project(ctx, project_id, permission)
    except NotFound:
        raise Invalid(code="unknown_project", field="project_id") from None


def filtered(
    ctx: Context, kind: ItemProfile, filters: FilterSet, query: ListQuery, skip: Iterable[str] = ()
) -> Select[Any]:
    """The kind's visible items under the query's filters but those in `skip` (ordering left to the caller)."""
    return filters.where(items_query(ctx, kind), query.without(*skip))


def neighbors(ctx: Context, stmt: Select[Any], order: list[Any], item: WorkItem) -> dict[str, Any]:
    """The items just before and after `item` in the same project under the same filters and order."""
    ranked = (
        stmt.where(WorkItem.project_id == item.project_id)
        .with_only_columns(
            WorkItem.id.label("id"),
            func.lag(WorkItem.id).over(order_by=order).label("prev_id"),
            func.lead(WorkItem.id).over(order_by=order).label("next_id"),
        )
        .order_by(None)
        .subquery()
    )
    row = ctx.session.execute(select(ranked.c.prev_id, ranked.c.next_id).where(ranked.c.id == item.id)).first()
    ids = [i for i in (row or (None, None)) if i is not None]
    found = {r.id: r for r in ctx.session.execute(
        select(WorkItem.id, WorkItem.ref, WorkItem.subject).where(WorkItem.id.in_(ids)))} if ids else {}  # fmt: skip
    prev_id, next_id = row or (None, None)

    def entry(item_id: int | None) -> dict[str, Any] | None:
        r = found.get(item_id or 0)
        return {"id": r.id, "ref": r.ref, "subject": r.subject} if r else None

    return {"previous": entry(prev_id), "next": entry(next_id)}


def count_by(ctx: Context, stmt: Select[Any], column: Any) -> dict[Any, int]:
    sub = stmt.order_by(None).with_only_columns(column.label("key")).subquery()
    return dict(ctx.session.execute(select(sub.c.key, func.count()).group_by(sub.c.key)).all())


def counted_statuses(ctx: Context, project_id: int, kind: str, counts: dict[Any, int]) -> list[dict[str, Any]]:
    rows = ctx.session.scalars(select(Status).where(statuses_of(project_id, kind))
                               .order_by(Status.order, Status.id))  # fmt: skip
    return [{"id": s.id, "name": s.name, "color": s.color, "order": s.order, "count": counts.get(s.id, 0)}
            for s in rows]  # fmt: skip


def counted_options(ctx: Context, project_id: int, kind: str, counts: dict[Any, int]) -> list[dict[str, Any]]:
    rows = ctx.session.scalars(select(ItemOption).where(ItemOption.project_id == project_id,
                               ItemOption.kind == kind).order_by(ItemOption.order, ItemOption.id))  # fmt: skip
    return [{"id": o.id, "name": o.name, "color": o.color, "order": o.order, "count": counts.get(o.id, 0)}
            for o in rows]  # fmt: skip


def counted_assignees(ctx: Context, project_id: int, counts: dict[Any, int]) -> list[dict[str, Any]]:
    """Every member with its count, plus the unassigned (id null); sorted by name like Taiga. Each row
    keeps its `user` for the dialects that show more of them."""
    rows = [{"id": u.id, "full_name": display_name(u), "count": counts.get(u.id, 0), "user": u}
            for u in _members(ctx, project_id)]  # fmt: skip
    rows.append({"id": None, "full_name": "", "count": counts.get(None, 0), "user": None})
    return sorted(rows, key=lambda r: r["full_name"])


def counted_owners(ctx: Context, project_id: int, counts: dict[Any, int]) -> list[dict[str, Any]]:
    """The members who created at least one of the items."""
    rows = [{"id": u.id, "full_name": display_name(u), "count": counts.get(u.id, 0), "user": u}
            for u in _members(ctx, project_id)]  # fmt: skip
    return sorted((r for r in rows if r["count"]), key=lambda r: r["full_name"])


def counted_tags(ctx: Context, project: Project, stmt: Select[Any]) -> list[dict[str, Any]]:
    """The project's tags (with colors) and how many of the items carry each, by name."""
    items = stmt.order_by(None).with_only_columns(WorkItem.id)
    return sorted(({"name": tag.name, "color": tag.color, "count": count}
                   for tag, count in tag_store.counted_palette(ctx.session, project.id, items)),
                  key=lambda r: r["name"])  # fmt: skip


def counted_roles(ctx: Context, project_id: int, stmt: Select[Any]) -> list[dict[str, Any]]:
    """Items per role of their assignee."""
    sub = stmt.order_by(None).with_only_columns(WorkItem.id, WorkItem.assigned_to_id).subquery()
    counts = dict(ctx.session.execute(
        select(Membership.role_id, func.count(func.distinct(sub.c.id)))
        .join(sub, sub.c.assigned_to_id == Membership.user_id)
        .where(Membership.project_id == project_id).group_by(Membership.role_id)).all())  # fmt: skip
    roles = ctx.session.scalars(select(Role).where(Role.project_id == project_id).order_by(Role.order, Role.id))
    return [{"id": r.id, "name": r.name, "color": None, "order": r.order, "count": counts.get(r.id, 0)}
            for r in roles]  # fmt: skip


def _members(ctx: Context, project_id: int) -> list[User]:
    return list(ctx.session.scalars(select(User).join(Membership, Membership.user_id == User.id)
                                    .where(Membership.project_id == project_id).order_by(Membership.id)))  # fmt: skip


def shifted_orders(base: dict[int, int], moves: dict[int, int]) -> dict[int, int]:
    """Puts each moved item at its requested order; every other item at or after that position (up to
    where the moved one came from, when it moves back) goes one further, so positions stay distinct.
    Returns the orders that changed. Moves of items outside `base` are ignored."""
    current = dict(base)
    changed: set[int] = set()
    moves = {k: v for k, v in moves.items() if k in current}
    for moved, target in sorted(moves.items(), key=lambda e: e[1]):
        origin = current[moved]
        for other, value in current.items():
            if (target <= origin and target <= value < origin) or (target >= origin and value >= target):
                current[other] = value + 1
                changed.add(other)
    for moved, target in moves.items():
        if current[moved] != target:
            current[moved] = target
            changed.add(moved)
    return {k: current[k] for k in changed if current[k] != base[k]}


@dataclass
class PageExtras:
    """What task and issue shapes show beyond ItemFacts, loaded for a whole page."""

    comments: dict[int, int] = field(default_factory=dict)
    generated: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    attachments: dict[int, list[Attachment]] = field(default_factory=lambda: defaultdict(list))
    story_epics: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))


def load_page_extras(ctx: Context, kind: ItemProfile, items: list[WorkItem], include_attachments: bool) -> PageExtras:
    extras = PageExtras()
    if not items:
        return extras
    s = ctx.session
    ids = [i.id for i in items]
    extras.comments = dict(plain_rows(s, COMMENT_COUNTS, {"target_type": kind.target_type, "ids": ids}))
    generated = select(WorkItem.generated_from_id, WorkItem.id, WorkItem.ref, WorkItem.subject).where(
        WorkItem.generated_from_id.in_(ids), WorkItem.kind == STORY.name).order_by(WorkItem.id)  # fmt: skip
    for source_id, story_id, ref, subject in s.execute(generated):
        if source_id is not None:
            extras.generated[source_id].append({"id": story_id, "ref": ref, "subject": subject})
    if include_attachments:
        for att in s.scalars(select(Attachment).where(
                Attachment.target_type == kind.target_type, Attachment.target_id.in_(ids),
                Attachment.is_deprecated.is_(False)).order_by(Attachment.order, Attachment.id)):  # fmt: skip
            extras.attachments[att.target_id].append(att)
    story_ids = {i.parent_id for i in items if i.parent_id}
    if story_ids:
        rows = s.execute(select(WorkItemLink.to_id, EPIC, Project.name, Project.slug)
                         .join(EPIC, EPIC.id == WorkItemLink.from_id).join(Project, Project.id == EPIC.project_id)
                         .where(WorkItemLink.kind == "epic_story", WorkItemLink.to_id.in_(story_ids))
                         .order_by(Project.name, EPIC.ref))  # fmt: skip
        for story_id, e, name, slug in rows:
            project = {"id": e.project_id, "name": name, "slug": slug}
            extras.story_epics[story_id].append(
                {"id": e.id, "ref": e.ref, "subject": e.subject, "color": e.color, "project": project}
            )
    return extras
