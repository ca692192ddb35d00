"""Work items of every kind: create (with the shared ref), read under the kind's view permission,
edit under Taiga's OCC rule with an optional comment, delete. Every write goes through the change log."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select

from planyard.core import boards, history, item_types
from planyard.core.access import ProjectAccess, load_project, require
from planyard.core.context import Context
from planyard.core.tags import store as tag_store
from planyard.core.tags.changes import record_new_tags
from planyard.core.work_items import closing, moves, reactions
from planyard.core.work_items.blocked_flags import follow_flags
from planyard.core.work_items.kinds import KINDS, ItemProfile
from planyard.core.work_items.references import validate_members, validate_references, validate_role_points
from planyard.core.work_items.refs import next_ref
from planyard.db.base import utcnow
from planyard.kit import limits
from planyard.kit.concurrency import check_version
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.validation import reject_nulls
from planyard.models import Attachment, Project, Role, RolePoints, Status, Tag, Vote, Watch, WorkItem, WorkItemAssignee

EDITABLE = frozenset({
    "subject", "description", "status_id", "assigned_to_id", "sprint_id", "parent_id", "lane_id", "type_id",
    "priority_id", "severity_id", "generated_from_id", "is_blocked", "blocked_note", "tags", "color",
    "client_requirement", "team_requirement", "is_iocaine", "backlog_order", "sprint_order", "kanban_order",
    "parent_order", "board_order", "epics_order", "due_date", "due_date_reason", "external_reference",
    "start_date", "estimate", "design_element_id",
})  # fmt: skip


# ItemChanges attribute -> the name its changes carry in the change log (and so in OCC checks).
LINK_DIFF_NAMES = {"watchers": "watchers", "assignees": "assigned_users", "role_points": "points"}


@dataclass
class ItemChanges:
    """What a create or edit carries besides plain columns."""

    fields: dict[str, Any] = field(default_factory=dict)
    watchers: list[int] | None = None
    assignees: list[int] | None = None
    role_points: dict[int, int | None] | None = None
    comment: str = ""
    project_id: int | None = None  # on an edit: the project the item moves to
    item_type_id: int | None = None  # the project's first type of the profile when not given on a creation;
    # on an edit, another type of the item's profile
    extra: dict[str, Any] | None = None  # keys merged into the item's `extra` (a dialect's own fields)
    archived: bool | None = None  # sets or clears `archived_at`


def get_item(
    ctx: Context, kind: ItemProfile, item_id: int, permission: str | None = None
) -> tuple[WorkItem, ProjectAccess]:
    item = ctx.session.get(WorkItem, item_id)
    if item is None or item.kind != kind.name:
        raise NotFound(entity=kind.name)
    try:
        _, access = load_project(ctx, item.project_id, kind.view)
    except NotFound:
        raise NotFound(entity=kind.name) from None
    if not access.can(kind.view):
        raise NotFound(entity=kind.name)
    if permission:
        require(ctx, access, permission)
    return item, access


def get_by_ref(ctx: Context, kind: ItemProfile, project_id: int, ref: int) -> WorkItem:
    item_id = ctx.session.scalar(select(WorkItem.id).where(
        WorkItem.project_id == project_id, WorkItem.ref == ref, WorkItem.kind == kind.name))  # fmt: skip
    if item_id is None:
        raise NotFound(entity=kind.name)
    return get_item(ctx, kind, item_id)[0]


def create_item(ctx: Context, kind: ItemProfile, project_id: int, changes: ItemChanges) -> WorkItem:
    project = ctx.session.get(Project, project_id)
    if project is None:
        raise Invalid(code="does_not_exist", field="project", params={"pk": project_id})
    try:
        load_project(ctx, project_id, kind.add)
    except NotFound:
        raise Invalid(code="does_not_exist", field="project", params={"pk": project_id}) from None
    fields = new_item_fields(project, kind, changes.fields)
    if kind.holds_subitems:
        changes.role_points = with_default_points(ctx, project, changes.role_points or {})
    validate(ctx, project, kind, fields, changes)
    tags = _register_tags(ctx, project, fields.pop("tags")) if "tags" in fields else []
    item_type = (item_types.check_type(ctx, project, kind, changes.item_type_id) if changes.item_type_id
                 else item_types.default_type(project_id, kind))  # fmt: skip
    item = WorkItem(project_id=project_id, kind=kind.name, item_type_id=item_type, ref=next_ref(ctx, project_id),
                    owner_id=ctx.actor_id, extra=dict(changes.extra or {}),
                    archived_at=utcnow() if changes.archived else None, **fields)  # fmt: skip
    _follow_status(ctx, item)
    ctx.session.add(item)
    ctx.session.flush()
    if tags:
        tag_store.set_item_tags(ctx.session, item.id, [tag.id for tag in tags])
    _replace_links(ctx, item, changes, creating=True)
    if item.is_blocked:
        follow_flags(ctx, item, False, "")
    _settle(ctx, item, None, None)
    history.record(ctx, target_type=kind.target_type, target_id=item.id, project_id=project_id, action="create",
                   version=item.version, snapshot={"ref": item.ref, "subject": item.subject},
                   comment=changes.comment)  # fmt: skip
    return item


def new_item_fields(project: Project, kind: ItemProfile, given: dict[str, Any]) -> dict[str, Any]:
    """The columns a client may set, with the project's defaults for a new item of the kind."""
    fields = {k: v for k, v in given.items() if k in EDITABLE}
    reject_nulls(WorkItem, fields, also=("tags",))
    fields.setdefault("status_id", getattr(project, kind.default_status_column))
    if kind.is_ticket:
        for column, default in (("type_id", "default_issue_type_id"), ("priority_id", "default_priority_id"),
                                ("severity_id", "default_severity_id")):  # fmt: skip
            fields.setdefault(column, getattr(project, default))
    return fields


def update_item(ctx: Context, kind: ItemProfile, item_id: int, changes: ItemChanges, version: Any = None) -> WorkItem:
    touches = bool(changes.fields or changes.watchers is not None or changes.assignees is not None
                   or changes.role_points is not None or changes.item_type_id is not None
                   or changes.extra is not None or changes.archived is not None)  # fmt: skip
    item, access = get_item(ctx, kind, item_id)
    target = moves.target_project(ctx, kind, item, access, changes.project_id)
    require(ctx, access, kind.modify if touches or target or not changes.comment else kind.comment)
    fields = {k: v for k, v in changes.fields.items() if k in EDITABLE}
    touched = set(fields) | {diff_name for attr, diff_name in LINK_DIFF_NAMES.items()
                             if getattr(changes, attr) is not None} | ({"project_id"} if target else set())  # fmt: skip
    check_version(
        item.version, version, touched, lambda v: history.changed_fields_since(ctx, kind.target_type, item.id, v)
    )
    reject_nulls(WorkItem, fields, also=("tags",))
    project = target or ctx.session.get(Project, item.project_id)
    assert project is not None
    old_project_id, old_parent_id, old_sprint_id = item.project_id, item.parent_id, item.sprint_id
    if target:
        moves.carry_over(ctx, kind, item, target, fields)
        item.item_type_id = item_types.default_type(target.id, kind)  # type: ignore[assignment]
        if kind.holds_subitems:
            changes.role_points = moves.reset_points(ctx, item, target, changes.role_points)
        fields.setdefault("tags", tag_store.item_tag_names(ctx.session, item.id))  # the target learns them
    validate(ctx, project, kind, fields, changes)
    tags = _register_tags(ctx, project, fields["tags"]) if "tags" in fields else None
    before = {k: getattr(item, k) for k in fields if k != "tags"}
    was_blocked, old_note = item.is_blocked, item.blocked_note
    if tags is not None:
        before["tags"] = tag_store.item_tag_names(ctx.session, item.id)
        fields["tags"] = [tag.name for tag in tags]
        tag_store.set_item_tags(ctx.session, item.id, [tag.id for tag in tags])
    for name, value in fields.items():
        if name != "tags":
            setattr(item, name, value)
    follow_flags(ctx, item, was_blocked, old_note)
    if "status_id" in fields:
        _follow_status(ctx, item)
    diff = history.diff_of(before, fields) | _replace_links(ctx, item, changes, creating=False)
    diff |= _own_columns(ctx, project, kind, item, changes, moved=target is not None)
    if target:
        moves.bring_along(ctx, item, old_project_id)
    if diff or changes.comment:
        item.version += 1
        item.modified_date = utcnow()
        history.record(ctx, target_type=kind.target_type, target_id=item.id, project_id=item.project_id,
                       action="change", diff=diff, version=item.version, comment=changes.comment)  # fmt: skip
    if changes.comment and ctx.actor_id is not None:  # Taiga's rule: a commenter watches the item
        reactions.start(ctx, kind, item.id, item.project_id, Watch, ctx.actor_id)
    ctx.session.flush()
    _settle(ctx, item, old_parent_id, old_sprint_id)
    return item


def delete_item(ctx: Context, kind: ItemProfile, item_id: int) -> None:
    item, _ = get_item(ctx, kind, item_id, kind.delete)
    tags = [name for name, _ in tag_store.item_tags(ctx.session, [item.id]).get(item.id, [])]
    history.record(ctx, target_type=kind.target_type, target_id=item.id, project_id=item.project_id,
                   action="delete", snapshot={"ref": item.ref, "subject": item.subject,
                                              "row": history.row_snapshot(item), "tags": tags})  # fmt: skip
    for model in (Watch, Vote):
        ctx.session.execute(delete(model).where(model.target_type == kind.target_type, model.target_id == item.id))
    _drop_attachments(ctx, item)
    ctx.session.delete(item)
    ctx.session.flush()
    _settle(ctx, item, None, None, deleted=True)


def _settle(ctx: Context, item: WorkItem, old_parent_id: int | None, old_sprint_id: int | None,
            deleted: bool = False) -> None:  # fmt: skip
    """Taiga's automatic closing after a write: the story (the item, or a task's story before and after)
    and the sprints before and after; after a deletion the item's sprint may close but not reopen."""
    profile = KINDS[item.kind]
    if profile.groups_items:
        return
    stories = [item.parent_id, old_parent_id] if profile.is_subitem else []
    if profile.holds_subitems and not deleted:
        stories.append(item.id)
    closing.settle(ctx, stories, [item.sprint_id, old_sprint_id], reopen=not deleted)


def _own_columns(ctx: Context, project: Project, kind: ItemProfile, item: WorkItem, changes: ItemChanges,
                 moved: bool) -> dict[str, Any]:  # fmt: skip
    """The item type (another of the same profile), the archive mark and the extra keys; their diff."""
    diff: dict[str, Any] = {}
    if changes.item_type_id is not None and changes.item_type_id != item.item_type_id:
        new_type = item_types.check_type(ctx, project, kind, changes.item_type_id)
        diff["item_type_id"] = [None if moved else item.item_type_id, new_type]
        item.item_type_id = new_type
    if changes.archived is not None and changes.archived != (item.archived_at is not None):
        item.archived_at = utcnow() if changes.archived else None
        diff["archived_at"] = [not changes.archived, changes.archived]
    if changes.extra:  # one level deep: a section's keys merge into that section
        old = item.extra or {}
        merged = boards.merge_sections(old, changes.extra)
        if merged != old:
            diff["extra"] = [old, merged]
            item.extra = merged
    return diff


def _drop_attachments(ctx: Context, item: WorkItem) -> None:
    """An item's files go with it, from the disk once the deletion has committed."""
    storage = ctx.env.storage
    rows = list(ctx.session.scalars(select(Attachment).where(
        Attachment.target_type == item.kind, Attachment.target_id == item.id)))  # fmt: skip
    for row in rows:
        ctx.session.delete(row)
        ctx.uow.after_commit(lambda key=row.file_key: storage.delete(key))  # type: ignore[misc]


def validate(ctx: Context, project: Project, kind: ItemProfile, fields: dict[str, Any], changes: ItemChanges) -> None:
    if "subject" in fields and not str(fields["subject"]).strip():
        raise Invalid(code="blank", field="subject")
    validate_references(ctx, project.id, kind, fields)
    if changes.assignees:
        validate_members(ctx, project.id, "assigned_users", changes.assignees)
    if changes.role_points:
        validate_role_points(ctx, project.id, changes.role_points)


def with_default_points(ctx: Context, project: Project, given: dict[int, int | None]) -> dict[int, int | None]:
    """Every computable role of the project gets an estimate; missing ones take the project default."""
    roles = ctx.session.scalars(select(Role.id).where(Role.project_id == project.id, Role.computable.is_(True)))
    return {role_id: project.default_points_id for role_id in roles} | given


def status_closes(ctx: Context, status_id: int | None) -> bool:
    status = ctx.session.get(Status, status_id) if status_id else None
    return bool(status and status.is_closed)


def _follow_status(ctx: Context, item: WorkItem) -> None:
    """`is_closed` and `finish_date` follow the status (Taiga's rule); a story's come from its tasks too,
    in `closing`."""
    if KINDS[item.kind].holds_subitems:
        return
    closed = status_closes(ctx, item.status_id)
    if closed != item.is_closed or (closed and item.finish_date is None):
        item.is_closed = closed
        item.finish_date = utcnow() if closed else None


def _register_tags(ctx: Context, project: Project, sent: list[Any]) -> list[Tag]:
    """Tags as sent (names or [name, color] pairs) -> the project's tags, by lower-case name, in the order
    sent; new ones join the project's palette with the color sent first."""
    new: dict[str, str | None] = {}
    names: list[str] = []
    for tag in sent:
        name, color = (tag[0], tag[1] if len(tag) > 1 else None) if isinstance(tag, list | tuple) else (tag, None)
        if not isinstance(name, str) or not name.strip():
            raise Invalid(code="invalid_tag", field="tags")
        limits.check_tag("tags", name, color)
        name = name.strip().lower()
        if name not in names:
            names.append(name)
        new.setdefault(name, color)
    current = tag_store.palette(ctx.session, project.id)
    known = {tag.name for tag in current}
    palette = tag_store.add_to_palette(ctx.session, project, current, [(n, c) for n, c in new.items()
                                                                       if n not in known], "tags")  # fmt: skip
    record_new_tags(ctx, project.id, [(tag.id, tag.name) for tag in palette[len(current) :]])
    by_name = {tag.name: tag for tag in palette}
    return [by_name[name] for name in names]


def _replace_links(ctx: Context, item: WorkItem, changes: ItemChanges, creating: bool) -> dict[str, Any]:
    """Watchers, assignees and points per role; returns their part of the diff."""
    diff: dict[str, Any] = {}
    s = ctx.session
    if changes.watchers is not None:
        validate_members(ctx, item.project_id, "watchers", changes.watchers)
        old = set(s.scalars(select(Watch.user_id).where(Watch.target_type == item.kind, Watch.target_id == item.id)))
        new = set(changes.watchers)
        s.execute(delete(Watch).where(Watch.target_type == item.kind, Watch.target_id == item.id,
                                      Watch.user_id.in_(old - new)))  # fmt: skip
        s.add_all(Watch(target_type=item.kind, target_id=item.id, user_id=u) for u in new - old)
        if old != new:
            diff["watchers"] = [sorted(old), sorted(new)]
    if changes.assignees is not None:
        old = set(s.scalars(select(WorkItemAssignee.user_id).where(WorkItemAssignee.work_item_id == item.id)))
        new = set(changes.assignees)
        s.execute(delete(WorkItemAssignee).where(WorkItemAssignee.work_item_id == item.id,
                                                 WorkItemAssignee.user_id.in_(old - new)))  # fmt: skip
        s.add_all(WorkItemAssignee(work_item_id=item.id, user_id=u) for u in new - old)
        if old != new:
            diff["assigned_users"] = [sorted(old), sorted(new)]
    if changes.role_points is not None:
        current = {rp.role_id: rp for rp in s.scalars(select(RolePoints).where(RolePoints.work_item_id == item.id))}
        changed = {}
        for role_id, points_id in changes.role_points.items():
            row = current.get(role_id)
            if row is None:
                s.add(RolePoints(work_item_id=item.id, role_id=role_id, points_id=points_id))
                changed[str(role_id)] = [None, points_id]
            elif row.points_id != points_id:
                changed[str(role_id)] = [row.points_id, points_id]
                row.points_id = points_id
        if changed and not creating:
            diff["points"] = changed
    s.flush()
    return diff
