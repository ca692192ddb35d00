"""Tasks (Taiga §18): a task belongs to a user story of its project and follows that story's sprint;
its two orders (in the story and on the sprint taskboard) move the neighbouring tasks along; bulk
creation and bulk moves are all or nothing; filters_data counts each facet of a filtered list."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.work_items import browse, bulk, closing
from planyard.core.work_items.filters import by_role, column_in, excluding, item_filters
from planyard.core.work_items.kinds import KINDS, STORY, TASK
from planyard.core.work_items.service import ItemChanges, create_item, get_item, update_item
from planyard.core.workflows import statuses_of
from planyard.kit import limits
from planyard.kit.errors import Invalid
from planyard.kit.filters import Filter, ValueType
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import Sprint, Status, Vote, WorkItem


def _assigned_role(users: Select[Any]) -> ColumnElement[bool]:
    return and_(WorkItem.assigned_to_id.is_not(None), WorkItem.assigned_to_id.in_(users))


def by_status_order() -> list[Any]:
    return [select(Status.order).where(Status.id == WorkItem.status_id).scalar_subquery(), WorkItem.id]


def by_voters() -> list[Any]:
    votes = select(func.count(Vote.id)).where(Vote.target_type == WorkItem.kind, Vote.target_id == WorkItem.id)
    return [votes.scalar_subquery(), WorkItem.id]


SHARED_EXTRA = {
    "assignee_role": Filter(ValueType.IDS, by_role(_assigned_role)),
    "assignee_role_excluded": Filter(ValueType.IDS, by_role(_assigned_role, exclude=True)),
}
SHARED_ORDERINGS = {
    "project": lambda: [WorkItem.project_id, WorkItem.id], "sprint": lambda: [WorkItem.sprint_id, WorkItem.id],
    "status": by_status_order, "voters": by_voters,
}  # fmt: skip
TASK_FILTERS = item_filters(
    extra=SHARED_EXTRA | {"parent": Filter(ValueType.IDS, column_in(WorkItem.parent_id)),
                          "parent_excluded": Filter(ValueType.IDS, excluding(column_in(WorkItem.parent_id)))},
    orderings=SHARED_ORDERINGS,
)  # fmt: skip
DEFAULT_ORDER = [WorkItem.project_id, WorkItem.created_date, WorkItem.ref]
ORDER_COLUMNS = {"parent_order": WorkItem.parent_order, "board_order": WorkItem.board_order}


def list_query(ctx: Context, query: ListQuery) -> Select[Any]:
    order = TASK_FILTERS.order(query, DEFAULT_ORDER)
    return browse.filtered(ctx, TASK, TASK_FILTERS, query).order_by(*order)


def list_tasks(ctx: Context, query: ListQuery) -> Page[WorkItem]:
    return fetch_page(ctx.session, list_query(ctx, query), query.window)


def neighbors(ctx: Context, item: WorkItem, query: ListQuery) -> dict[str, Any]:
    """The items before and after `item` in its project's list under the query (its `ref` filter aside)."""
    stmt = browse.filtered(ctx, TASK, TASK_FILTERS, query, skip=("ref",))
    return browse.neighbors(ctx, stmt, TASK_FILTERS.order(query, DEFAULT_ORDER), item)


def create_task(ctx: Context, project_id: int, changes: ItemChanges) -> WorkItem:
    _follow_story(ctx, project_id, changes.fields, None)
    return create_item(ctx, TASK, project_id, changes)


def update_task(
    ctx: Context, task_id: int, changes: ItemChanges, version: Any, extra_orders: dict[int, int],
    project_id: int | None = None,
) -> tuple[WorkItem, dict[int, int]]:  # fmt: skip
    """The edited task and the orders of the tasks moved along with it (Taiga-Info-Order-Updated)."""
    item, _ = get_item(ctx, TASK, task_id)
    before = {"parent_order": (item.project_id, item.parent_id, item.parent_order),
              "board_order": (item.project_id, item.parent_id, item.status_id, item.board_order)}  # fmt: skip
    changes.project_id = project_id
    if project_id in (None, item.project_id):  # a move finds its story in the target (moves.carry_over)
        _follow_story(ctx, item.project_id, changes.fields, item)
    item = update_item(ctx, TASK, task_id, changes, version)
    after = {"parent_order": (item.project_id, item.parent_id, item.parent_order),
             "board_order": (item.project_id, item.parent_id, item.status_id, item.board_order)}  # fmt: skip
    moved: dict[int, int] = {}
    for column in ("parent_order", "board_order"):
        if before[column] != after[column]:
            scope = {"parent_id": item.parent_id}
            if column == "board_order":
                scope |= {"status_id": item.status_id, "sprint_id": item.sprint_id}
            requested = {item.id: getattr(item, column)} | extra_orders
            moved |= _move(ctx, item.project_id, column, scope, requested)
    return item, moved


def bulk_create(
    ctx: Context, project_id: int, lines: list[str], parent_id: int | None, sprint_id: int | None, status_id: int | None
) -> list[WorkItem]:
    project, _ = browse.bulk_project(ctx, project_id, TASK.add)
    if not lines:
        raise Invalid(code="required", field="bulk_tasks")
    limits.check_lines("bulk_tasks", lines, ctx.env.settings.max_bulk_lines)
    _check_scope(ctx, project_id, parent_id, status_id, sprint_id)
    fields = {"parent_id": parent_id, "sprint_id": sprint_id, "status_id": status_id or project.default_task_status_id}
    fields = {k: v for k, v in fields.items() if v is not None}
    _follow_story(ctx, project_id, fields, None)
    return bulk.create_items(ctx, TASK, project, [{"subject": line} for line in lines], fields)


def bulk_update_order(
    ctx: Context, column: str, project_id: int, moves: dict[int, int], scope: dict[str, int | None]
) -> dict[int, int]:
    """bulk_update_us_order / bulk_update_taskboard_order: moves tasks within the given story, status
    and sprint (those given); every task named must be in that scope."""
    browse.bulk_project(ctx, project_id, TASK.modify)
    _check_scope(ctx, project_id, scope.get("parent_id"), scope.get("status_id"), scope.get("sprint_id"))
    given = {k: v for k, v in scope.items() if v is not None}
    found = set(ctx.session.scalars(_scoped(project_id, given, WorkItem.id).where(WorkItem.id.in_(moves))))
    if found != set(moves):
        raise Invalid(code="out_of_scope", entity="bulk_task", field="bulk_tasks")
    return _move(ctx, project_id, column, given, moves)


def bulk_update_sprint(ctx: Context, project_id: int, sprint_id: int, moves: dict[int, int]) -> dict[int, int]:
    """bulk_update_milestone: the tasks join the sprint at the given taskboard orders."""
    browse.bulk_project(ctx, project_id, TASK.modify)
    if ctx.session.scalar(select(Sprint.id).where(Sprint.id == sprint_id, Sprint.project_id == project_id)) is None:
        raise Invalid(code="unknown_sprint", field="sprint_id")
    tasks = list(ctx.session.scalars(_scoped(project_id, {}, WorkItem).where(WorkItem.id.in_(moves))))
    if len(tasks) != len(moves):
        raise Invalid(code="foreign_items", entity="task", field="bulk_tasks")
    old_sprints = {task.sprint_id for task in tasks}
    for task in tasks:
        if task.sprint_id != sprint_id:
            history.record(ctx, target_type=TASK.target_type, target_id=task.id, project_id=project_id,
                           action="change", diff={"sprint_id": [task.sprint_id, sprint_id]},
                           version=task.version + 1)  # fmt: skip
            task.sprint_id, task.version = sprint_id, task.version + 1
    closing.settle(ctx, sprints=old_sprints | {sprint_id})
    _move(ctx, project_id, "board_order", {"sprint_id": sprint_id}, moves, keep_requested=True)
    return {task_id: sprint_id for task_id in moves}


def filters_data(ctx: Context, project_id: int, query: ListQuery) -> dict[str, Any]:
    project, _ = load_project(ctx, project_id)

    def facet(*skip: str) -> Select[Any]:
        return browse.filtered(ctx, TASK, TASK_FILTERS, query, skip=skip).where(WorkItem.project_id == project_id)

    return {
        "statuses": browse.counted_statuses(ctx, project_id, TASK.name, browse.count_by(
            ctx, facet("status", "status_excluded"), WorkItem.status_id)),
        "assigned_to": browse.counted_assignees(ctx, project_id, browse.count_by(
            ctx, facet("assignee", "assignee_excluded"), WorkItem.assigned_to_id)),
        "owners": browse.counted_owners(ctx, project_id, browse.count_by(
            ctx, facet("owner", "owner_excluded"), WorkItem.owner_id)),
        "tags": browse.counted_tags(ctx, project, facet("tags", "tags_excluded")),
        "roles": browse.counted_roles(ctx, project_id, facet("assignee_role", "assignee_role_excluded")),
    }  # fmt: skip


def _follow_story(ctx: Context, project_id: int, fields: dict[str, Any], current: WorkItem | None) -> None:
    """A task in a story is in the story's sprint (Taiga sets it on every save)."""
    parent_id = fields.get("parent_id", current.parent_id if current else None)
    if parent_id is None or (current is not None and not {"parent_id", "sprint_id"} & set(fields)):
        return
    story = ctx.session.get(WorkItem, parent_id)
    if story is None or not KINDS[story.kind].holds_subitems or story.project_id != project_id:
        raise Invalid(code="unknown_parent", field="parent_id")
    fields["sprint_id"] = story.sprint_id


def _check_scope(
    ctx: Context, project_id: int, parent_id: int | None, status_id: int | None, sprint_id: int | None
) -> None:
    s = ctx.session
    if sprint_id is not None and s.scalar(select(Sprint.id).where(
            Sprint.id == sprint_id, Sprint.project_id == project_id)) is None:  # fmt: skip
        raise Invalid(code="unknown_sprint", entity="bulk_task", field="sprint_id")
    if status_id is not None and s.scalar(select(Status.id).where(
            Status.id == status_id, statuses_of(project_id, TASK.name))) is None:  # fmt: skip
        raise Invalid(code="unknown_status", entity="bulk_task", field="status_id")
    if parent_id is not None:
        story = s.scalar(select(WorkItem).where(WorkItem.id == parent_id, WorkItem.project_id == project_id,
                                                WorkItem.kind == STORY.name))  # fmt: skip
        if story is None or (sprint_id is not None and story.sprint_id != sprint_id):
            raise Invalid(code="unknown_parent", entity="bulk_task", field="parent_id")


def _scoped(project_id: int, scope: dict[str, Any], *columns: Any) -> Select[Any]:
    stmt = select(*columns).where(WorkItem.project_id == project_id, WorkItem.kind == TASK.name)
    for name, value in scope.items():
        stmt = stmt.where(getattr(WorkItem, name) == value)
    return stmt


def _move(
    ctx: Context, project_id: int, column: str, scope: dict[str, Any], requested: dict[int, int],
    keep_requested: bool = False,
) -> dict[int, int]:  # fmt: skip
    """Applies the requested orders in the scope and shifts the others; stores and records the changes.
    Returns the new orders of the moved tasks and of those shifted along."""
    stored: dict[int, int] = dict(
        ctx.session.execute(_scoped(project_id, scope, WorkItem.id, ORDER_COLUMNS[column])).all()
    )
    requested = {k: v for k, v in requested.items() if k in stored}
    base = stored | requested if keep_requested else stored
    result = browse.shifted_orders(base, requested) | requested
    changed = {k: v for k, v in result.items() if stored[k] != v}
    if changed:
        ctx.session.execute(update(WorkItem), [{"id": k, column: v} for k, v in changed.items()])
    for item_id, order in changed.items():
        loaded = ctx.session.identity_map.get(identity_key(WorkItem, item_id))
        if loaded is not None:
            set_committed_value(loaded, column, order)
        history.record(ctx, target_type=TASK.target_type, target_id=item_id, project_id=project_id,
                       action="change", diff={column: [stored[item_id], order]})  # fmt: skip
    return result
