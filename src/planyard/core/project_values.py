"""Project values: the per-project lists work items point at (statuses of each kind, points, issue
types, priorities, severities) and the due date levels of each kind. One service for the whole family;
each kind is a `ValueSpec`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select, update

from planyard.core import history, lane_statuses, workflows
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.projects.service import visible_projects
from planyard.core.slugs import unique_slug
from planyard.core.work_items import closing
from planyard.core.work_items.kinds import EPIC, ISSUE, STORY, TASK
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.kit.validation import reject_nulls
from planyard.models import Board, DueDateLevel, ItemOption, PointValue, Project, Status, WorkItem

ValueRow = Status | PointValue | ItemOption | DueDateLevel
# The levels a project gets when it asks for the defaults (those of taiga-back's templates).
DEFAULT_DUE_DATE_LEVELS = [
    {"name": "Default", "order": 1, "by_default": True, "color": "#9dce0a", "days_to_due": None},
    {"name": "Due soon", "order": 2, "by_default": False, "color": "#ff9900", "days_to_due": 14},
    {"name": "Past due", "order": 3, "by_default": False, "color": "#E44057", "days_to_due": 0},
]
# Called before a value is deleted with (ctx, old_id, new_id): moves the items that use it.
Reassigner = Callable[[Context, int, int], None]


@dataclass(frozen=True)
class ValueSpec:
    name: str  # change-log target type, e.g. "userstory_status"
    model: type[ValueRow]
    kind: str | None  # Status.kind / ItemOption.kind; None for points
    default_column: str | None  # Project column holding the default value for new items
    reassigners: list[Reassigner] = field(default_factory=list)
    item_column: str | None = None  # the work_items column naming a value of this kind (moved on delete)

    def scoped(self, stmt: Select[Any]) -> Select[Any]:
        return stmt.where(self.model.kind == self.kind) if self.kind else stmt  # type: ignore[union-attr]


def list_query(ctx: Context, spec: ValueSpec, project_id: int | None) -> Select[Any]:
    """A project's statuses are those of the workflows its boards use (shared ones too)."""
    project_ids = visible_projects(ctx).with_only_columns(Project.id)
    if spec.model is Status:
        boards = select(Board.workflow_id).where(Board.project_id.in_(project_ids), Board.profile == spec.kind)
        if project_id is not None:
            boards = boards.where(Board.project_id == project_id)
        return select(Status).where(Status.workflow_id.in_(boards)).order_by(
            Status.project_id, Status.order, Status.name, Status.id)  # fmt: skip
    stmt = spec.scoped(select(spec.model).where(spec.model.project_id.in_(project_ids)))
    if project_id is not None:
        stmt = stmt.where(spec.model.project_id == project_id)
    return stmt.order_by(spec.model.project_id, spec.model.order, spec.model.name, spec.model.id)


def get_value(ctx: Context, spec: ValueSpec, value_id: int, permission: str = "view_project") -> ValueRow:
    value: ValueRow | None = ctx.session.get(spec.model, value_id)  # type: ignore[assignment]
    if value is None or (spec.kind and getattr(value, "kind", None) != spec.kind):
        raise NotFound()
    try:
        load_project(ctx, owner_of(ctx, value), permission)
    except NotFound:
        raise NotFound() from None
    return value


def owner_of(ctx: Context, value: ValueRow) -> int:
    """The project a value belongs to; a shared workflow's status (no owner) belongs to the first project
    showing it (none: NotFound)."""
    if value.project_id is not None:
        return value.project_id
    assert isinstance(value, Status)
    project_id = workflows.first_project_showing(ctx.session, value.workflow_id)
    if project_id is None:
        raise NotFound()
    return project_id


def create_value(
    ctx: Context, spec: ValueSpec, project_id: int, fields: dict[str, Any], workflow_id: int | None = None
) -> ValueRow:
    """A new value; a status joins `workflow_id` (a workflow a board of the project shows, maybe shared with
    other projects: it lists in theirs too) or else the workflow of the project's board of its kind."""
    if ctx.session.get(Project, project_id) is None:
        raise Invalid(code="unknown_project", field="project")
    load_project(ctx, project_id, "admin_project_values")
    fields = {k: v for k, v in fields.items() if v is not None or k in ("wip_limit", "value", "days_to_due")}
    extra: dict[str, Any] = {"kind": spec.kind} if spec.kind else {}
    if spec.model is Status:
        extra["workflow_id"] = workflows.workflow_for(ctx.session, project_id, str(spec.kind), workflow_id)
    _check_unique_name(ctx, spec, project_id, fields.get("name"), None, extra.get("workflow_id"))
    if spec.model is Status:
        extra["slug"] = _slug(ctx, spec, project_id, fields.pop("slug", None) or fields["name"], None)
    if "order" not in fields:
        fields["order"] = _next_order(ctx, spec, project_id, extra.get("workflow_id", workflow_id))
    value = spec.model(project_id=project_id, **extra, **fields)
    ctx.session.add(value)
    ctx.session.flush()
    if isinstance(value, Status):
        workflows.categorize(ctx.session, value.workflow_id)
        lane_statuses.add_for_status(ctx, value)
    history.record(ctx, target_type=spec.name, target_id=value.id, project_id=project_id, action="create",
                   snapshot={"name": value.name})  # fmt: skip
    return value


def update_value(ctx: Context, spec: ValueSpec, value_id: int, changes: dict[str, Any]) -> ValueRow:
    value = get_value(ctx, spec, value_id, "admin_project_values")
    reject_nulls(spec.model, changes)
    owner = owner_of(ctx, value)
    _check_unique_name(ctx, spec, owner, changes.get("name"), value.id, getattr(value, "workflow_id", None))
    if spec.model is Status and ("slug" in changes or "name" in changes):
        base = changes.pop("slug", None) or changes.get("name") or value.slug  # type: ignore[union-attr]
        changes["slug"] = _slug(ctx, spec, owner, base, value.id)
    before = {k: getattr(value, k) for k in changes}
    for name, new in changes.items():
        setattr(value, name, new)
    history.record(ctx, target_type=spec.name, target_id=value.id, project_id=value.project_id, action="change",
                   diff=history.diff_of(before, changes))  # fmt: skip
    ctx.session.flush()
    if isinstance(value, Status) and before.get("is_closed", value.is_closed) != value.is_closed:
        closing.status_flag_changed(ctx, value)
    if isinstance(value, Status) and {"is_closed", "order", "name"} & set(changes):
        workflows.categorize(ctx.session, value.workflow_id)
    return value


def delete_value(ctx: Context, spec: ValueSpec, value_id: int, move_to: int | None) -> None:
    value = get_value(ctx, spec, value_id, "admin_project_values")
    if isinstance(value, DueDateLevel):  # no item points at a level: nothing moves, the default stays
        if value.by_default:
            raise Invalid(code="default_due_date_kept", entity=spec.kind)
        history.record(ctx, target_type=spec.name, target_id=value.id, project_id=value.project_id,
                       action="delete", snapshot={"name": value.name})  # fmt: skip
        ctx.session.delete(value)
        ctx.session.flush()
        return
    if move_to is None:
        raise Invalid(code="move_to_required")
    target = ctx.session.get(spec.model, move_to)
    same_kind = target is not None and (not spec.kind or getattr(target, "kind", None) == spec.kind)
    if not same_kind or target.project_id != value.project_id or target.id == value.id:  # type: ignore[union-attr]
        raise Invalid(code="invalid_move_to", field="moveTo")
    for reassign in spec.reassigners:
        reassign(ctx, value.id, move_to)
    if spec.item_column is not None:
        moved: dict[str, Any] = {spec.item_column: move_to}
        if isinstance(target, Status):
            moved["is_closed"] = target.is_closed
        column = getattr(WorkItem, spec.item_column)
        ctx.session.execute(update(WorkItem).where(column == value.id).values(moved))
    if spec.default_column:
        ctx.session.execute(
            update(Project).where(Project.id == value.project_id, getattr(Project, spec.default_column) == value.id)
            .values({spec.default_column: move_to})
        )  # fmt: skip
    history.record(ctx, target_type=spec.name, target_id=value.id, project_id=value.project_id, action="delete",
                   snapshot={"name": value.name, "moved_to": move_to})  # fmt: skip
    ctx.session.delete(value)
    ctx.session.flush()
    if isinstance(value, Status):
        workflows.categorize(ctx.session, value.workflow_id)


def create_default_due_date_levels(ctx: Context, spec: ValueSpec, project_id: int | None) -> list[Any]:
    """A project without due date levels of the spec's kind gets the default ones."""
    if project_id is None or ctx.session.get(Project, project_id) is None:
        raise Invalid(code="unknown_project", field="project_id")
    load_project(ctx, project_id, "admin_project_values")
    if ctx.session.scalar(spec.scoped(select(DueDateLevel.id).where(DueDateLevel.project_id == project_id))):
        raise Invalid(code="due_dates_exist")
    for fields in DEFAULT_DUE_DATE_LEVELS:
        create_value(ctx, spec, project_id, dict(fields))
    return list(ctx.session.scalars(list_query(ctx, spec, project_id)))


def set_parent(ctx: Context, spec: ValueSpec, status_id: int, parent_id: int | None) -> Status:
    """Make a status a sub-column of another column of its workflow (None: a column of its own again)."""
    status = get_value(ctx, spec, status_id, "admin_project_values")
    assert isinstance(status, Status)
    if parent_id is not None:
        parent = ctx.session.get(Status, parent_id)
        if parent is None or parent.workflow_id != status.workflow_id or parent.id == status.id:
            raise Invalid(code="foreign_parent", field="parent")
        if parent.parent_id is not None or ctx.session.scalar(select(Status.id).where(Status.parent_id == status.id)):
            raise Invalid(code="too_deep", field="parent")
    history.record(ctx, target_type=spec.name, target_id=status.id, project_id=status.project_id, action="change",
                   diff=history.diff_of({"parent_id": status.parent_id}, {"parent_id": parent_id}))  # fmt: skip
    status.parent_id = parent_id
    ctx.session.flush()
    workflows.categorize(ctx.session, status.workflow_id)
    return status


def bulk_update_order(ctx: Context, spec: ValueSpec, project_id: int, pairs: list[tuple[int, int]]) -> None:
    load_project(ctx, project_id, "admin_project_values")
    ids = [value_id for value_id, _ in pairs]
    stmt = spec.scoped(select(spec.model).where(spec.model.id.in_(ids), spec.model.project_id == project_id))
    rows = {v.id: v for v in ctx.session.scalars(stmt)}
    unknown = [value_id for value_id in ids if value_id not in rows]
    if unknown:
        raise Invalid(code="unknown_ids", params={"ids": unknown})
    for value_id, order in pairs:
        rows[value_id].order = order
    history.record(ctx, target_type=spec.name, target_id=project_id, project_id=project_id, action="change",
                   diff={"order": [None, [list(p) for p in pairs]]})  # fmt: skip
    ctx.session.flush()
    for workflow_id in {row.workflow_id for row in rows.values() if isinstance(row, Status)}:
        workflows.categorize(ctx.session, workflow_id)


def _check_unique_name(ctx: Context, spec: ValueSpec, project_id: int, name: str | None, exclude: int | None,
                       workflow_id: int | None = None) -> None:  # fmt: skip
    """Unique in the project; a status in its workflow (each Kaiten board has its own "Done")."""
    if name is None:
        return
    stmt = spec.scoped(select(spec.model.id).where(spec.model.name == name))
    if workflow_id is not None:
        stmt = stmt.where(Status.workflow_id == workflow_id)
    else:
        stmt = stmt.where(spec.model.project_id == project_id)
    if exclude is not None:
        stmt = stmt.where(spec.model.id != exclude)
    if ctx.session.scalar(stmt) is not None:
        raise Invalid(code="duplicate", field="name")


def _slug(ctx: Context, spec: ValueSpec, project_id: int, base: str, exclude: int | None) -> str:
    def taken(slug: str) -> bool:
        stmt = select(Status.id).where(Status.project_id == project_id, Status.kind == spec.kind, Status.slug == slug)
        if exclude is not None:
            stmt = stmt.where(Status.id != exclude)
        return ctx.session.scalar(stmt) is not None

    return unique_slug(base, taken)


def _next_order(ctx: Context, spec: ValueSpec, project_id: int, workflow_id: int | None = None) -> int:
    if workflow_id is not None:  # the last column of that workflow
        return (ctx.session.scalar(select(func.max(Status.order)).where(Status.workflow_id == workflow_id)) or 0) + 1
    stmt = spec.scoped(select(func.max(spec.model.order)).where(spec.model.project_id == project_id))
    return (ctx.session.scalar(stmt) or 0) + 1


EPIC_STATUS = ValueSpec("epic_status", Status, EPIC.name, EPIC.default_status_column, item_column="status_id")
USERSTORY_STATUS = ValueSpec("userstory_status", Status, STORY.name, STORY.default_status_column,
                             item_column="status_id")  # fmt: skip
TASK_STATUS = ValueSpec("task_status", Status, TASK.name, TASK.default_status_column, item_column="status_id")
ISSUE_STATUS = ValueSpec("issue_status", Status, ISSUE.name, ISSUE.default_status_column, item_column="status_id")
POINTS = ValueSpec("points", PointValue, None, "default_points_id")
ISSUE_TYPE = ValueSpec("issue_type", ItemOption, "issue_type", "default_issue_type_id", item_column="type_id")
PRIORITY = ValueSpec("priority", ItemOption, "priority", "default_priority_id", item_column="priority_id")
SEVERITY = ValueSpec("severity", ItemOption, "severity", "default_severity_id", item_column="severity_id")
STORY_DUE_DATE = ValueSpec("userstory_due_date", DueDateLevel, STORY.name, None)
TASK_DUE_DATE = ValueSpec("task_due_date", DueDateLevel, TASK.name, None)
ISSUE_DUE_DATE = ValueSpec("issue_due_date", DueDateLevel, ISSUE.name, None)


def list_values(ctx: Context, spec: ValueSpec, project_id: int | None, query: ListQuery) -> Page[Any]:
    return fetch_page(ctx.session, list_query(ctx, spec, project_id), query.window)
