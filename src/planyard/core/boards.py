"""A project's boards as boards of their own (Kaiten boards): each shows a workflow of its own, its columns
(statuses, sub-columns by `parent_id`) and its lanes. Reading needs the project's view permission,
writing its `admin_project_values`. The item profile of a board made here is `story`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, func, select

from planyard.core import history, lane_statuses, project_values, workflows
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.projects.service import visible_projects
from planyard.core.work_items.kinds import STORY
from planyard.kit.errors import Invalid, NotFound
from planyard.models import Board, Lane, Project, Status, WorkItem

ADMIN = "admin_project_values"
COLUMNS = project_values.USERSTORY_STATUS


def list_boards(ctx: Context, project_id: int) -> list[Board]:
    load_project(ctx, project_id)
    return list(ctx.session.scalars(select(Board).where(Board.project_id == project_id)
                                    .order_by(Board.order, Board.id)))  # fmt: skip


def get_board(ctx: Context, board_id: int, permission: str = "view_project") -> Board:
    board = ctx.session.get(Board, board_id)
    if board is None:
        raise NotFound(entity="board")
    try:
        load_project(ctx, board.project_id, permission)
    except NotFound:
        raise NotFound(entity="board") from None
    return board


def visible_board_ids(ctx: Context) -> Any:
    """A subquery of the ids of the boards of the projects the actor sees."""
    return select(Board.id).where(Board.project_id.in_(visible_projects(ctx).with_only_columns(Project.id)))


def create_board(ctx: Context, project_id: int, name: str, extra: dict[str, Any], order: int | None = None) -> Board:
    """A story board with a new, empty workflow of its own."""
    _check_name(name)
    workflow = workflows.create_workflow(ctx, project_id, name)
    board = workflows.create_board(ctx, project_id, workflow.id, STORY.name, name)
    board.extra = extra
    if order is not None:
        board.order = order
    ctx.session.flush()
    return board


def update_board(ctx: Context, board_id: int, changes: dict[str, Any]) -> Board:
    """`name`, `order` and `extra` (merged key by key)."""
    board = get_board(ctx, board_id, ADMIN)
    if "name" in changes:
        _check_name(changes["name"])
    fields = {k: v for k, v in changes.items() if k in ("name", "order")}
    if changes.get("extra"):
        fields["extra"] = merge_sections(board.extra, changes["extra"])
    diff = history.diff_of({k: getattr(board, k) for k in fields}, fields)
    for name, value in fields.items():
        setattr(board, name, value)
    if diff:
        history.record(ctx, target_type="board", target_id=board.id, project_id=board.project_id, action="change",
                       diff=diff)  # fmt: skip
    ctx.session.flush()
    return board


def delete_board(ctx: Context, board_id: int) -> None:
    """A board without items goes with its lanes and (unless another board shows it) its workflow; the
    project's last board of a profile stays (400)."""
    board = get_board(ctx, board_id, ADMIN)
    others = select(func.count()).where(Board.project_id == board.project_id, Board.profile == board.profile,
                                        Board.id != board.id)  # fmt: skip
    if not ctx.session.scalar(others):
        raise Invalid(code="last_board", entity="board")
    if ctx.session.scalar(select(exists().where(WorkItem.status_id.in_(_statuses(board))))):
        raise Invalid(code="board_not_empty", entity="board")
    history.record(ctx, target_type="board", target_id=board.id, project_id=board.project_id, action="delete",
                   snapshot={"name": board.name})  # fmt: skip
    for lane in ctx.session.scalars(select(Lane).where(Lane.board_id == board.id)):
        ctx.session.delete(lane)
    ctx.session.flush()  # the lanes first: the board's delete would cascade to them
    ctx.session.delete(board)
    ctx.session.flush()
    workflows.drop_unused(ctx.session, {board.workflow_id})
    ctx.session.flush()


def _statuses(board: Board) -> Any:
    return select(Status.id).where(Status.workflow_id == board.workflow_id)


def _check_name(name: str) -> None:
    if not name.strip():
        raise Invalid(code="blank", field="name")


# Columns


def columns_of(ctx: Context, board_ids: list[int]) -> dict[int, list[Status]]:
    """Each board's columns and sub-columns in board order, in one query."""
    by_board: dict[int, list[Status]] = {board_id: [] for board_id in board_ids}
    if board_ids:
        stmt = (select(Board.id, Status).join(Status, Status.workflow_id == Board.workflow_id)
                .where(Board.id.in_(board_ids)).order_by(Status.order, Status.id))  # fmt: skip
        for board_id, status in ctx.session.execute(stmt):
            by_board[board_id].append(status)
    return by_board


def get_column(ctx: Context, board: Board, column_id: int, parent_id: int | None = None) -> Status:
    status = ctx.session.get(Status, column_id)
    if status is None or status.workflow_id != board.workflow_id or (parent_id and status.parent_id != parent_id):
        raise NotFound(entity="column")
    return status


def board_of_column(ctx: Context, column_id: int, permission: str = "view_project") -> tuple[Board, Status]:
    status = ctx.session.get(Status, column_id)
    board = None if status is None else ctx.session.scalar(select(Board).where(
        Board.project_id == status.project_id, Board.workflow_id == status.workflow_id).limit(1))  # fmt: skip
    if status is None or board is None:
        raise NotFound(entity="column")
    return get_board(ctx, board.id, permission), status


def add_column(ctx: Context, board_id: int, fields: dict[str, Any], parent_id: int | None = None) -> Status:
    """A column (or a sub-column of `parent_id`) of the board's workflow; `order` None puts it last."""
    board = get_board(ctx, board_id, ADMIN)
    if parent_id is not None:
        parent = get_column(ctx, board, parent_id)
        if parent.parent_id is not None:
            raise Invalid(code="too_deep", field="column_id")
        fields = {**fields, "is_closed": parent.is_closed}
    if fields.get("order") is None:
        fields = {**fields, "order": _next_order(ctx, board, parent_id)}
    status = project_values.create_value(ctx, COLUMNS, board.project_id, fields, board.workflow_id)
    assert isinstance(status, Status)
    if parent_id is not None:
        project_values.set_parent(ctx, COLUMNS, status.id, parent_id)
    return status


def update_column(ctx: Context, board_id: int, column_id: int, fields: dict[str, Any],
                  parent_id: int | None = None) -> Status:  # fmt: skip
    board = get_board(ctx, board_id, ADMIN)
    status = get_column(ctx, board, column_id, parent_id)
    if "extra" in fields:
        fields = {**fields, "extra": merge_sections(status.extra, fields["extra"])}
    changed = project_values.update_value(ctx, COLUMNS, status.id, fields)
    assert isinstance(changed, Status)
    if "is_closed" in fields:  # its sub-columns follow it
        for sub in ctx.session.scalars(select(Status).where(Status.parent_id == status.id)):
            if sub.is_closed != changed.is_closed:
                project_values.update_value(ctx, COLUMNS, sub.id, {"is_closed": changed.is_closed})
    return changed


def delete_column(ctx: Context, board_id: int, column_id: int, parent_id: int | None = None) -> None:
    """A column without items (its sub-columns with it); 400 while items sit in it."""
    board = get_board(ctx, board_id, ADMIN)
    status = get_column(ctx, board, column_id, parent_id)
    ids = [status.id, *ctx.session.scalars(select(Status.id).where(Status.parent_id == status.id))]
    if ctx.session.scalar(select(exists().where(WorkItem.status_id.in_(ids)))):
        raise Invalid(code="column_not_empty", entity="column")
    project = ctx.session.get(Project, board.project_id)
    assert project is not None
    for status_id in reversed(ids):
        history.record(ctx, target_type=COLUMNS.name, target_id=status_id, project_id=board.project_id,
                       action="delete", snapshot={"board": board.id})  # fmt: skip
        if project.default_us_status_id == status_id:
            project.default_us_status_id = _another_status(ctx, project, set(ids))
        row = ctx.session.get(Status, status_id)
        ctx.session.delete(row)
    ctx.session.flush()
    workflows.categorize(ctx.session, board.workflow_id)


def _another_status(ctx: Context, project: Project, gone: set[int]) -> int | None:
    return ctx.session.scalar(select(Status.id).where(workflows.statuses_of(project.id, STORY.name),
                                                      Status.id.not_in(gone)).order_by(Status.order, Status.id)
                              .limit(1))  # fmt: skip


def _next_order(ctx: Context, board: Board, parent_id: int | None) -> int:
    last = ctx.session.scalar(select(func.max(Status.order)).where(Status.workflow_id == board.workflow_id))
    return (last or 0) + (1 if parent_id is not None else 10)


# Lanes


def lanes_of(ctx: Context, board_ids: list[int]) -> dict[int, list[Lane]]:
    by_board: dict[int, list[Lane]] = {board_id: [] for board_id in board_ids}
    if board_ids:
        for lane in ctx.session.scalars(select(Lane).where(Lane.board_id.in_(board_ids))
                                        .order_by(Lane.order, Lane.id)):  # fmt: skip
            by_board[lane.board_id or 0].append(lane)
    return by_board


def get_lane(ctx: Context, board: Board, lane_id: int) -> Lane:
    lane = ctx.session.get(Lane, lane_id)
    if lane is None or lane.board_id != board.id:
        raise NotFound(entity="lane")
    return lane


def add_lane(ctx: Context, board_id: int, name: str, order: int | None = None,
             extra: dict[str, Any] | None = None) -> Lane:  # fmt: skip
    """A lane of this board alone (the project's default lane, Taiga's, is not touched)."""
    board = get_board(ctx, board_id, ADMIN)
    _check_name(name)
    if order is None:
        order = (ctx.session.scalar(select(func.max(Lane.order)).where(Lane.board_id == board.id)) or 0) + 1
    lane = Lane(project_id=board.project_id, board_id=board.id, name=name, order=order, extra=extra or {})
    ctx.session.add(lane)
    ctx.session.flush()
    lane_statuses.add_for_lane(ctx, lane, first=False)
    history.record(ctx, target_type="swimlane", target_id=lane.id, project_id=board.project_id, action="create",
                   snapshot={"name": name, "board": board.id})  # fmt: skip
    return lane


def update_lane(ctx: Context, board_id: int, lane_id: int, changes: dict[str, Any]) -> Lane:
    board = get_board(ctx, board_id, ADMIN)
    lane = get_lane(ctx, board, lane_id)
    if "name" in changes:
        _check_name(changes["name"])
    fields = {k: v for k, v in changes.items() if k in ("name", "order")}
    if changes.get("extra"):
        fields["extra"] = merge_sections(lane.extra, changes["extra"])
    diff = history.diff_of({k: getattr(lane, k) for k in fields}, fields)
    for name, value in fields.items():
        setattr(lane, name, value)
    if diff:
        history.record(ctx, target_type="swimlane", target_id=lane.id, project_id=lane.project_id,
                       action="change", diff=diff)  # fmt: skip
    ctx.session.flush()
    return lane


def delete_lane(ctx: Context, board_id: int, lane_id: int) -> None:
    """A lane without items; 400 while items sit in it, and for the project's default lane."""
    board = get_board(ctx, board_id, ADMIN)
    lane = get_lane(ctx, board, lane_id)
    if ctx.session.scalar(select(exists().where(WorkItem.lane_id == lane.id))):
        raise Invalid(code="lane_not_empty", entity="lane")
    project = ctx.session.get(Project, lane.project_id)
    if project is not None and (project.extra or {}).get("default_lane_id") == lane.id:
        raise Invalid(code="default_lane_kept")
    history.record(ctx, target_type="swimlane", target_id=lane.id, project_id=lane.project_id, action="delete",
                   snapshot={"name": lane.name})  # fmt: skip
    ctx.session.delete(lane)
    ctx.session.flush()


def merge_sections(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """`extra` after a write: each section sent (a dict) merges into the section kept, key by key."""
    return {**old, **{key: {**old[key], **value} if isinstance(value, dict) and isinstance(old.get(key), dict)
                      else value for key, value in new.items()}}  # fmt: skip


def first_boards(ctx: Context, project_ids: set[int], profile: str = STORY.name) -> dict[int, int]:
    """Each project's first board of a profile (where its sprints show), in one query."""
    found: dict[int, int] = {}
    if project_ids:
        stmt = (select(Board.project_id, Board.id).where(Board.project_id.in_(project_ids), Board.profile == profile)
                .order_by(Board.order.desc(), Board.id.desc()))  # fmt: skip
        found = {project_id: board_id for project_id, board_id in ctx.session.execute(stmt)}
    return found
