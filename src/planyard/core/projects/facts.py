"""Everything a project renders beyond its own row, loaded in one batched query per relation
for a whole page of projects (never one query per project)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Integer, Row, and_, bindparam, case, func, or_, select

from planyard.core import workspace_fields
from planyard.core.access import ProjectAccess, access_for, standings
from planyard.core.context import Context
from planyard.core.notify_policies import watching
from planyard.core.tags import store as tag_store
from planyard.core.user_project_settings import start_section
from planyard.kit.errors import NotFound
from planyard.kit.sql import bound_ids
from planyard.models import (
    Board,
    ChangeEntry,
    CustomField,
    DueDateLevel,
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
    # The detail's attribute lists are plain rows (read-only, with the models' attribute names): the
    # project detail is the most read object, and rows cost a third of ORM objects to load.
    statuses: list[Row[Any]] = field(default_factory=list)
    points: list[Row[Any]] = field(default_factory=list)
    options: list[Row[Any]] = field(default_factory=list)
    roles: list[Row[Any]] = field(default_factory=list)
    lanes: list[Row[Any]] = field(default_factory=list)
    sprints: list[Row[Any]] = field(default_factory=list)
    due_dates: list[Row[Any]] = field(default_factory=list)
    custom_fields: list[CustomField] = field(default_factory=list)  # own fields, then workspace fields
    field_options: dict[int, dict[int, str]] = field(default_factory=dict)  # workspace selects' options
    closed_sprints: int = 0
    tags: list[str] = field(default_factory=list)  # the tags the project carries
    tags_colors: list[tuple[str, str | None]] = field(default_factory=list)  # its palette, in order
    viewer_known: bool = False  # a logged-in viewer (who may have chosen a start section)
    start_section: int | None = None  # the section the viewer chose to open the project on, if any


def _period_counts(created: Any) -> list[Any]:
    """Rows in total, then in each of the last week, month and year (bound as :last_week, ...)."""
    return [func.count(), *(func.sum(case((created >= bindparam(name[1:]), 1), else_=0)) for name in PERIODS if name)]


_IDS = bound_ids("ids")  # one JSON list (see kit/sql.bound_ids)
_ACTOR = bindparam("actor", type_=Integer)
# Built once: per request only the parameters change (statement construction dominated this read).
MEMBERS = (
    select(Membership, User, Role)
    .join(User, User.id == Membership.user_id)
    .join(Role, Role.id == Membership.role_id)
    .where(Membership.project_id.in_(_IDS))
    .order_by(Membership.id)
)
OWNERS = select(User).where(User.id.in_(bound_ids("owner_ids")))
FANS = (
    select(Vote.target_id, *_period_counts(Vote.created_at), func.sum(case((Vote.user_id == _ACTOR, 1), else_=0)))
    .where(Vote.target_type == "project", Vote.target_id.in_(_IDS))
    .group_by(Vote.target_id)
)
ACTIVITY = (
    select(ChangeEntry.project_id, *_period_counts(ChangeEntry.created_at))
    .where(ChangeEntry.project_id.in_(_IDS))
    .group_by(ChangeEntry.project_id)
)
WATCHERS = (  # a policy at level none is kept but watches nothing (core.notify_policies)
    select(
        Watch.target_id,
        func.sum(case((watching(), 1), else_=0)),
        func.sum(case((and_(Watch.user_id == _ACTOR, watching()), 1), else_=0)),
        func.max(case((Watch.user_id == _ACTOR, Watch.notify_level))),
    )
    .where(Watch.target_type == "project", Watch.target_id.in_(_IDS))
    .group_by(Watch.target_id)
)
CLOSED_SPRINTS = (
    select(Sprint.project_id, func.count())
    .where(Sprint.project_id.in_(_IDS), Sprint.closed.is_(True))
    .group_by(Sprint.project_id)
)
ATTRIBUTE_ROWS = {
    "statuses": select(*[c for c in Status.__table__.c if c.name != "project_id"], Board.project_id)  # of its boards
    .join(Board, and_(Board.workflow_id == Status.workflow_id, Board.profile == Status.kind))
    .where(Board.project_id.in_(_IDS))
    .order_by(Status.order, Status.id),
    "points": select(PointValue.__table__)
    .where(PointValue.project_id.in_(_IDS))
    .order_by(PointValue.order, PointValue.id),
    "options": select(ItemOption.__table__)
    .where(ItemOption.project_id.in_(_IDS))
    .order_by(ItemOption.order, ItemOption.id),
    "roles": select(Role.__table__).where(Role.project_id.in_(_IDS)).order_by(Role.order, Role.id),
    "lanes": select(Lane.__table__).where(Lane.project_id.in_(_IDS)).order_by(Lane.order, Lane.name, Lane.id),
    "sprints": select(Sprint.__table__).where(Sprint.project_id.in_(_IDS)).order_by(Sprint.estimated_start, Sprint.id),
    "due_dates": select(DueDateLevel.__table__)
    .where(DueDateLevel.project_id.in_(_IDS))
    .order_by(DueDateLevel.order, DueDateLevel.id),
}
# A project's own fields, then the workspace fields of its workspace (listed with its story fields).
CUSTOM_FIELDS = (
    select(Project.id, CustomField)
    .join(Project, or_(Project.id == CustomField.project_id,
                       and_(CustomField.project_id.is_(None), CustomField.kind == workspace_fields.KIND,
                            CustomField.workspace_id == Project.workspace_id)))
    .where(Project.id.in_(_IDS))
    .order_by(CustomField.project_id.is_(None), CustomField.order, CustomField.id)
)  # fmt: skip


def load_detail(ctx: Context, project_id: int) -> tuple[Project, ProjectFacts]:
    """A project the actor may view with everything its detail renders (its access comes from the
    members loaded for it: no separate membership query); NotFound when it is missing or hidden."""
    project = ctx.session.get(Project, project_id)
    project_facts = load_facts(ctx, [project], detail=True)[project_id] if project else None
    if project is None or project_facts is None or not project_facts.access.can("view_project"):
        raise NotFound(entity="project")
    return project, project_facts


def load_facts(ctx: Context, projects: list[Project], detail: bool = False) -> dict[int, ProjectFacts]:
    if not projects:
        return {}
    ids = [p.id for p in projects]
    session = ctx.session
    session.flush()  # some reads below bypass the ORM (and its autoflush): pending writes go first
    now = datetime.now(UTC)
    params: dict[str, Any] = {"ids": ids, "actor": ctx.actor_id}
    params |= {name[1:]: now - timedelta(days=days) for name, days in PERIODS.items() if days}
    members: dict[int, list[tuple[Membership, User, Role]]] = defaultdict(list)
    users: dict[int, User] = {}
    for m, u, r in session.execute(MEMBERS, params):
        members[m.project_id].append((m, u, r))
        users[u.id] = u
    missing_owners = list({p.owner_id for p in projects if p.owner_id and p.owner_id not in users})
    if missing_owners:
        users |= {u.id: u for u in session.scalars(OWNERS, {"owner_ids": missing_owners})}
    counts = session.connection()  # plain aggregate rows: no ORM layer needed
    fans, mine_fan = _by_period(counts.execute(FANS, params).all(), with_mine=True)
    activity, _ = _by_period(counts.execute(ACTIVITY, params).all(), with_mine=False)
    watchers = {row[0]: row[1:] for row in counts.execute(WATCHERS, params)}
    closed_sprints = {} if detail else dict(counts.execute(CLOSED_SPRINTS, params).all())  # detail: counted below
    own_tags, palettes = tag_store.project_tags(session, ids), tag_store.palette_pairs(session, ids)
    facts: dict[int, ProjectFacts] = {}
    mine = standings(session, ctx.actor.id, ids) if ctx.actor else {}
    for p in projects:
        access = access_for(p, ctx.actor_id, bool(ctx.actor and ctx.actor.is_superuser), mine.get(p.id))
        total_watchers, watching, notify_level = watchers.get(p.id, (0, 0, None))
        facts[p.id] = ProjectFacts(
            access=access, owner=users.get(p.owner_id or 0), members=members[p.id],
            fans={k: v.get(p.id, 0) for k, v in fans.items()},
            activity={k: v.get(p.id, 0) for k, v in activity.items()},
            total_watchers=total_watchers, is_fan=p.id in mine_fan, is_watcher=bool(watching),
            notify_level=notify_level, closed_sprints=closed_sprints.get(p.id, 0),
            tags=own_tags.get(p.id, []), tags_colors=palettes.get(p.id, []),
            viewer_known=ctx.actor is not None, start_section=start_section(ctx, p.id),
        )  # fmt: skip
    if detail:
        _load_attributes(ctx, params, facts)
    return facts


def _by_period(rows: Sequence[Any], with_mine: bool) -> tuple[dict[str, dict[int, int]], set[int]]:
    """{period suffix: {project id: count}} from rows (project id, total, week, month, year[, mine])."""
    counts = {suffix: {row[0]: int(row[n + 1] or 0) for row in rows} for n, suffix in enumerate(PERIODS)}
    mine = {row[0] for row in rows if with_mine and row[-1]}
    return counts, mine


def _load_attributes(ctx: Context, params: dict[str, Any], facts: dict[int, ProjectFacts]) -> None:
    connection = ctx.session.connection()
    for name, statement in ATTRIBUTE_ROWS.items():
        for row in connection.execute(statement, params):
            getattr(facts[row.project_id], name).append(row)
    for project_facts in facts.values():
        project_facts.closed_sprints = sum(1 for sprint in project_facts.sprints if sprint.closed)
    shared: list[int] = []
    for project_id, custom_field in ctx.session.execute(CUSTOM_FIELDS, params):
        facts[project_id].custom_fields.append(custom_field)
        if custom_field.project_id is None and custom_field.type == "dropdown":
            shared.append(custom_field.id)
    if shared:
        options = workspace_fields.option_values(ctx, sorted(set(shared)))
        for project_facts in facts.values():
            project_facts.field_options = options
