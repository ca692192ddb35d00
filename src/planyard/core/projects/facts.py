"""Everything a project renders beyond its own row, loaded in one batched query per relation
for a whole page of projects (never one query per project)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select

from planyard.core.access import ProjectAccess, access_for
from planyard.core.context import Context
from planyard.models import (
    ChangeEntry,
    CustomField,
    ItemOption,
    Lane,
    Membership,
    PointValue,
    Project,
    Role,
    Sprint,
    Status,
    User,
    Vote,
    Watch,
)

PERIODS = {"": None, "_last_week": 7, "_last_month": 30, "_last_year": 365}


@dataclass
class ProjectFacts:
    access: ProjectAccess
    owner: User | None
    members: list[tuple[Membership, User, Role]]
    fans: dict[str, int]
    activity: dict[str, int]
    total_watchers: int
    is_fan: bool
    is_watcher: bool
    notify_level: int | None
    statuses: list[Status] = field(default_factory=list)
    points: list[PointValue] = field(default_factory=list)
    options: list[ItemOption] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    lanes: list[Lane] = field(default_factory=list)
    custom_fields: list[CustomField] = field(default_factory=list)
    sprints: list[Sprint] = field(default_factory=list)
    closed_sprints: int = 0


def load_facts(ctx: Context, projects: list[Project], detail: bool = False) -> dict[int, ProjectFacts]:
    if not projects:
        return {}
    ids = [p.id for p in projects]
    session = ctx.session
    members: dict[int, list[tuple[Membership, User, Role]]] = defaultdict(list)
    for m, u, r in session.execute(
        select(Membership, User, Role)
        .join(User, User.id == Membership.user_id)
        .join(Role, Role.id == Membership.role_id)
        .where(Membership.project_id.in_(ids)).order_by(Membership.id)
    ).tuples():  # fmt: skip
        members[m.project_id].append((m, u, r))
    owner_ids = {p.owner_id for p in projects if p.owner_id}
    owners = {u.id: u for u in session.scalars(select(User).where(User.id.in_(owner_ids)))} if owner_ids else {}
    fans = _counts_by_period(ctx, Vote, Vote.target_id, Vote.target_type == "project", Vote.target_id.in_(ids))
    activity = _counts_by_period(ctx, ChangeEntry, ChangeEntry.project_id, ChangeEntry.project_id.in_(ids))
    watchers = dict(session.execute(
        select(Watch.target_id, func.count()).where(Watch.target_type == "project", Watch.target_id.in_(ids))
        .group_by(Watch.target_id)).tuples().all())  # fmt: skip
    mine_fan: set[int] = set()
    mine_watch: dict[int, int | None] = {}
    if ctx.actor is not None:
        mine_fan = set(
            session.scalars(
                select(Vote.target_id).where(
                    Vote.target_type == "project", Vote.user_id == ctx.actor.id, Vote.target_id.in_(ids)
                )
            )
        )
        mine_watch = dict(
            session.execute(
                select(Watch.target_id, Watch.notify_level).where(
                    Watch.target_type == "project", Watch.user_id == ctx.actor.id, Watch.target_id.in_(ids)
                )
            )
            .tuples()
            .all()
        )
    closed_sprints = dict(session.execute(
        select(Sprint.project_id, func.count()).where(Sprint.project_id.in_(ids), Sprint.closed.is_(True))
        .group_by(Sprint.project_id)).tuples().all())  # fmt: skip
    facts: dict[int, ProjectFacts] = {}
    for p in projects:
        mine = next(((m, r) for m, u, r in members[p.id] if ctx.actor and u.id == ctx.actor.id), (None, None))
        access = access_for(p, ctx.actor_id, bool(ctx.actor and ctx.actor.is_superuser), mine[0], mine[1])
        facts[p.id] = ProjectFacts(
            access=access, owner=owners.get(p.owner_id or 0), members=members[p.id],
            fans={k: v.get(p.id, 0) for k, v in fans.items()},
            activity={k: v.get(p.id, 0) for k, v in activity.items()},
            total_watchers=watchers.get(p.id, 0), is_fan=p.id in mine_fan, is_watcher=p.id in mine_watch,
            notify_level=mine_watch.get(p.id), closed_sprints=closed_sprints.get(p.id, 0),
        )  # fmt: skip
    if detail:
        _load_attributes(ctx, ids, facts)
    return facts


def _counts_by_period(ctx: Context, target: Any, project_column: Any, *where: Any) -> dict[str, dict[int, int]]:
    """Rows per project in total and in the last week, month and year: one grouped query."""
    now = datetime.now(UTC)
    created = target.created_at
    columns = [
        func.count() if days is None else func.sum(case((created >= now - timedelta(days=days), 1), else_=0))
        for days in PERIODS.values()
    ]
    rows = ctx.session.execute(select(project_column, *columns).where(*where).group_by(project_column)).all()
    return {suffix: {row[0]: int(row[n + 1] or 0) for row in rows if row[0] is not None}
            for n, suffix in enumerate(PERIODS)}  # fmt: skip


def _load_attributes(ctx: Context, ids: list[int], facts: dict[int, ProjectFacts]) -> None:
    s = ctx.session
    for st in s.scalars(select(Status).where(Status.project_id.in_(ids)).order_by(Status.order, Status.id)):
        facts[st.project_id].statuses.append(st)
    for pt in s.scalars(
        select(PointValue).where(PointValue.project_id.in_(ids)).order_by(PointValue.order, PointValue.id)
    ):
        facts[pt.project_id].points.append(pt)
    for op in s.scalars(
        select(ItemOption).where(ItemOption.project_id.in_(ids)).order_by(ItemOption.order, ItemOption.id)
    ):
        facts[op.project_id].options.append(op)
    for role in s.scalars(select(Role).where(Role.project_id.in_(ids)).order_by(Role.order, Role.id)):
        facts[role.project_id].roles.append(role)
    for lane in s.scalars(select(Lane).where(Lane.project_id.in_(ids)).order_by(Lane.order, Lane.name, Lane.id)):
        facts[lane.project_id].lanes.append(lane)
    sprints = select(Sprint).where(Sprint.project_id.in_(ids)).order_by(Sprint.estimated_start, Sprint.id)
    for sprint in s.scalars(sprints):
        facts[sprint.project_id].sprints.append(sprint)
    fields = select(CustomField).where(CustomField.project_id.in_(ids)).order_by(CustomField.order, CustomField.id)
    for custom_field in s.scalars(fields):
        facts[custom_field.project_id].custom_fields.append(custom_field)
