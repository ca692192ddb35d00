"""What work items render beyond their own row, loaded for a whole page in one query per relation:
statuses, users, projects, sprints, vote and watch counts (and the actor's own), assignees, points
per role, attachment counts, tags. Never one query per item."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import BindParameter, Select, bindparam, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from planyard.core.context import Context
from planyard.core.tags import store as tag_store
from planyard.core.work_items.kinds import KINDS as PROFILE_OF
from planyard.kit.sql import bound_ids, plain_rows
from planyard.models import (
    Attachment,
    Comment,
    ItemOption,
    PointValue,
    Project,
    RolePoints,
    Sprint,
    Status,
    User,
    Vote,
    Watch,
    WorkItem,
    WorkItemAssignee,
)  # fmt: skip
from planyard.models.comment import SHOWN_COMMENT

M = TypeVar("M")


@dataclass
class ItemFacts:
    statuses: dict[int, Status] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    projects: dict[int, Project] = field(default_factory=dict)
    sprints: dict[int, Sprint] = field(default_factory=dict)
    options: dict[int, ItemOption] = field(default_factory=dict)
    parents: dict[int, WorkItem] = field(default_factory=dict)
    voters: dict[int, int] = field(default_factory=dict)
    watchers: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    my_votes: set[int] = field(default_factory=set)
    assignees: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    role_points: dict[int, dict[int, int | None]] = field(default_factory=lambda: defaultdict(dict))
    point_values: dict[int, float | None] = field(default_factory=dict)
    attachments: dict[int, int] = field(default_factory=dict)
    tags: dict[int, list[tuple[str, str | None]]] = field(default_factory=dict)  # (name, color) in item order
    rendered: dict[str, Any] = field(default_factory=dict)  # a dialect's shapes of the shared rows, built once

    def total_points(self, item_id: int) -> float | None:
        values = self.point_values
        numbers = [v for p in self.role_points.get(item_id, {}).values() if p and (v := values.get(p)) is not None]
        return float(sum(numbers)) if numbers else None


# The batched look-ups, built once: ids and kinds are bound at each call (a statement built per call
# cost a third of the loading); the ids as one JSON list (see kit/sql.bound_ids).
IDS = bound_ids("ids")
KINDS: BindParameter[list[str]] = bindparam("kinds", expanding=True)
VOTES = (
    select(Vote.target_id, func.count(), func.sum(case((Vote.user_id == bindparam("actor"), 1), else_=0)))
    .where(Vote.target_type.in_(KINDS), Vote.target_id.in_(IDS))
    .group_by(Vote.target_id)
)
WATCHERS = (
    select(Watch.target_id, Watch.user_id)
    .where(Watch.target_type.in_(KINDS), Watch.target_id.in_(IDS))
    .order_by(Watch.id)
)
ASSIGNEES = select(WorkItemAssignee.work_item_id, WorkItemAssignee.user_id).where(
    WorkItemAssignee.work_item_id.in_(IDS)
)
ROLE_POINTS = select(RolePoints.work_item_id, RolePoints.role_id, RolePoints.points_id).where(
    RolePoints.work_item_id.in_(IDS)
)
POINT_VALUES = select(PointValue.id, PointValue.value).where(PointValue.id.in_(IDS))
ATTACHMENT_COUNTS = (
    select(Attachment.target_id, func.count())
    .where(Attachment.target_type.in_(KINDS), Attachment.target_id.in_(IDS))
    .group_by(Attachment.target_id)
)
# Shown comments per item of one kind (`total_comments`), counted off their partial index.
COMMENT_COUNTS = (
    select(Comment.target_id, func.count())
    .where(Comment.target_type == bindparam("target_type"), Comment.target_id.in_(IDS), SHOWN_COMMENT)
    .group_by(Comment.target_id)
)
_BY_ID: dict[type, Select[Any]] = {}  # by_id's statement for each model


def load_item_facts(ctx: Context, items: Iterable[WorkItem]) -> ItemFacts:
    items = list(items)
    facts = ItemFacts()
    if not items:
        return facts
    s = ctx.session
    kinds = list({i.kind for i in items})
    batch = {"ids": [i.id for i in items], "kinds": kinds, "actor": ctx.actor_id}
    facts.statuses = by_id(s, Status, {i.status_id for i in items if i.status_id})
    facts.projects = by_id(s, Project, {i.project_id for i in items})
    facts.sprints = by_id(s, Sprint, {i.sprint_id for i in items if i.sprint_id})
    facts.options = by_id(s, ItemOption, {x for i in items for x in (i.type_id, i.priority_id, i.severity_id) if x})
    facts.parents = by_id(s, WorkItem, {i.parent_id for i in items if i.parent_id})
    for target_id, total, own in plain_rows(s, VOTES, batch):
        facts.voters[target_id] = total
        if own:
            facts.my_votes.add(target_id)
    for target_id, user_id in plain_rows(s, WATCHERS, batch):
        facts.watchers[target_id].append(user_id)
    for item_id, user_id in plain_rows(s, ASSIGNEES, batch):
        facts.assignees[item_id].append(user_id)
    if any(PROFILE_OF[kind].holds_subitems for kind in kinds):  # role points
        for item_id, role_id, points_id in plain_rows(s, ROLE_POINTS, batch):
            facts.role_points[item_id][role_id] = points_id
        point_ids = [p for p in {p for per in facts.role_points.values() for p in per.values()} if p]
        if point_ids:
            facts.point_values = dict(plain_rows(s, POINT_VALUES, {"ids": point_ids}))
    facts.attachments = dict(plain_rows(s, ATTACHMENT_COUNTS, batch))
    facts.tags = tag_store.item_tags(s, [i.id for i in items])
    user_ids = {u for i in items for u in (i.owner_id, i.assigned_to_id) if u}
    user_ids |= {u for users in facts.assignees.values() for u in users}
    facts.users = by_id(s, User, user_ids)
    return facts


def items_with_facts(ctx: Context, ids: Iterable[int]) -> tuple[dict[int, WorkItem], ItemFacts]:
    """The items among `ids` that still exist, and their facts (one query per table)."""
    items = by_id(ctx.session, WorkItem, set(ids))
    return items, load_item_facts(ctx, items.values())


def by_id(session: Session, model: type[M], ids: set[int]) -> dict[int, M]:
    """The rows with these ids: those the session holds (the identity map keeps what the request still
    references, such as the actor) without a query, the others in one query."""
    found: dict[int, M] = {}
    for row_id in ids:
        held = session.identity_map.get(identity_key(model, row_id))
        if held is not None:
            found[row_id] = held
    missing = ids - found.keys()
    if missing:
        statement = _BY_ID.get(model)
        if statement is None:
            statement = _BY_ID[model] = select(model).where(model.id.in_(IDS))  # type: ignore[attr-defined]
        found |= {row.id: row for row in session.scalars(statement, {"ids": list(missing)})}
    return found


def watched_by(facts: ItemFacts, item_id: int, user_id: int | None) -> bool:
    return user_id is not None and user_id in facts.watchers.get(item_id, [])
