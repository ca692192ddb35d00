"""A project's story workflow replaced by another of its workspace (its stories moved by a status map),
and the stories of lanes put in statuses (a lane map). Both check everything first and name every
problem at once; nothing is written when one is found."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select, update

from planyard.core import history, workflows
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.work_items.kinds import STORY
from planyard.kit.errors import Invalid, Problem
from planyard.models import Lane, LaneStatus, Project, Status, Workflow, WorkItem

MAX_ID_DIGITS = 18


def usable_workflow(ctx: Context, workspace_id: int, workflow_id: int | None) -> Workflow | None:
    """The workflow a project of the workspace may use: a shared one, or one a visible project's board shows."""
    workflow = ctx.session.get(Workflow, workflow_id) if workflow_id is not None else None
    if workflow is None or workflow.workspace_id != workspace_id:
        return None
    return workflow


def valid_statuses(ctx: Context, workflow_id: int) -> list[Status] | None:
    """The workflow's statuses when it has two or more, one of them closed; else None."""
    statuses = list(ctx.session.scalars(select(Status).where(Status.workflow_id == workflow_id)))
    if len(statuses) < 2 or not any(s.is_closed for s in statuses):
        return None
    return statuses


def _ids(mapping: Mapping[str, Any], side: int) -> list[int | None]:
    def number(value: Any) -> int | None:
        if isinstance(value, bool):
            return None
        text = str(value)
        return int(text) if text.isdigit() and len(text) <= MAX_ID_DIGITS else None

    return [number(pair[side]) for pair in mapping.items()]


def switch_workflow(
    ctx: Context, project_id: int, workflow_id: int | None, mapping: Mapping[str, Any] | None, *, mapped: bool = True
) -> Project:
    """The project's story board shows `workflow_id`; each story takes the status `mapping` names for its
    old one (every old status must be named; None: no map given). `mapped` False: a project without
    stories takes the workflow without a map (its first status becomes the default)."""
    project, _ = load_project(ctx, project_id, "admin_project_values")
    board = workflows.board_of(ctx.session, project.id, STORY.name)
    old = {s.id for s in ctx.session.scalars(select(Status).where(Status.workflow_id == board.workflow_id))}
    problems: dict[str, list[Problem]] = {}
    workflow = usable_workflow(ctx, project.workspace_id, workflow_id)
    new = valid_statuses(ctx, workflow.id) if workflow is not None else None
    if workflow is None:
        problems["workflow"] = [Problem("invalid")]
    elif new is None:
        problems["workflow"] = [Problem("too_few_statuses")]
    moves: dict[int, int] = {}
    if mapped and mapping is None:
        problems.setdefault("map", []).append(Problem("blank"))
    elif mapping is not None:
        if not mapping:
            problems.setdefault("map", []).append(Problem("blank"))
        keys, values = _ids(mapping, 0), _ids(mapping, 1)
        new_ids = {s.id for s in new or ()}
        if any(k not in old for k in keys) or (new is not None and any(v not in new_ids for v in values)):
            problems.setdefault("map", []).append(Problem("unknown_statuses"))
        elif not old <= set(keys):
            problems.setdefault("map", []).append(Problem("unmapped_statuses"))
        moves = {int(k): int(v) for k, v in zip(keys, values, strict=True) if k is not None and v is not None}
    if problems:
        raise Invalid(fields=problems)
    assert workflow is not None and new is not None
    if not mapped and ctx.session.scalar(select(WorkItem.id).where(*_stories(project.id, old)).limit(1)):
        raise Invalid(code="unmapped_statuses", field="map")
    _move_stories(ctx, project, old, moves)
    before = board.workflow_id
    board.workflow_id = workflow.id
    first = min(new, key=lambda s: (s.order, s.id))
    project.default_us_status_id = moves.get(project.default_us_status_id or 0, first.id)
    _renew_lane_rows(ctx, project.id, old, new)
    ctx.session.flush()
    workflows.drop_unused(ctx.session, {before})
    history.record(ctx, target_type="board", target_id=board.id, project_id=project.id, action="change",
                   diff={"workflow": [before, workflow.id]})  # fmt: skip
    return project


def _stories(project_id: int, status_ids: set[int]) -> tuple[Any, ...]:
    return (WorkItem.project_id == project_id, WorkItem.kind == STORY.name, WorkItem.status_id.in_(status_ids))


def _move_stories(ctx: Context, project: Project, old: set[int], moves: Mapping[int, int]) -> None:
    rows = ctx.session.execute(select(WorkItem.id, WorkItem.status_id, WorkItem.version)
                               .where(*_stories(project.id, old))).all()  # fmt: skip
    _set_statuses(ctx, project.id, [(row.id, row.status_id, moves[row.status_id], row.version) for row in rows])


def _set_statuses(ctx: Context, project_id: int, changes: list[tuple[int, int | None, int, int]]) -> None:
    """Items (id, old status, new status, version) in their new status, each with a new version."""
    for item_id, _, status_id, _ in changes:
        ctx.session.execute(update(WorkItem).where(WorkItem.id == item_id)
                            .values(status_id=status_id, version=WorkItem.version + 1))  # fmt: skip
    history.record_quiet_changes(ctx, STORY.target_type, project_id,
                                 [(i, {"status_id": [before, after]}, version + 1)
                                  for i, before, after, version in changes if before != after])  # fmt: skip


def _renew_lane_rows(ctx: Context, project_id: int, old: set[int], new: list[Status]) -> None:
    lane_ids = list(ctx.session.scalars(select(Lane.id).where(Lane.project_id == project_id)))
    if not lane_ids:
        return
    ctx.session.execute(delete(LaneStatus).where(LaneStatus.lane_id.in_(lane_ids), LaneStatus.status_id.in_(old)))
    shown = set(ctx.session.scalars(select(LaneStatus.status_id).where(LaneStatus.lane_id.in_(lane_ids))))
    ctx.session.add_all(LaneStatus(lane_id=lane_id, status_id=s.id) for lane_id in lane_ids for s in new
                        if s.id not in shown)  # fmt: skip
    ctx.session.flush()


def map_lanes(ctx: Context, project_id: int, mapping: Mapping[str, Any] | None) -> Project:
    """Every story of each lane `mapping` names takes the status it names (one of the project's story
    statuses)."""
    project, _ = load_project(ctx, project_id, "modify_project")
    problems: dict[str, list[Problem]] = {}
    if not mapping:
        raise Invalid(code="blank", field="map")
    keys, values = _ids(mapping, 0), _ids(mapping, 1)
    lanes = set(ctx.session.scalars(select(Lane.id).where(Lane.project_id == project.id)))
    statuses = set(ctx.session.scalars(select(Status.id).where(workflows.statuses_of(project.id, STORY.name))))
    if any(k not in lanes for k in keys):
        problems.setdefault("map", []).append(Problem("unknown_lanes"))
    if any(v not in statuses for v in values):
        problems.setdefault("map", []).append(Problem("unknown_statuses"))
    if problems:
        raise Invalid(fields=problems)
    lane_status = {int(k): int(v) for k, v in zip(keys, values, strict=True) if k is not None and v is not None}
    rows = ctx.session.execute(select(WorkItem.id, WorkItem.status_id, WorkItem.version, WorkItem.lane_id)
                               .where(WorkItem.project_id == project.id, WorkItem.kind == STORY.name,
                                      WorkItem.lane_id.in_(lane_status))).all()  # fmt: skip
    _set_statuses(ctx, project.id, [(r.id, r.status_id, lane_status[r.lane_id], r.version) for r in rows])
    ctx.session.flush()
    return project
