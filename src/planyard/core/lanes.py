"""Lanes (Taiga swimlanes): the horizontal rows of a project's kanban board. Project admins manage
them; the first lane of a project becomes its default lane and takes every story in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select, update

from planyard.core import history, lane_statuses, workflows
from planyard.core.access import ProjectAccess, load_project
from planyard.core.context import Context
from planyard.core.projects.service import visible_projects
from planyard.core.work_items.kinds import STORY
from planyard.kit.errors import Forbidden, Invalid, NotAuthenticated, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.kit.validation import reject_nulls
from planyard.models import Lane, Project, WorkItem

TARGET = "swimlane"
DEFAULT_KEY = "default_lane_id"  # in projects.extra: the lane new stories land in


def list_query(ctx: Context, project_id: int | None) -> Select[Any]:
    stmt = select(Lane).where(Lane.project_id.in_(visible_projects(ctx).with_only_columns(Project.id)))
    if project_id is not None:
        stmt = stmt.where(Lane.project_id == project_id)
    return stmt.order_by(Lane.project_id, Lane.order, Lane.name, Lane.id)


def lanes_by_project(ctx: Context, project_ids: set[int]) -> dict[int, list[Lane]]:
    """Each project's lanes in board order, in one query (for the project detail's `swimlanes`)."""
    by_project: dict[int, list[Lane]] = {pid: [] for pid in project_ids}
    if project_ids:
        stmt = select(Lane).where(Lane.project_id.in_(project_ids)).order_by(Lane.order, Lane.name, Lane.id)
        for lane in ctx.session.scalars(stmt):
            by_project[lane.project_id].append(lane)
    return by_project


def default_lane_ids(ctx: Context, project_ids: set[int]) -> dict[int, int | None]:
    if not project_ids:
        return {}
    rows = ctx.session.execute(select(Project.id, Project.extra).where(Project.id.in_(project_ids)))
    return {pid: (extra or {}).get(DEFAULT_KEY) for pid, extra in rows}


def get_lane(ctx: Context, lane_id: int, admin: bool = False) -> Lane:
    lane = ctx.session.get(Lane, lane_id)
    if lane is None:
        raise NotFound(entity="lane")
    try:
        _, access = load_project(ctx, lane.project_id)
    except NotFound:
        raise NotFound(entity="lane") from None
    if admin:
        _require_admin(ctx, access)
    return lane


def create_lane(ctx: Context, project_id: int, name: str) -> Lane:
    ctx.require_user()
    project = ctx.session.get(Project, project_id)
    invalid = Invalid(code="does_not_exist", field="project", params={"pk": project_id})
    if project is None:
        raise invalid
    try:
        _, access = load_project(ctx, project_id)
    except NotFound:
        raise invalid from None
    _require_admin(ctx, access)
    _check_name(ctx, project_id, name, None)
    last = ctx.session.scalar(select(func.max(Lane.order)).where(Lane.project_id == project_id))
    board = workflows.board_of(ctx.session, project_id, STORY.name)
    lane = Lane(project_id=project_id, board_id=board.id, name=name, order=(last or 0) + 1)
    ctx.session.add(lane)
    ctx.session.flush()
    lane_statuses.add_for_lane(ctx, lane, first=last is None)
    if last is None:  # the first lane: it takes every story and becomes the default
        ctx.session.execute(update(WorkItem).where(WorkItem.project_id == project_id, WorkItem.kind == STORY.name)
                            .values(lane_id=lane.id))  # fmt: skip
        project.extra = {**(project.extra or {}), DEFAULT_KEY: lane.id}
    history.record(ctx, target_type=TARGET, target_id=lane.id, project_id=project_id, action="create",
                   snapshot={"name": lane.name})  # fmt: skip
    ctx.session.flush()
    return lane


def update_lane(ctx: Context, lane_id: int, changes: dict[str, Any]) -> Lane:
    lane = get_lane(ctx, lane_id, admin=True)
    fields = {k: v for k, v in changes.items() if k == "name"}
    reject_nulls(Lane, fields)
    if "name" in fields:
        _check_name(ctx, lane.project_id, fields["name"], lane.id)
    diff = history.diff_of({k: getattr(lane, k) for k in fields}, fields)
    for name, value in fields.items():
        setattr(lane, name, value)
    if diff:
        history.record(ctx, target_type=TARGET, target_id=lane.id, project_id=lane.project_id, action="change",
                       diff=diff)  # fmt: skip
    ctx.session.flush()
    return lane


def delete_lane(ctx: Context, lane_id: int, move_to: int | None) -> None:
    """Its stories move to the end of lane `move_to`; only the last lane may leave them without one."""
    lane = get_lane(ctx, lane_id, admin=True)
    project = ctx.session.get(Project, lane.project_id)
    assert project is not None
    count = ctx.session.scalar(select(func.count()).where(Lane.project_id == lane.project_id)) or 0
    default_id = (project.extra or {}).get(DEFAULT_KEY)
    if move_to is None and count > 1:
        raise Invalid(code="lane_required")
    target = ctx.session.get(Lane, move_to) if move_to is not None else None
    if move_to is not None and (target is None or target.project_id != lane.project_id or target.id == lane.id):
        raise Invalid(code="invalid_move_to", entity="lane", field="moveTo")
    if default_id == lane.id and count > 1:
        raise Invalid(code="default_lane_kept")
    _move_stories(ctx, lane, target)
    if default_id == lane.id:
        project.extra = {k: v for k, v in (project.extra or {}).items() if k != DEFAULT_KEY}
    history.record(ctx, target_type=TARGET, target_id=lane.id, project_id=lane.project_id, action="delete",
                   snapshot={"name": lane.name, "moved_to": move_to})  # fmt: skip
    ctx.session.delete(lane)
    ctx.session.flush()


def bulk_update_order(ctx: Context, project_id: int, pairs: list[tuple[int, int]]) -> None:
    _, access = load_project(ctx, project_id)
    _require_admin(ctx, access)
    ids = [lane_id for lane_id, _ in pairs]
    lanes = {lane.id: lane for lane in ctx.session.scalars(
        select(Lane).where(Lane.id.in_(ids), Lane.project_id == project_id))}  # fmt: skip
    unknown = [lane_id for lane_id in ids if lane_id not in lanes]
    if unknown:
        raise Invalid(code="unknown_ids", params={"ids": unknown})
    for lane_id, order in pairs:
        lanes[lane_id].order = order
    history.record(ctx, target_type=TARGET, target_id=project_id, project_id=project_id, action="change",
                   diff={"order": [None, [list(p) for p in pairs]]})  # fmt: skip
    ctx.session.flush()


def _move_stories(ctx: Context, lane: Lane, target: Lane | None) -> None:
    """One UPDATE; moved stories keep their relative order, after the target lane's own stories."""
    moved = WorkItem.lane_id == lane.id
    values: dict[str, Any] = {"lane_id": target.id if target else None}
    if target is not None:
        s = ctx.session
        last = s.scalar(select(func.max(WorkItem.kanban_order)).where(WorkItem.lane_id == target.id))
        first = s.scalar(select(func.min(WorkItem.kanban_order)).where(moved))
        if last is not None and first is not None and first <= last:
            values["kanban_order"] = WorkItem.kanban_order + (last - first + 1)
    ctx.session.execute(update(WorkItem).where(moved).values(values))


def _check_name(ctx: Context, project_id: int, name: str, exclude: int | None) -> None:
    if not name.strip():
        raise Invalid(code="blank", field="name")
    stmt = select(Lane.id).where(Lane.project_id == project_id, Lane.name == name)
    if exclude is not None:
        stmt = stmt.where(Lane.id != exclude)
    if ctx.session.scalar(stmt) is not None:
        raise Invalid(code="duplicate", field="name")


def _require_admin(ctx: Context, access: ProjectAccess) -> None:
    if not access.is_admin:
        raise NotAuthenticated() if ctx.actor is None else Forbidden()


def list_lanes(ctx: Context, project_id: int | None, query: ListQuery) -> Page[Lane]:
    return fetch_page(ctx.session, list_query(ctx, project_id), query.window)
