"""Per-lane WIP limits (Taiga's swimlane user story statuses): every lane shows every story status of
its project through a row of its own, which carries that lane's limit. Rows come with a new lane or a
new story status (the project's first lane copies the statuses' own limits) and go with either; project
admins edit the limit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.projects.service import visible_projects
from planyard.core.work_items.kinds import KINDS, STORY
from planyard.core.workflows import statuses_of
from planyard.kit.errors import Forbidden, NotAuthenticated, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import Board, Lane, LaneStatus, Project, Status

TARGET = "swimlane_status"


def for_lanes(ctx: Context, lane_ids: set[int]) -> dict[int, list[tuple[LaneStatus, Status]]]:
    """Each lane's rows with their status, in board order, in one query."""
    by_lane: dict[int, list[tuple[LaneStatus, Status]]] = {lane_id: [] for lane_id in lane_ids}
    if lane_ids:
        stmt = (
            select(LaneStatus, Status)
            .join(Status, Status.id == LaneStatus.status_id)
            .where(LaneStatus.lane_id.in_(lane_ids))
            .order_by(Status.order, Status.name, Status.id)
        )
        for row, status in ctx.session.execute(stmt):
            by_lane[row.lane_id].append((row, status))
    return by_lane


def add_for_lane(ctx: Context, lane: Lane, first: bool) -> None:
    """A new lane lists every story status; the project's first lane takes over their limits."""
    statuses = ctx.session.scalars(select(Status).where(statuses_of(lane.project_id, STORY.name)))
    ctx.session.add_all(
        LaneStatus(lane_id=lane.id, status_id=s.id, wip_limit=s.wip_limit if first else None) for s in statuses
    )
    ctx.session.flush()


def add_for_status(ctx: Context, status: Status) -> None:
    """A new story status joins every lane of the projects that show its workflow; it keeps its limit when
    there is a single lane."""
    if not KINDS[status.kind].holds_subitems:
        return
    projects = select(Board.project_id).where(Board.workflow_id == status.workflow_id, Board.profile == status.kind)
    lane_ids = list(ctx.session.scalars(select(Lane.id).where(Lane.project_id.in_(projects))))
    limit = status.wip_limit if len(lane_ids) == 1 else None
    ctx.session.add_all(LaneStatus(lane_id=lane_id, status_id=status.id, wip_limit=limit) for lane_id in lane_ids)
    ctx.session.flush()


def list_query(ctx: Context, project_id: int | None) -> Select[Any]:
    visible = visible_projects(ctx).with_only_columns(Project.id)
    stmt = (
        select(LaneStatus)
        .join(Lane, Lane.id == LaneStatus.lane_id)
        .join(Status, Status.id == LaneStatus.status_id)
        .where(Lane.project_id.in_(visible))
    )
    if project_id is not None:
        stmt = stmt.where(Lane.project_id == project_id)
    return stmt.order_by(Lane.project_id, Lane.order, Lane.name, Lane.id, Status.order, Status.name, Status.id)


def get_row(ctx: Context, row_id: int, admin: bool = False) -> LaneStatus:
    row = ctx.session.get(LaneStatus, row_id)
    lane = ctx.session.get(Lane, row.lane_id) if row is not None else None
    if row is None or lane is None:
        raise NotFound(entity="lane_status")
    try:
        _, access = load_project(ctx, lane.project_id)
    except NotFound:
        raise NotFound(entity="lane_status") from None
    if admin and not access.is_admin:
        raise NotAuthenticated() if ctx.actor is None else Forbidden()
    return row


def update_row(ctx: Context, row_id: int, changes: dict[str, Any]) -> LaneStatus:
    """Only the limit is editable (the lane and the status are fixed); null removes it."""
    row = get_row(ctx, row_id, admin=True)
    fields = {k: v for k, v in changes.items() if k == "wip_limit"}
    diff = history.diff_of({k: getattr(row, k) for k in fields}, fields)
    for name, value in fields.items():
        setattr(row, name, value)
    if diff:
        lane = ctx.session.get(Lane, row.lane_id)
        assert lane is not None
        history.record(ctx, target_type=TARGET, target_id=row.id, project_id=lane.project_id, action="change",
                       diff=diff)  # fmt: skip
    ctx.session.flush()
    return row


def list_rows(ctx: Context, project_id: int | None, query: ListQuery) -> Page[LaneStatus]:
    return fetch_page(ctx.session, list_query(ctx, project_id), query.window)
