"""Releases: named stretches of a project grouping its sprints (`sprints.release_id`); created, edited,
closed and reopened by hand, deleted with or without their sprints."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from planyard.core import history, sprints
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.work_items.kinds import KINDS
from planyard.core.work_items.service import delete_item
from planyard.db.base import utcnow
from planyard.kit.errors import Conflict, Invalid, NotFound
from planyard.kit.validation import reject_nulls
from planyard.models import Release, Sprint

TARGET = "release"
EDITABLE = ("name", "description", "start_date", "due_date")


def list_releases(ctx: Context, project_id: int, *, include_closed: bool = True) -> list[Release]:
    load_project(ctx, project_id, "view_milestones")
    stmt = select(Release).where(Release.project_id == project_id).order_by(Release.id)
    if not include_closed:
        stmt = stmt.where(Release.closed_at.is_(None))
    return list(ctx.session.scalars(stmt))


def get_release(ctx: Context, release_id: int, permission: str = "view_milestones") -> Release:
    release = ctx.session.get(Release, release_id)
    if release is None:
        raise NotFound(entity="release")
    try:
        load_project(ctx, release.project_id, permission)
    except NotFound:
        raise NotFound(entity="release") from None
    return release


def sprints_of(ctx: Context, release_ids: list[int], *, include_closed: bool = True) -> dict[int, list[Sprint]]:
    found: dict[int, list[Sprint]] = {i: [] for i in release_ids}
    stmt = select(Sprint).where(Sprint.release_id.in_(release_ids)).order_by(Sprint.id)
    if not include_closed:
        stmt = stmt.where(Sprint.closed.is_(False))
    for sprint in ctx.session.scalars(stmt):
        found[int(sprint.release_id or 0)].append(sprint)
    return found


def _validate(fields: dict[str, Any], release: Release | None) -> None:
    reject_nulls(Release, fields)
    if "name" in fields and not str(fields["name"]).strip():
        raise Invalid(code="blank", field="name")
    start = fields.get("start_date", release.start_date if release else None)
    due = fields.get("due_date", release.due_date if release else None)
    if start and due and start > due:
        raise Invalid(code="dates_out_of_order", field="due_date")


def create_release(ctx: Context, project_id: int, fields: dict[str, Any]) -> Release:
    load_project(ctx, project_id, "add_milestone")
    fields = {k: v for k, v in fields.items() if k in EDITABLE}
    _validate(fields, None)
    release = Release(project_id=project_id, owner_id=ctx.actor_id, **fields)
    ctx.session.add(release)
    ctx.session.flush()
    history.record(ctx, target_type=TARGET, target_id=release.id, project_id=project_id, action="create",
                   snapshot={"name": release.name})  # fmt: skip
    return release


def update_release(ctx: Context, release_id: int, changes: dict[str, Any]) -> Release:
    release = get_release(ctx, release_id, "modify_milestone")
    changes = {k: v for k, v in changes.items() if k in EDITABLE}
    _validate(changes, release)
    before = {k: getattr(release, k) for k in changes}
    for name, value in changes.items():
        setattr(release, name, value)
    ctx.session.flush()
    history.record(ctx, target_type=TARGET, target_id=release.id, project_id=release.project_id, action="change",
                   diff=history.diff_of(before, changes))  # fmt: skip
    return release


def _set_closed(ctx: Context, release_id: int, closed: bool) -> Release:
    release = get_release(ctx, release_id, "modify_milestone")
    if (release.closed_at is not None) == closed:
        raise Conflict(code="release_closed" if closed else "release_open", entity="release")
    before = release.closed_at
    release.closed_at = utcnow() if closed else None
    ctx.session.flush()
    diff = history.diff_of({"closed_at": before}, {"closed_at": release.closed_at})
    history.record(ctx, target_type=TARGET, target_id=release.id, project_id=release.project_id, action="change",
                   diff=diff)  # fmt: skip
    return release


def close_release(ctx: Context, release_id: int) -> Release:
    return _set_closed(ctx, release_id, True)


def reopen_release(ctx: Context, release_id: int) -> Release:
    return _set_closed(ctx, release_id, False)


def delete_release(ctx: Context, release_id: int, *, delete_sprints: bool = False, delete_items: bool = False) -> None:
    """Its sprints stay without a release, or go with it (their items back to the backlog, or deleted)."""
    release = get_release(ctx, release_id, "delete_milestone")
    own = list(ctx.session.scalars(select(Sprint.id).where(Sprint.release_id == release.id)))
    if delete_sprints:
        for sprint_id in own:
            if delete_items:
                for item_id, kind in sprints.item_ids(ctx, sprint_id):
                    delete_item(ctx, KINDS[kind], item_id)
            sprints.delete_sprint(ctx, sprint_id)
    else:
        ctx.session.execute(update(Sprint).where(Sprint.release_id == release.id).values(release_id=None))
    history.record(ctx, target_type=TARGET, target_id=release.id, project_id=release.project_id, action="delete",
                   snapshot={"name": release.name})  # fmt: skip
    ctx.session.delete(release)
    ctx.session.flush()
