"""The rows change entries are about, loaded by id for a payload format while the engine renders them. No
access check: the engine renders an entry only for the webhooks of the entry's own project."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import or_, select

from planyard.core import history
from planyard.core.context import Context
from planyard.core.work_items import facts
from planyard.models import Blocker, Comment, Project, Tag

T = TypeVar("T")


def by_id(ctx: Context, model: type[T], ids: Iterable[int | None]) -> dict[int, T]:
    """The rows of these ids that exist (`work_items.facts.by_id`, for a payload format)."""
    return facts.by_id(ctx.session, model, {i for i in ids if i is not None})


def blockers_of_items(ctx: Context, item_ids: Iterable[int]) -> dict[int, list[Blocker]]:
    """Each item's blockers, oldest first."""
    found: dict[int, list[Blocker]] = {i: [] for i in item_ids}
    if found:
        stmt = select(Blocker).where(Blocker.work_item_id.in_(found)).order_by(Blocker.id)
        for row in ctx.session.scalars(stmt):
            found[row.work_item_id].append(row)
    return found


def comments_of_entries(ctx: Context, entry_ids: Iterable[int]) -> dict[int, Comment]:
    """The comments the change entries with these ids carried, by entry id."""
    wanted = set(entry_ids)
    if not wanted:
        return {}
    return {c.change_id: c for c in ctx.session.scalars(select(Comment).where(Comment.change_id.in_(wanted)))}


def tags_named(ctx: Context, project_id: int, names: Iterable[str]) -> dict[str, Tag]:
    """The tags of these names an item of the project may carry (the project's before its workspace's)."""
    wanted = set(names)
    project = ctx.session.get(Project, project_id)
    if not wanted or project is None:
        return {}
    stmt = select(Tag).where(Tag.name.in_(wanted), Tag.workspace_id == project.workspace_id,
                             or_(Tag.project_id == project.id, Tag.project_id.is_(None)))  # fmt: skip
    found: dict[str, Tag] = {}
    for tag in sorted(ctx.session.scalars(stmt), key=lambda t: t.project_id is None):
        found.setdefault(tag.name, tag)
    return found


def as_it_was(row: T, values: dict[str, Any]) -> T:
    """A detached copy of the row (never added to the session) with these column values instead (as the
    change log keeps them: dates as text): the row as a change entry's diff says it was before."""
    return history.restored_row(type(row), history.row_snapshot(row) | values)
