"""Timelines (Taiga §37): the change log as a stream of events of a project or of a user, newest
first, limited to what the viewer may see, plus the facts (items, projects, members) to render them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true, union
from sqlalchemy.orm import joinedload

from planyard.core.access import load_project, standings
from planyard.core.context import Context
from planyard.core.item_history import QUIET_FIELDS, Names, load_names
from planyard.core.wiki.pages import EDITABLE as WIKI_EDITABLE
from planyard.core.wiki.pages import WIKI_PAGE
from planyard.core.work_items import epic_stories, exports
from planyard.core.work_items.kinds import EPIC, KINDS
from planyard.core.work_items.service import EDITABLE
from planyard.kit.errors import NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import (
    ChangeEntry,
    Comment,
    Membership,
    Project,
    Role,
    Sprint,
    User,
    Watch,
    WikiPage,
    WorkItem,
    WorkItemAssignee,
)

ITEM_KINDS = tuple(KINDS)
# Which permission lets a viewer see the events of each target.
VIEW_PERMISSION = {
    "project": "view_project", "membership": "view_project", "milestone": "view_milestones",
    WIKI_PAGE.target_type: WIKI_PAGE.view,
    epic_stories.TARGET: EPIC.view,
} | {key: profile.view for key, profile in KINDS.items()}  # fmt: skip
# Project settings whose changes are no events (Taiga makes none for them).
SILENT_PROJECT_CHANGES = ("tags_colors", "modules_config", exports.TOKENS_KEY)


def project_timeline(
    ctx: Context, project_id: int, only_relevant: bool, query: ListQuery, unshown: frozenset[str] = frozenset()
) -> Page[ChangeEntry]:
    """`unshown`: the diff keys the reader's API has no field for (an item change of only those is no event)."""
    _, access = load_project(ctx, project_id)
    targets = [t for t, perm in VIEW_PERMISSION.items() if access.can(perm)]
    stmt = _events(unshown).where(ChangeEntry.project_id == project_id, ChangeEntry.target_type.in_(targets))
    return fetch_page(ctx.session, _finish(stmt, only_relevant), query.window)


def user_timeline(
    ctx: Context, user_id: int, only_relevant: bool, query: ListQuery, unshown: frozenset[str] = frozenset()
) -> Page[ChangeEntry]:
    """What the user did."""
    _user(ctx, user_id)
    stmt = _events(unshown).where(or_(ChangeEntry.user_id == user_id, _joined(user_id)), _visible(ctx))
    return fetch_page(ctx.session, _finish(stmt, only_relevant), query.window)


def profile_timeline(
    ctx: Context, user_id: int, only_relevant: bool, query: ListQuery, unshown: frozenset[str] = frozenset()
) -> Page[ChangeEntry]:
    """What the user did, and what happened to the items they own, are assigned to or watch."""
    _user(ctx, user_id)
    related = union(
        select(WorkItem.id).where(or_(WorkItem.owner_id == user_id, WorkItem.assigned_to_id == user_id)),
        select(WorkItemAssignee.work_item_id).where(WorkItemAssignee.user_id == user_id),
        select(Watch.target_id).where(Watch.user_id == user_id, Watch.target_type.in_(ITEM_KINDS)),
    )
    about_items = and_(ChangeEntry.target_type.in_(ITEM_KINDS), ChangeEntry.target_id.in_(related))
    stmt = _events(unshown).where(or_(ChangeEntry.user_id == user_id, _joined(user_id), about_items), _visible(ctx))
    return fetch_page(ctx.session, _finish(stmt, only_relevant), query.window)


def _joined(user_id: int) -> ColumnElement[bool]:
    """The account's creation, logged before anyone was logged in."""
    return and_(ChangeEntry.target_type == "user", ChangeEntry.target_id == user_id)


def _user(ctx: Context, user_id: int) -> User:
    user = ctx.session.get(User, user_id)
    if user is None:
        raise NotFound(entity="user")
    return user


def _events(unshown: frozenset[str] = frozenset()) -> Select[Any]:
    """Entries that are timeline events: items, milestones, wiki pages, projects, accounts created,
    members who joined (added with an account, or accepting an invitation) or left."""
    member_joined_or_left = and_(
        ChangeEntry.action.in_(("create", "delete")), ChangeEntry.snapshot["user"].as_integer().is_not(None)
    )
    invitation_accepted = and_(ChangeEntry.action == "change", ChangeEntry.diff["user"].as_string().is_not(None))
    silent_project_change = and_(
        ChangeEntry.target_type == "project",
        ChangeEntry.action == "change",
        or_(*(ChangeEntry.diff[name].as_string().is_not(None) for name in SILENT_PROJECT_CHANGES)),
    )
    return select(ChangeEntry).where(
        or_(
            ChangeEntry.target_type.in_((*ITEM_KINDS, "project", "milestone", WIKI_PAGE.target_type)),
            and_(ChangeEntry.target_type.in_(("user", epic_stories.TARGET)), ChangeEntry.action == "create"),
            and_(ChangeEntry.target_type == "membership", or_(member_joined_or_left, invitation_accepted)),
        ),
        ~_quiet(unshown),
        ~silent_project_change,
    )


def _quiet(unshown: frozenset[str] = frozenset()) -> ColumnElement[bool]:
    """Item changes that only reorder or change watchers (hidden in the item's history too): some
    quiet field in the diff and none of the others. JSON look-ups that SQLite and PostgreSQL share."""
    quiet = sorted(frozenset().union(*QUIET_FIELDS.values()) | unshown)
    others = sorted((EDITABLE | {"assigned_users", "points"} | WIKI_EDITABLE) - set(quiet))
    return and_(
        ChangeEntry.action == "change",
        ~select(Comment.id).where(Comment.change_id == ChangeEntry.id, Comment.text != "").exists(),
        ChangeEntry.target_type.in_(QUIET_FIELDS),
        or_(*(ChangeEntry.diff[name].as_string().is_not(None) for name in quiet)),
        *(ChangeEntry.diff[name].as_string().is_(None) for name in others),
    )


def _finish(stmt: Select[Any], only_relevant: bool) -> Select[Any]:
    if only_relevant:
        stmt = stmt.where(
            ChangeEntry.action != "delete", ~and_(ChangeEntry.target_type == "project", ChangeEntry.action == "change")
        )
    return stmt.options(joinedload(ChangeEntry.comment)).order_by(ChangeEntry.created_at.desc(), ChangeEntry.id.desc())


def _visible(ctx: Context) -> ColumnElement[bool]:
    """Events of the projects where the viewer holds the view permission of their target; account
    creations (no project) are public."""
    by_permission = _projects_by_permission(ctx)
    if by_permission is None:
        return true()
    clauses: list[ColumnElement[bool]] = [ChangeEntry.project_id.is_(None)]
    for target, permission in VIEW_PERMISSION.items():
        ids = by_permission.get(permission)
        if ids:
            clauses.append(and_(ChangeEntry.target_type == target, ChangeEntry.project_id.in_(sorted(ids))))
    return or_(false(), *clauses)


def _projects_by_permission(ctx: Context) -> dict[str, set[int]] | None:
    """permission -> ids of the projects where the viewer holds it; None for a superuser (everything)."""
    actor = ctx.actor
    if actor is not None and actor.is_superuser:
        return None
    granted: dict[str, set[int]] = {}
    member_of: set[int] = set()

    def grant(project_id: int, permissions: Any) -> None:
        for permission in permissions or []:
            granted.setdefault(permission, set()).add(project_id)

    if actor is not None:
        owned = set(ctx.session.scalars(select(Project.id).where(Project.owner_id == actor.id)))
        for project_id, standing in standings(ctx.session, actor.id).items():
            member_of.add(project_id)
            grant(project_id, VIEW_PERMISSION.values() if project_id in owned else standing.granted())
    rows = ctx.session.execute(
        select(Project.id, Project.anon_permissions, Project.public_permissions).where(
            or_(Project.is_private.is_(False), Project.id.in_(member_of))
        )
    )
    for project_id, anon, public in rows:
        grant(project_id, anon)
        if actor is not None:
            grant(project_id, public)
    return granted


@dataclass
class TimelineFacts:
    """Everything a page of events refers to, loaded with one query per table."""

    names: Names
    projects: dict[int, Project] = field(default_factory=dict)
    items: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> id, ref, subject, parent_id, sprint_id
    wiki_pages: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> id, slug
    sprints: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> id, slug, name
    members: dict[int, tuple[int | None, dict[str, Any] | None]] = field(default_factory=dict)  # entry -> user, role


def load_facts(ctx: Context, entries: list[ChangeEntry]) -> TimelineFacts:
    s = ctx.session
    related = [e for e in entries if e.target_type == epic_stories.TARGET]
    items = _items(ctx, {e.target_id for e in entries if e.target_type in ITEM_KINDS or e in related}
                   | {story for e in related if isinstance(story := related_story(e), int)})  # fmt: skip
    items |= _items(ctx, {i["parent_id"] for i in items.values() if i["parent_id"]} - set(items))
    sprint_ids = {e.target_id for e in entries if e.target_type == "milestone"}
    sprint_ids |= {i["sprint_id"] for i in items.values() if i["sprint_id"]}
    rows = s.execute(select(Sprint.id, Sprint.slug, Sprint.name).where(Sprint.id.in_(sprint_ids))).mappings()
    sprints = {row["id"]: dict(row) for row in rows}
    _fill_deleted(ctx, entries, items, sprints)
    member_entries = [e for e in entries if e.target_type == "membership"]
    memberships = {m.id: m for m in s.scalars(select(Membership).where(
        Membership.id.in_({e.target_id for e in member_entries})))}  # fmt: skip
    members: dict[int, tuple[int | None, int | None]] = {}
    for e in member_entries:
        current = memberships.get(e.target_id)
        user_id = (e.snapshot or {}).get("user") or ((e.diff or {}).get("user") or [None, None])[1]
        members[e.id] = (user_id, (e.snapshot or {}).get("role") or (current.role_id if current else None))
    role_ids = {r for _, r in members.values() if isinstance(r, int)}
    roles = dict(s.execute(select(Role.id, Role.name).where(Role.id.in_(role_ids))).all())
    project_ids = {e.project_id for e in entries if e.project_id} | {
        i["project_id"] for i in items.values() if i["project_id"]
    }
    projects = {p.id: p for p in s.scalars(select(Project).where(Project.id.in_(project_ids)))}
    subjects = {e.target_id for e in entries if e.target_type == "user"}
    member_ids = {u for u, _ in members.values() if isinstance(u, int)}
    return TimelineFacts(
        names=load_names(ctx, entries, subjects | member_ids),
        projects=projects,
        items=items,
        sprints=sprints,
        members={e: (u, {"id": r, "name": roles[r]} if r in roles else None) for e, (u, r) in members.items()},
        wiki_pages=_wiki_pages(ctx, [e for e in entries if e.target_type == WIKI_PAGE.target_type]),
    )


def _wiki_pages(ctx: Context, entries: list[ChangeEntry]) -> dict[int, dict[str, Any]]:
    """Each page's slug: its own, or for a deleted page the one its entries logged."""
    ids = {e.target_id for e in entries}
    pages = {i: {"id": i, "slug": slug} for i, slug in ctx.session.execute(
        select(WikiPage.id, WikiPage.slug).where(WikiPage.id.in_(ids)))}  # fmt: skip
    for e in entries:
        if e.target_id not in pages and (e.snapshot or {}).get("slug"):
            pages[e.target_id] = {"id": e.target_id, "slug": e.snapshot["slug"]}
    return pages


def related_story(entry: ChangeEntry) -> int | None:
    """The story an epic's relation entry is about."""
    story = (entry.diff or {}).get("user_story")
    return story[1] if isinstance(story, list) else None


def _items(ctx: Context, ids: set[int]) -> dict[int, dict[str, Any]]:
    columns = (WorkItem.id, WorkItem.ref, WorkItem.subject, WorkItem.parent_id, WorkItem.sprint_id,
               WorkItem.project_id)  # fmt: skip
    return {
        row["id"]: dict(row) for row in ctx.session.execute(select(*columns).where(WorkItem.id.in_(ids))).mappings()
    }


def _fill_deleted(
    ctx: Context, entries: list[ChangeEntry], items: dict[int, dict[str, Any]], sprints: dict[int, dict[str, Any]]
) -> None:
    """Deleted items and milestones are described by the snapshot their creation or deletion logged."""
    gone = {(e.target_type, e.target_id) for e in entries if e.target_type in ITEM_KINDS and e.target_id not in items}
    gone |= {("milestone", e.target_id) for e in entries if e.target_type == "milestone" and e.target_id not in sprints}
    if not gone:
        return
    rows = ctx.session.execute(
        select(ChangeEntry.target_type, ChangeEntry.target_id, ChangeEntry.snapshot).where(
            ChangeEntry.action.in_(("create", "delete")),
            ChangeEntry.target_id.in_({t for _, t in gone}),
            ChangeEntry.target_type.in_({k for k, _ in gone}),
        )
    )
    for target_type, target_id, snapshot in rows:
        snap = snapshot or {}
        if target_type == "milestone":
            sprints[target_id] = {"id": target_id, "slug": snap.get("slug", ""), "name": snap.get("name", "")}
        elif (target_type, target_id) in gone:
            items[target_id] = {"id": target_id, "ref": snap.get("ref"), "subject": snap.get("subject", ""),
                                "parent_id": None, "sprint_id": None, "project_id": None}  # fmt: skip
