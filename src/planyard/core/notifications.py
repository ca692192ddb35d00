"""Notifications (the Taiga web client's bell), raised from the change log in the writer's transaction
for project members other than the actor, by taiga-back's rules:
- assigned: a story, task or issue gets a new assignee (assigned_to or assigned users);
- mentioned: a new @username in a story's, task's or issue's description, or in an edited comment;
- watcher_added: new watchers of an item;
- member_added: someone else adds a user (with an account) to a project;
- comment_mention: an @username in a new comment on an item;
- comment: a new comment on an item, for its watchers not mentioned in it.
An item's creation counts as a change from an empty item. A user reads their own notifications only.
A user whose notification policy in the project turns the web off gets none there (taiga-back's rule).
Its `notify_level` decides change mail (core/change_mails)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, case, literal, or_, select, update

from planyard.core import live_events, notify_policies
from planyard.core.context import Context
from planyard.core.work_items.kinds import KINDS
from planyard.db.base import utcnow
from planyard.kit.errors import NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import (
    ChangeEntry,
    Membership,
    Notification,
    Project,
    User,
    Watch,
    WorkItem,
    WorkItemAssignee,
)

MENTION_RE = re.compile(r"\B@([\w.-]+)\b")
ITEM_KINDS = frozenset(KINDS)
MENTIONABLE = frozenset(key for key, p in KINDS.items() if not p.groups_items)  # their assignment notifies too
TRIGGERS = frozenset({"assigned_to_id", "assigned_users", "watchers", "description"})  # item diffs that may notify

# (event, user ids, @usernames): who an entry concerns, before keeping the project's members only.
Wanted = list[tuple[str, set[int], set[str]]]


def raise_for(ctx: Context, entry: ChangeEntry, comment: str = "") -> None:
    """Called by `history.record` for every write (with the comment it carries); most entries concern
    nobody and cost no query."""
    if entry.project_id is None or ctx.actor_id is None:
        return
    wanted = _wanted(ctx, entry, comment)
    if not any(ids or names for _, ids, names in wanted):
        return
    members = _members(ctx, entry.project_id, wanted)
    member_ids = set(members.values())
    snapshot = _snapshot(ctx, entry)
    target_type, target_id = (
        (entry.target_type.removesuffix("_comment"), entry.target_id) if "item" in snapshot else (None, None)
    )
    mentioned_in_comment: set[int] = set()
    silenced = notify_policies.silenced_on_web(ctx, entry.project_id, member_ids)
    for event, ids, names in wanted:
        users = (ids & member_ids) | {members[name] for name in names if name in members}
        users.discard(ctx.actor_id)
        users -= silenced
        if event == "comment_mention":
            mentioned_in_comment = users
        elif event == "comment":
            users -= mentioned_in_comment
        ctx.session.add_all(
            Notification(user_id=user_id, actor_id=ctx.actor_id, project_id=entry.project_id, event=event,
                         target_type=target_type, target_id=target_id, snapshot=snapshot,
                         created_at=entry.created_at)
            for user_id in sorted(users)
        )  # fmt: skip
        live_events.tell_users(ctx, sorted(users))


def list_query(ctx: Context, only_unread: bool) -> Select[Any]:
    """The actor's notifications: unread ones first, then by when they were read; newest first."""
    user = ctx.require_user()
    stmt = select(Notification).where(Notification.user_id == user.id)
    if only_unread:
        stmt = stmt.where(Notification.read_at.is_(None))
    unread_first = case((Notification.read_at.is_(None), 0), else_=1)
    return stmt.order_by(unread_first, Notification.read_at.desc(), Notification.created_at.desc(),
                         Notification.id.desc())  # fmt: skip


def actors(ctx: Context, rows: list[Notification]) -> dict[int, User]:
    ids = {row.actor_id for row in rows if row.actor_id is not None}
    return {u.id: u for u in ctx.session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}


def mark_read(ctx: Context, notification_id: int) -> None:
    user = ctx.require_user()
    row = ctx.session.get(Notification, notification_id)
    if row is None or row.user_id != user.id:
        raise NotFound(entity="notification")
    row.read_at = utcnow()
    ctx.session.flush()


def mark_all_read(ctx: Context) -> None:
    user = ctx.require_user()
    ctx.session.execute(
        update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )  # fmt: skip


def may_notify(target_type: str, action: str, diff: Mapping[str, Any], comment: str = "") -> bool:
    """Whether an entry like this can concern anyone (`_wanted` looks further only for these)."""
    if target_type == "membership" or target_type.endswith("_comment"):
        return True
    return target_type in ITEM_KINDS and bool(action == "create" or comment or TRIGGERS.intersection(diff))


def _wanted(ctx: Context, entry: ChangeEntry, comment: str) -> Wanted:
    kind, diff = entry.target_type, entry.diff or {}
    if kind == "membership":
        user_id = (entry.snapshot or {}).get("user") if entry.action == "create" else None
        return [("member_added", {user_id}, set())] if isinstance(user_id, int) else []
    if (
        kind.endswith("_comment")
        and kind.removesuffix("_comment") in MENTIONABLE
        and isinstance(diff.get("comment"), list)
    ):
        old, new = diff["comment"]
        return [("mentioned", set(), _mentions(new) - _mentions(old))]
    if kind not in ITEM_KINDS or not may_notify(kind, entry.action, diff, comment):
        return []
    item = ctx.session.get(WorkItem, entry.target_id)  # in the session already: the writer just wrote it
    if item is None:
        return []
    if entry.action == "create":
        diff = _initial_diff(ctx, item)
    wanted: Wanted = []
    if kind in MENTIONABLE:
        wanted.append(("assigned", _new_assignees(diff, item.assigned_to_id), set()))
    if isinstance(diff.get("watchers"), list):
        old, new = diff["watchers"]
        wanted.append(("watcher_added", set(new or []) - set(old or []), set()))
    if kind in MENTIONABLE and isinstance(diff.get("description"), list):
        old, new = diff["description"]
        wanted.append(("mentioned", set(), _mentions(new) - _mentions(old)))
    if comment:
        watchers = set(ctx.session.scalars(select(Watch.user_id).where(
            Watch.target_type == kind, Watch.target_id == item.id)))  # fmt: skip
        wanted += [("comment_mention", set(), _mentions(comment)), ("comment", watchers, set())]
    return wanted


def _initial_diff(ctx: Context, item: WorkItem) -> dict[str, Any]:
    """A new item as a change from nothing: its assignees, watchers and description."""
    watchers = select(literal("watchers"), Watch.user_id).where(
        Watch.target_type == item.kind, Watch.target_id == item.id)  # fmt: skip
    assignees = select(literal("assigned_users"), WorkItemAssignee.user_id).where(
        WorkItemAssignee.work_item_id == item.id)  # fmt: skip
    links = watchers.union_all(assignees)
    diff: dict[str, Any] = {"watchers": [[], []], "assigned_users": [[], []]}
    for name, user_id in ctx.session.execute(links):
        diff[name][1].append(user_id)
    return diff | {"assigned_to_id": [None, item.assigned_to_id], "description": ["", item.description]}


def _new_assignees(diff: dict[str, Any], assigned_to_id: int | None) -> set[int]:
    """Who is assigned now and wasn't before (as assignee nor among the assigned users)."""
    before: set[Any] = set()
    after: set[Any] = set()
    if isinstance(diff.get("assigned_to_id"), list):
        before.add(diff["assigned_to_id"][0])
        after.add(diff["assigned_to_id"][1])
    else:
        before.add(assigned_to_id)
    if isinstance(diff.get("assigned_users"), list):
        old, new = diff["assigned_users"]
        before |= set(old or [])
        after |= set(new or [])
    return {u for u in after - before if isinstance(u, int)}


def _mentions(text: Any) -> set[str]:
    return set(MENTION_RE.findall(text)) if isinstance(text, str) else set()


def _members(ctx: Context, project_id: int, wanted: Wanted) -> dict[str, int]:
    """The project's members among the wanted users, by username, in one query."""
    ids = set().union(*(ids for _, ids, _ in wanted))
    names = set().union(*(names for _, _, names in wanted))
    stmt = (
        select(User.username, User.id)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.project_id == project_id, or_(User.id.in_(ids), User.username.in_(names)))
    )
    return dict(ctx.session.execute(stmt).all())


def _snapshot(ctx: Context, entry: ChangeEntry) -> dict[str, Any]:
    """The names the notification shows, as they are now (from the session: no query)."""
    project = ctx.session.get(Project, entry.project_id)
    snapshot: dict[str, Any] = {"project": {"slug": project.slug, "name": project.name} if project else {}}
    if entry.target_type != "membership":
        item = ctx.session.get(WorkItem, entry.target_id)
        if item is not None:
            snapshot["item"] = {"ref": item.ref, "subject": item.subject}
    return snapshot


def list_notifications(ctx: Context, only_unread: bool, query: ListQuery) -> Page[Notification]:
    return fetch_page(ctx.session, list_query(ctx, only_unread), query.window)
