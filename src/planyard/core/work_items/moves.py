"""Moving a story, task or issue to another project: Taiga's edit with another `project`. The actor
needs the kind's delete permission where the item is and its add permission in the target. Values of
the old project are carried over by meaning (status by slug, issue type/priority/severity by name,
else the target's default); the sprint, swimlane and user story stay only when they belong to the
target. The item takes the target's next ref; its points are reset to the target's roles; a story
takes its tasks along; attachments follow; custom values of the old project's fields are dropped."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, exists, select, update

from planyard.core import history, item_types
from planyard.core.access import ProjectAccess, project_access, require
from planyard.core.context import Context
from planyard.core.work_items.kinds import KINDS, STORY, TASK, ItemProfile
from planyard.core.work_items.refs import next_ref
from planyard.kit.errors import Invalid
from planyard.models import (
    Attachment,
    Comment,
    CustomFieldValues,
    ItemOption,
    Lane,
    PointValue,
    Project,
    Role,
    RolePoints,
    Sprint,
    Status,
    TimeEntry,
    WorkItem,
)  # fmt: skip

# Issue option column -> (item_options.kind, the project's default column); matched by name.
OPTIONS = {
    "type_id": ("issue_type", "default_issue_type_id"),
    "priority_id": ("priority", "default_priority_id"),
    "severity_id": ("severity", "default_severity_id"),
}

MOVABLE = tuple(key for key, profile in KINDS.items() if not profile.groups_items)  # what moves between projects


def target_project(
    ctx: Context, kind: ItemProfile, item: WorkItem, access: ProjectAccess, project_id: int | None
) -> Project | None:
    """The project `item` moves to (None when it stays); 400 when it doesn't exist, 403 without the
    delete permission here or the add permission there (for a story with tasks, the task ones too)."""
    if project_id is None or project_id == item.project_id:
        return None
    target = ctx.session.get(Project, project_id)
    if target is None:
        raise Invalid(code="unknown_project", entity="move")
    target_access = project_access(ctx, target)
    needed = [(access, kind.delete), (target_access, kind.add)]
    if kind.holds_subitems and ctx.session.scalar(
        select(exists().where(WorkItem.parent_id == item.id, WorkItem.kind == TASK.name))
    ):
        needed += [(access, TASK.delete), (target_access, TASK.add)]
    for where, permission in needed:
        require(ctx, where, permission)
    return target


def carry_over(ctx: Context, kind: ItemProfile, item: WorkItem, target: Project, fields: dict[str, Any]) -> None:
    """Fill `fields` with the target's equivalents of what the item has (or what was sent)."""
    value = fields.get("status_id", item.status_id)
    fields["status_id"] = _equivalent(ctx, Status, kind.name, "slug", value, item.project_id, target,
                                      getattr(target, kind.default_status_column))  # fmt: skip
    fields["sprint_id"] = _in_target(ctx, Sprint, fields.get("sprint_id", item.sprint_id), target.id)
    if kind.holds_subitems:
        fields["lane_id"] = _in_target(ctx, Lane, fields.get("lane_id", item.lane_id), target.id)
    if kind.is_subitem:
        parent_id = _in_target(ctx, WorkItem, fields.get("parent_id", item.parent_id), target.id,
                               WorkItem.kind == STORY.name)  # fmt: skip
        fields["parent_id"] = parent_id
        if parent_id is not None:  # a task in a story is in the story's sprint
            fields["sprint_id"] = ctx.session.scalar(select(WorkItem.sprint_id).where(WorkItem.id == parent_id))
    if kind.is_ticket:
        for column, (option_kind, default) in OPTIONS.items():
            value = fields.get(column, getattr(item, column))
            fields[column] = _equivalent(ctx, ItemOption, option_kind, "name", value, item.project_id, target,
                                         getattr(target, default))  # fmt: skip
    fields["project_id"], fields["ref"] = target.id, next_ref(ctx, target.id)


def reset_points(ctx: Context, item: WorkItem, target: Project, sent: dict[int, int | None] | None) -> dict[int, Any]:
    """The old project's estimates go; every computable role of the target starts at its first
    points without a value (Taiga's '?'), then what was sent for the target's roles applies."""
    ctx.session.execute(delete(RolePoints).where(RolePoints.work_item_id == item.id))
    unknown = ctx.session.scalar(
        select(PointValue.id).where(PointValue.project_id == target.id, PointValue.value.is_(None))
        .order_by(PointValue.order, PointValue.id).limit(1)
    )  # fmt: skip
    roles = ctx.session.scalars(select(Role.id).where(Role.project_id == target.id, Role.computable.is_(True)))
    return {role_id: unknown for role_id in roles} | (sent or {})


def bring_along(ctx: Context, item: WorkItem, old_project_id: int) -> None:
    """What hangs on the moved item: its attachments, comments and time entries follow it; custom values
    of the old project's fields are dropped; a story's tasks move with it."""
    _follow(ctx, [item.id], item.project_id)
    if not KINDS[item.kind].holds_subitems:
        return
    tasks = list(ctx.session.scalars(
        select(WorkItem).where(WorkItem.parent_id == item.id, WorkItem.kind == TASK.name).order_by(WorkItem.ref)
    ))  # fmt: skip
    target = ctx.session.get(Project, item.project_id)
    assert target is not None
    for task in tasks:
        fields: dict[str, Any] = {}
        carry_over(ctx, TASK, task, target, fields)  # its story is already in the target
        diff = history.diff_of({k: getattr(task, k) for k in fields}, fields)
        for name, value in fields.items():
            setattr(task, name, value)
        task.item_type_id = item_types.default_type(target.id, TASK)  # type: ignore[assignment]
        task.version += 1
        history.record(ctx, target_type=TASK.target_type, target_id=task.id, project_id=target.id,
                       action="change", diff=diff, version=task.version)  # fmt: skip
    _follow(ctx, [t.id for t in tasks], target.id)
    ctx.session.flush()


def _follow(ctx: Context, item_ids: list[int], project_id: int) -> None:
    if not item_ids:
        return
    ctx.session.execute(
        update(Attachment)
        .where(Attachment.target_id.in_(item_ids), Attachment.target_type.in_(MOVABLE))
        .values(project_id=project_id)  # fmt: skip
    )
    ctx.session.execute(update(Comment).where(Comment.target_id.in_(item_ids), Comment.target_type.in_(KINDS))
                        .values(project_id=project_id))  # fmt: skip
    ctx.session.execute(update(TimeEntry).where(TimeEntry.work_item_id.in_(item_ids)).values(project_id=project_id))
    ctx.session.execute(delete(CustomFieldValues).where(CustomFieldValues.work_item_id.in_(item_ids)))


def _in_target(ctx: Context, model: Any, value: int | None, target_id: int, *where: Any) -> int | None:
    if value is None:
        return None
    found = ctx.session.scalar(select(model.id).where(model.id == value, model.project_id == target_id, *where))
    return found  # type: ignore[no-any-return]


def _equivalent(
    ctx: Context, model: Any, kind_value: str, match: str, value: int | None, old_project_id: int,
    target: Project, default: int | None,
) -> int | None:  # fmt: skip
    """The target's own value stays; the old project's one becomes the target's value of the same
    slug/name; anything else becomes the target's default. No value stays no value."""
    if value is None:
        return None
    row = ctx.session.get(model, value)
    if row is None or row.kind != kind_value or row.project_id not in (old_project_id, target.id):
        return default
    if row.project_id == target.id:
        return value  # type: ignore[no-any-return]
    same = ctx.session.scalar(
        select(model.id).where(model.project_id == target.id, model.kind == kind_value,
                               getattr(model, match) == getattr(row, match)).order_by(model.order, model.id).limit(1)
    )  # fmt: skip
    return same if same is not None else default  # type: ignore[no-any-return]
