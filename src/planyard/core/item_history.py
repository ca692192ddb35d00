"""The history of one work item, read from the change log: its listed entries (newest first), the
names behind the ids in their diffs, and the comment actions (edit, delete, undelete, versions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from planyard.core import custom_fields, history, targets
from planyard.core.access import ProjectAccess
from planyard.core.context import Context
from planyard.core.targets import Profile
from planyard.core.wiki.pages import WIKI_PAGE
from planyard.core.work_items.kinds import EPIC, ISSUE, STORY, TASK
from planyard.db.base import utcnow
from planyard.kit.errors import Forbidden, Invalid, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import (
    ChangeEntry,
    Comment,
    CustomField,
    ItemOption,
    Lane,
    PointValue,
    Project,
    Role,
    Sprint,
    Status,
    User,
    WorkItem,
)

# Entries that only reorder an item or change its watchers are kept but not shown (Taiga's
# "hidden" entries; watchers are not part of Taiga's item history at all).
QUIET_FIELDS = {
    "epic": frozenset({"epics_order", "watchers"}),
    "story": frozenset({"backlog_order", "sprint_order", "kanban_order", "watchers"}),
    "task": frozenset({"parent_order", "board_order", "watchers"}),
    "issue": frozenset({"watchers"}),
    "wiki_page": frozenset({"watchers"}),
}
USER_FIELDS = ("assigned_to_id", "owner_id")
# Core diff column -> the label table that names its ids.
LABELLED = {
    "status_id": "status", "sprint_id": "sprint", "lane_id": "lane", "type_id": "option",
    "priority_id": "option", "severity_id": "option", "parent_id": "item", "generated_from_id": "item",
}  # fmt: skip


# Taiga's history paths -> kinds.
PATH_KINDS: dict[str, Profile] = {"userstory": STORY, "task": TASK, "issue": ISSUE, "epic": EPIC, "wiki": WIKI_PAGE}


def kind_for(path: str) -> Profile:
    return PATH_KINDS[path]


def is_listed(
    kind_name: str, action: str, diff: dict[str, Any], comment: str, unshown: frozenset[str] = frozenset()
) -> bool:
    """Changes that aren't quiet, and any entry that carries a comment. `unshown`: the diff keys the reader's
    API has no field for; a change of only those (and quiet ones) is not listed either."""
    if comment:
        return True
    keys = set(diff)
    return action == "change" and not (keys and keys <= QUIET_FIELDS.get(kind_name, frozenset()) | unshown)


def history_query(
    ctx: Context, kind: Profile, item_id: int, only: str | None = None, unshown: frozenset[str] = frozenset()
) -> Select[Any]:
    """The item's listed entries (`is_listed`), newest first, each with its comment; `only` is "comment" or
    "activity" (Taiga's `type`)."""
    item, _ = targets.load(ctx, kind, item_id)
    rows = ctx.session.execute(
        select(ChangeEntry.id, ChangeEntry.action, ChangeEntry.diff, Comment.text)
        .outerjoin(Comment, Comment.change_id == ChangeEntry.id)
        .where(ChangeEntry.target_type == kind.target_type, ChangeEntry.target_id == item.id)
    )
    ids = [
        entry_id
        for entry_id, action, diff, comment in rows
        if is_listed(kind.name, action, diff or {}, comment or "", unshown)
        and (only != "comment" or comment)
        and (only != "activity" or (diff and not comment))
    ]
    return (
        select(ChangeEntry)
        .options(joinedload(ChangeEntry.comment))
        .where(ChangeEntry.id.in_(ids))
        .order_by(ChangeEntry.created_at.desc(), ChangeEntry.id.desc())
    )


@dataclass
class Names:
    """What the ids in a page of entries stand for: users, and one label per id of each table."""

    users: dict[int, User] = field(default_factory=dict)
    labels: dict[str, dict[int, str]] = field(default_factory=dict)
    field_types: dict[int, str] = field(default_factory=dict)  # custom field id -> its type

    def label(self, table: str, value: Any) -> str | None:
        return self.labels.get(table, {}).get(value) if isinstance(value, int) else None


def load_names(ctx: Context, entries: list[ChangeEntry], extra_user_ids: set[int] | None = None) -> Names:
    """One query per table for the whole page, whatever its size (the entries come with their comments)."""
    wanted: dict[str, set[int]] = {t: set() for t in ("user", *set(LABELLED.values()), "role", "points",
                                                      "custom_field")}  # fmt: skip
    wanted["user"] |= extra_user_ids or set()
    for entry in entries:
        deleter = entry.comment.deleted_by_id if entry.comment else None
        wanted["user"].update(u for u in (entry.user_id, deleter) if u)
        for name, pair in (entry.diff or {}).items():
            if not isinstance(pair, list | dict):
                continue
            if name in USER_FIELDS:
                wanted["user"].update(v for v in pair if isinstance(v, int))
            elif name == "assigned_users":
                wanted["user"].update(v for side in pair for v in side or [] if isinstance(v, int))
            elif name == "points" and isinstance(pair, dict):
                wanted["role"].update(int(role) for role in pair if str(role).isdigit())
                wanted["points"].update(v for old_new in pair.values() for v in old_new if isinstance(v, int))
            elif name in LABELLED:
                wanted[LABELLED[name]].update(v for v in pair if isinstance(v, int))
            elif name == custom_fields.VALUES_DIFF_KEY:
                wanted["custom_field"].update(int(k) for side in pair for k in side if str(k).isdigit())
    s = ctx.session
    names = Names()
    if wanted["user"]:
        names.users = {u.id: u for u in s.scalars(select(User).where(User.id.in_(wanted["user"])))}
    tables: dict[str, Any] = {"status": Status, "sprint": Sprint, "lane": Lane, "option": ItemOption, "role": Role,
                              "points": PointValue}  # fmt: skip
    for table, model in tables.items():
        if wanted[table]:
            rows = s.execute(select(model.id, model.name).where(model.id.in_(wanted[table])))
            names.labels[table] = {row_id: name for row_id, name in rows}
    if wanted["custom_field"]:
        fields = s.execute(select(CustomField.id, CustomField.name, CustomField.type).where(
            CustomField.id.in_(wanted["custom_field"])))  # fmt: skip
        for field_id, name, type_ in fields:
            names.labels.setdefault("custom_field", {})[field_id] = name
            names.field_types[field_id] = type_
    if wanted["item"]:
        items = s.execute(select(WorkItem.id, WorkItem.ref, WorkItem.subject).where(WorkItem.id.in_(wanted["item"])))
        names.labels["item"] = {i: f"#{ref} {subject}" for i, ref, subject in items}
    return names


def _comment_entry(
    ctx: Context, kind: Profile, item_id: int, entry_id: str | None
) -> tuple[ChangeEntry, Project, ProjectAccess]:
    """A listed entry of the item, with its comment."""
    item, access = targets.load(ctx, kind, item_id)
    entry = (
        ctx.session.get(ChangeEntry, int(entry_id), options=[joinedload(ChangeEntry.comment)])
        if entry_id and entry_id.isdigit()
        else None
    )
    text = entry.comment.text if entry and entry.comment else ""
    if (
        entry is None
        or (entry.target_type, entry.target_id) != (kind.target_type, item.id)
        or not is_listed(kind.name, entry.action, entry.diff or {}, text)
    ):
        raise NotFound(entity="history_entry")
    project = ctx.session.get(Project, item.project_id)
    assert project is not None
    return entry, project, access


def _comment_of(entry: ChangeEntry, project: Project) -> Comment:
    """The entry's comment; an empty one for an entry that carried none (Taiga's comment actions address
    any listed entry)."""
    if entry.comment is None:
        entry.comment = Comment(project_id=project.id, target_type=entry.target_type, target_id=entry.target_id,
                                author_id=entry.user_id, text="", created_at=entry.created_at)  # fmt: skip
    return entry.comment


def _allow(ctx: Context, access: ProjectAccess, allowed_user_id: int | None) -> None:
    """Project admins, or the one user the action belongs to (the author, or who deleted it)."""
    actor = ctx.require_user()
    if not access.is_admin and actor.id != allowed_user_id:
        raise Forbidden()


def _writable(project: Project) -> None:
    if project.blocked_code:
        raise Forbidden(code="blocked")
    if project.is_archived:
        raise Forbidden(code="archived")


def edit_comment(ctx: Context, kind: Profile, item_id: int, entry_id: str | None, text: str | None) -> None:
    entry, project, access = _comment_entry(ctx, kind, item_id, entry_id)
    _writable(project)
    _allow(ctx, access, entry.user_id)
    comment = _comment_of(entry, project)
    if text is None:
        raise Invalid(code="comment_missing", entity="comment")
    if comment.deleted_at is not None:
        raise Invalid(code="comment_deleted", entity="comment")
    written_at = comment.edited_at or comment.created_at
    version = {"date": written_at.isoformat(), "comment": comment.text, "user": {"id": ctx.actor_id}}
    old = comment.text
    comment.versions = [*(comment.versions or []), version]
    comment.text = text
    comment.edited_at = utcnow()
    _record(ctx, kind, entry, {"comment": [old, text]})


def delete_comment(ctx: Context, kind: Profile, item_id: int, entry_id: str | None) -> None:
    entry, project, access = _comment_entry(ctx, kind, item_id, entry_id)
    _writable(project)
    _allow(ctx, access, entry.user_id)
    comment = _comment_of(entry, project)
    if comment.deleted_at is not None:
        raise Invalid(code="already_deleted", entity="comment")
    comment.deleted_at = utcnow()
    comment.deleted_by_id = ctx.actor_id
    _record(ctx, kind, entry, {"comment_deleted": [False, True]})


def undelete_comment(ctx: Context, kind: Profile, item_id: int, entry_id: str | None) -> None:
    entry, _, access = _comment_entry(ctx, kind, item_id, entry_id)
    comment = entry.comment
    _allow(ctx, access, comment.deleted_by_id if comment else None)
    if comment is None or comment.deleted_at is None:
        raise Invalid(code="not_deleted", entity="comment")
    comment.deleted_at = None
    comment.deleted_by_id = None
    _record(ctx, kind, entry, {"comment_deleted": [True, False]})


def comment_versions(ctx: Context, kind: Profile, item_id: int, entry_id: str | None) -> tuple[list[Any], Names]:
    """The earlier texts of a comment, oldest first, with the users who replaced them."""
    entry, _, access = _comment_entry(ctx, kind, item_id, entry_id)
    _allow(ctx, access, entry.user_id)
    versions = list(entry.comment.versions if entry.comment else [])
    editors = {v["user"]["id"] for v in versions if isinstance(v.get("user", {}).get("id"), int)}
    return versions, load_names(ctx, [], editors)


def _record(ctx: Context, kind: Profile, entry: ChangeEntry, diff: dict[str, Any]) -> None:
    """Comment actions are logged as their own target, so they don't show up as item changes."""
    history.record(ctx, target_type=f"{kind.target_type}_comment", target_id=entry.target_id,
                   project_id=entry.project_id, action="change", diff=diff, snapshot={"entry": entry.id})  # fmt: skip


def list_history(
    ctx: Context, kind: Profile, item_id: int, only: str | None, query: ListQuery, unshown: frozenset[str] = frozenset()
) -> Page[Any]:
    return fetch_page(ctx.session, history_query(ctx, kind, item_id, only, unshown), query.window)
