"""What a planning view of items (HacknPlan work items) shows beyond their rows, loaded for a whole page
in one query per relation: item types, sprints, priorities, design elements, users, assignees, tags,
logged minutes, sub-items' estimates and minutes, dependencies, cover pictures and ranks (on the item's
sprint or backlog, and among its design element's items). Never one query per item."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, select, tuple_
from sqlalchemy.orm import aliased

from planyard.core.context import Context
from planyard.core.work_items.facts import ASSIGNEES, IDS, by_id
from planyard.core.work_items.kinds import KINDS
from planyard.kit.sql import plain_rows
from planyard.models import (
    Attachment,
    DesignElement,
    DesignElementType,
    ItemOption,
    ItemTag,
    ItemType,
    Sprint,
    Status,
    Tag,
    TimeEntry,
    User,
    WorkItem,
    WorkItemLink,
)  # fmt: skip

DEPENDS_ON = "depends_on"
LOGGED = (
    select(TimeEntry.work_item_id, func.sum(TimeEntry.minutes))
    .where(TimeEntry.work_item_id.in_(IDS))
    .group_by(TimeEntry.work_item_id)
)
SUBITEMS = select(WorkItem.parent_id, WorkItem.id, WorkItem.estimate).where(WorkItem.parent_id.in_(IDS))
DEPENDENCIES = (
    select(WorkItemLink.from_id, WorkItemLink.to_id)
    .where(WorkItemLink.kind == DEPENDS_ON, WorkItemLink.from_id.in_(IDS))
    .order_by(WorkItemLink.id)
)
COVERS = select(Attachment).where(
    Attachment.target_type.in_(list(KINDS)), Attachment.target_id.in_(IDS), Attachment.is_cover.is_(True)
)
ITEM_TAGS = (
    select(ItemTag.work_item_id, Tag).join(Tag, Tag.id == ItemTag.tag_id).where(ItemTag.work_item_id.in_(IDS))
    .order_by(ItemTag.work_item_id, ItemTag.position)
)  # fmt: skip


@dataclass
class PlanFacts:
    item_types: dict[int, ItemType] = field(default_factory=dict)
    statuses: dict[int, Status] = field(default_factory=dict)  # the items' and their dependencies' statuses
    sprints: dict[int, Sprint] = field(default_factory=dict)
    options: dict[int, ItemOption] = field(default_factory=dict)
    design_elements: dict[int, DesignElement] = field(default_factory=dict)
    design_element_types: dict[int, DesignElementType] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    assignees: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    tags: dict[int, list[Tag]] = field(default_factory=lambda: defaultdict(list))
    logged_minutes: dict[int, int] = field(default_factory=dict)
    subitems: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    subitem_estimates: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    subitem_minutes: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    dependencies: dict[int, list[WorkItem]] = field(default_factory=lambda: defaultdict(list))
    covers: dict[int, Attachment] = field(default_factory=dict)
    sprint_rank: dict[int, int] = field(default_factory=dict)
    design_element_rank: dict[int, int] = field(default_factory=dict)


def load_plan_facts(ctx: Context, items: Iterable[WorkItem]) -> PlanFacts:
    items = list(items)
    facts = PlanFacts()
    if not items:
        return facts
    s = ctx.session
    ids = [i.id for i in items]
    batch = {"ids": ids}
    facts.item_types = by_id(s, ItemType, {i.item_type_id for i in items})
    facts.sprints = by_id(s, Sprint, {i.sprint_id for i in items if i.sprint_id})
    facts.options = by_id(s, ItemOption, {i.priority_id for i in items if i.priority_id})
    facts.design_elements = by_id(s, DesignElement, {i.design_element_id for i in items if i.design_element_id})
    facts.design_element_types = by_id(s, DesignElementType, {e.type_id for e in facts.design_elements.values()})
    for item_id, user_id in plain_rows(s, ASSIGNEES, batch):
        facts.assignees[item_id].append(user_id)
    for item_id, tag in s.execute(ITEM_TAGS, batch):
        facts.tags[item_id].append(tag)
    facts.logged_minutes = {k: int(v or 0) for k, v in plain_rows(s, LOGGED, batch)}
    children: list[int] = []
    for parent_id, child_id, estimate in plain_rows(s, SUBITEMS, batch):
        assert parent_id is not None
        facts.subitems[parent_id].append(child_id)
        facts.subitem_estimates[parent_id] += estimate or 0
        children.append(child_id)
    if children:
        child_parent = {c: p for p, cs in facts.subitems.items() for c in cs}
        for child_id, minutes in plain_rows(s, LOGGED, {"ids": children}):
            facts.subitem_minutes[child_parent[child_id]] += int(minutes or 0)
    links = plain_rows(s, DEPENDENCIES, batch)
    targets = by_id(s, WorkItem, {to_id for _, to_id in links})
    for from_id, to_id in links:
        if to_id in targets:
            facts.dependencies[from_id].append(targets[to_id])
    facts.statuses = by_id(s, Status, {x.status_id for x in [*items, *targets.values()] if x.status_id})
    kinds = {i.id: i.kind for i in items}
    facts.covers = {a.target_id: a for a in s.scalars(COVERS, batch) if a.target_type == kinds[a.target_id]}
    user_ids = {i.owner_id for i in items if i.owner_id} | {u for us in facts.assignees.values() for u in us}
    user_ids |= {a.owner_id for a in facts.covers.values() if a.owner_id}
    facts.users = by_id(s, User, user_ids)
    facts.sprint_rank = _ranks(ctx, items, "sprint")
    facts.design_element_rank = _ranks(ctx, [i for i in items if i.design_element_id], "design_element")
    return facts


OTHER = aliased(WorkItem, name="other")


def _before(order: str, same_place: Any) -> Any:
    """How many items of the project sit before each item in the place `same_place` names, by `order`
    then id (a range count on the place's order index)."""
    mine, theirs = getattr(WorkItem, order), getattr(OTHER, order)
    return (select(func.count()).where(OTHER.project_id == WorkItem.project_id, same_place,
                                       tuple_(theirs, OTHER.id) < tuple_(mine, WorkItem.id))
            .correlate(WorkItem).scalar_subquery())  # fmt: skip


SPRINT_RANKS = select(WorkItem.id, 1 + case(
    (WorkItem.sprint_id.is_(None), _before("backlog_order", OTHER.sprint_id.is_(None))),
    else_=_before("sprint_order", OTHER.sprint_id == WorkItem.sprint_id),
)).where(WorkItem.id.in_(IDS))  # fmt: skip
DESIGN_ELEMENT_RANKS = select(
    WorkItem.id, 1 + _before("backlog_order", OTHER.design_element_id == WorkItem.design_element_id)
).where(WorkItem.id.in_(IDS), WorkItem.design_element_id.isnot(None))


def _ranks(ctx: Context, items: list[WorkItem], by: str) -> dict[int, int]:
    """1-based ranks: on a sprint by `sprint_order`, in the backlog by `backlog_order`, under a design
    element by `backlog_order`."""
    if not items:
        return {}
    stmt = SPRINT_RANKS if by == "sprint" else DESIGN_ELEMENT_RANKS
    return {item_id: int(rank) for item_id, rank in plain_rows(ctx.session, stmt, {"ids": [i.id for i in items]})}
