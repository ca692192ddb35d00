"""What a user's profile shows: stats, contacts, and the content they watch, like or vote,
limited to what the acting user may see."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, String, and_, cast, false, func, literal, or_, select, union_all
from sqlalchemy.sql import Subquery

from planyard.core.access import access_for, standings
from planyard.core.context import Context
from planyard.core.notify_policies import watching
from planyard.core.tags import store as tag_store
from planyard.core.users import get_user, visible_project_ids
from planyard.core.work_items.kinds import KINDS, STORY, ItemProfile
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import Membership, Project, Role, Status, User, Vote, Watch, WorkItem, WorkItemAssignee


@dataclass(frozen=True)
class UserStats:
    roles: list[str]
    total_num_closed_userstories: int
    total_num_contacts: int
    total_num_projects: int


def _shared_project_ids(ctx: Context, user_id: int) -> Select[Any]:
    """Projects the user is a member of that the actor may see."""
    return select(Membership.project_id).where(
        Membership.user_id == user_id, Membership.project_id.in_(visible_project_ids(ctx))
    )


def stats(ctx: Context, user_id: int) -> UserStats:
    user = get_user(ctx, user_id)
    projects = _shared_project_ids(ctx, user.id)
    roles = ctx.session.scalars(
        select(Role.name)
        .join(Membership, Membership.role_id == Role.id)
        .where(Membership.user_id == user.id, Membership.project_id.in_(projects))
        .distinct()
        .order_by(Role.name)
    ).all()
    contacts = ctx.session.scalar(select(func.count()).select_from(_contacts(user.id, projects).subquery()))
    total_projects = ctx.session.scalar(select(func.count()).select_from(projects.subquery()))
    return UserStats(list(roles), _closed_stories(ctx, user.id, projects), contacts or 0, total_projects or 0)


def _closed_stories(ctx: Context, user_id: int, projects: Select[Any]) -> int:
    """Closed user stories of those projects assigned to the user (assigned_to or among the assignees)."""
    assignee = select(WorkItemAssignee.work_item_id).where(WorkItemAssignee.user_id == user_id)
    count = select(func.count()).select_from(WorkItem).where(
        WorkItem.kind == STORY.name, WorkItem.is_closed.is_(True), WorkItem.project_id.in_(projects),
        or_(WorkItem.assigned_to_id == user_id, WorkItem.id.in_(assignee)),
    )  # fmt: skip
    return ctx.session.scalar(count) or 0


def _contacts(user_id: int, projects: Select[Any]) -> Select[Any]:
    return (
        select(Membership.user_id)
        .join(User, User.id == Membership.user_id)
        .where(Membership.project_id.in_(projects), Membership.user_id != user_id, User.is_active.is_(True))
        .distinct()
    )


def contacts_query(ctx: Context, user_id: int, q: str | None, exclude_project: int | None) -> Select[User]:
    """Active users who share a project with the user, in projects the actor may see."""
    user = get_user(ctx, user_id)
    stmt = select(User).where(User.id.in_(_contacts(user.id, _shared_project_ids(ctx, user.id))))
    if exclude_project is not None:
        in_excluded = select(Membership.user_id).where(Membership.project_id == exclude_project)
        stmt = stmt.where(User.id.not_in(in_excluded.where(Membership.user_id.is_not(None))))
    if q:
        text = func.lower(User.username + " " + User.full_name + " " + User.email)
        stmt = stmt.where(text.contains(q.lower(), autoescape=True))
    return stmt.order_by(User.full_name + User.username, User.id)


def projects_with_actor(ctx: Context, user_ids: list[int]) -> dict[int, list[Project]]:
    """For each user, the projects they share with the actor (one query)."""
    if ctx.actor is None or not user_ids:
        return {}
    mine = select(Membership.project_id).where(Membership.user_id == ctx.actor.id)
    rows = ctx.session.execute(
        select(Membership.user_id, Project)
        .join(Project, Project.id == Membership.project_id)
        .where(Membership.user_id.in_(user_ids), Membership.project_id.in_(mine))
        .order_by(Project.name, Project.id)
    )
    shared: dict[int, list[Project]] = defaultdict(list)
    for user_id, project in rows:
        shared[user_id or 0].append(project)
    return shared


# --- Watched, liked and voted content --------------------------------------------------------

ContentRow = dict[str, Any]


@dataclass(frozen=True)
class ContentKind:
    """One kind of content users watch, like or vote. `keys` turns the user's watch/vote rows
    (target_id, created_at) into (type, id, project_id, created_date, search); `details` loads the
    wire facts of a page of ids at once."""

    type: str
    permission: str
    keys: Callable[[Subquery], Select[Any]]
    details: Callable[[Context, list[int]], dict[int, ContentRow]]


def _project_keys(action: Subquery) -> Select[Any]:
    return select(
        literal("project").label("type"), Project.id.label("id"), Project.id.label("project_id"),
        action.c.created_at.label("created_date"), Project.name.label("search"),
    ).join(action, action.c.target_id == Project.id)  # fmt: skip


def _project_details(ctx: Context, ids: list[int]) -> dict[int, ContentRow]:
    projects = ctx.session.scalars(select(Project).where(Project.id.in_(ids))).all()
    own_tags, palettes = tag_store.project_tags(ctx.session, ids), tag_store.palette_pairs(ctx.session, ids)
    return {p.id: {"project": p, "tags": own_tags.get(p.id, []), "tags_colors": palettes.get(p.id, [])}
            for p in projects}  # fmt: skip


def _item_kind(profile: ItemProfile) -> ContentKind:
    def keys(action: Subquery) -> Select[Any]:
        return select(
            literal(profile.name).label("type"), WorkItem.id.label("id"), WorkItem.project_id.label("project_id"),
            action.c.created_at.label("created_date"),
            (WorkItem.subject + " " + cast(WorkItem.ref, String)).label("search"),
        ).join(action, action.c.target_id == WorkItem.id).where(WorkItem.kind == profile.name)  # fmt: skip

    return ContentKind(profile.name, profile.view, keys, _item_details)


def _item_details(ctx: Context, ids: list[int]) -> dict[int, ContentRow]:
    """Each item with its status, assignee and project (one query), and its tags with their colors."""
    rows = ctx.session.execute(
        select(WorkItem, Status, User, Project)
        .join(Project, Project.id == WorkItem.project_id)
        .outerjoin(Status, Status.id == WorkItem.status_id)
        .outerjoin(User, User.id == WorkItem.assigned_to_id)
        .where(WorkItem.id.in_(ids))
    )  # fmt: skip
    tags = tag_store.item_tags(ctx.session, ids)
    return {item.id: {"item": item, "status": status, "assignee": user, "project": project,
                      "tags_colors": tags.get(item.id, [])}
            for item, status, user, project in rows}  # fmt: skip


PROJECT = ContentKind("project", "view_project", _project_keys, _project_details)
ITEMS = {profile.name: _item_kind(profile) for profile in KINDS.values()}
WATCHABLE: dict[str, ContentKind] = {"project": PROJECT} | ITEMS
LIKABLE: dict[str, ContentKind] = {"project": PROJECT}
VOTABLE: dict[str, ContentKind] = dict(ITEMS)


@dataclass
class ContentEntry:
    type: str
    id: int
    created_date: Any
    facts: ContentRow
    total_watchers: int
    total_votes: int
    is_watcher: bool
    is_voter: bool


def watched(ctx: Context, user_id: int, type: str | None, q: str | None, query: ListQuery) -> Page[ContentEntry]:
    return _content(ctx, user_id, Watch, WATCHABLE, type, q, query)


def liked(ctx: Context, user_id: int, q: str | None, query: ListQuery) -> Page[ContentEntry]:
    return _content(ctx, user_id, Vote, LIKABLE, None, q, query)


def voted(ctx: Context, user_id: int, type: str | None, q: str | None, query: ListQuery) -> Page[ContentEntry]:
    return _content(ctx, user_id, Vote, VOTABLE, type, q, query)


def shows_content(registry: dict[str, ContentKind], type: str | None) -> bool:
    """Whether the registry holds content of `type` (any, when None or blank)."""
    return any(type in (None, "", k.type) for k in registry.values())


def _content(
    ctx: Context, user_id: int, table: type[Vote] | type[Watch], registry: dict[str, ContentKind],
    type: str | None, q: str | None, query: ListQuery,
) -> Page[ContentEntry]:  # fmt: skip
    user = get_user(ctx, user_id)
    kinds = [k for k in registry.values() if type in (None, "", k.type)]
    if not kinds:
        return Page([], 0)
    union = union_all(*(k.keys(_actions(table, user.id, k.type)) for k in kinds)).subquery()
    allowed = _allowed_project_ids(ctx, union, kinds)
    visible = [and_(union.c.type == t, union.c.project_id.in_(ids)) for t, ids in allowed.items() if ids]
    stmt = select(union.c.type, union.c.id, union.c.created_date).where(or_(*visible) if visible else false())
    if q:
        stmt = stmt.where(func.lower(union.c.search).contains(q.lower(), autoescape=True))
    stmt = stmt.order_by(union.c.created_date.desc(), union.c.id.desc())
    page = fetch_page(ctx.session, stmt, query.window, rows="records")
    return Page(_entries(ctx, page.items, registry), page.total)


def _actions(table: type[Vote] | type[Watch], user_id: int, target_type: str) -> Subquery:
    stmt = select(table.target_id, table.created_at).where(table.user_id == user_id, table.target_type == target_type)
    return (stmt.where(watching()) if table is Watch else stmt).subquery()


def _allowed_project_ids(ctx: Context, union: Subquery, kinds: list[ContentKind]) -> dict[str, list[int]]:
    """Per kind, the projects (among those the content lives in) where the actor may view that kind."""
    project_ids = list(ctx.session.scalars(select(union.c.project_id).distinct()))
    if not project_ids:
        return {}
    projects = ctx.session.scalars(select(Project).where(Project.id.in_(project_ids))).all()
    mine = standings(ctx.session, ctx.actor.id, project_ids) if ctx.actor is not None else {}
    superuser = bool(ctx.actor and ctx.actor.is_superuser)
    access = {p.id: access_for(p, ctx.actor_id, superuser, mine.get(p.id)) for p in projects}
    return {k.type: [pid for pid, a in access.items() if a.can("view_project") and a.can(k.permission)] for k in kinds}


def _entries(ctx: Context, rows: list[Any], registry: dict[str, ContentKind]) -> list[ContentEntry]:
    ids_by_type: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        ids_by_type[row.type].append(row.id)
    facts = {t: registry[t].details(ctx, ids) for t, ids in ids_by_type.items()}
    watchers, mine_watch = _social(ctx, Watch, ids_by_type)
    votes, mine_vote = _social(ctx, Vote, ids_by_type)
    return [
        ContentEntry(
            type=row.type,
            id=row.id,
            created_date=row.created_date,
            facts=facts[row.type][row.id],
            total_watchers=watchers.get((row.type, row.id), 0),
            total_votes=votes.get((row.type, row.id), 0),
            is_watcher=(row.type, row.id) in mine_watch,
            is_voter=(row.type, row.id) in mine_vote,
        )  # fmt: skip
        for row in rows
        if row.id in facts[row.type]
    ]


def _social(
    ctx: Context, table: type[Vote] | type[Watch], ids_by_type: dict[str, list[int]]
) -> tuple[dict[tuple[str, int], int], set[tuple[str, int]]]:
    """(count per item, items the actor has) for watches or votes, one query each."""
    if not ids_by_type:
        return {}, set()
    targets = or_(*(and_(table.target_type == t, table.target_id.in_(ids)) for t, ids in ids_by_type.items()))
    if table is Watch:
        targets = and_(targets, watching())
    counts = ctx.session.execute(
        select(table.target_type, table.target_id, func.count()).where(targets)
        .group_by(table.target_type, table.target_id)
    )  # fmt: skip
    totals = {(t, i): n for t, i, n in counts}
    if ctx.actor is None:
        return totals, set()
    mine = ctx.session.execute(select(table.target_type, table.target_id).where(targets, table.user_id == ctx.actor.id))
    return totals, set(mine)


def list_contacts(
    ctx: Context, user_id: int, q: str | None, exclude_project: int | None, query: ListQuery
) -> Page[User]:
    return fetch_page(ctx.session, contacts_query(ctx, user_id, q, exclude_project), query.window)
