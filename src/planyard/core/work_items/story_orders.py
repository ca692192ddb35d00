"""Reordering user stories in the backlog, a sprint or the kanban, the two ways Taiga accepts:
explicit positions ({us_id, order}; the other stories shift to make room, as the documented API
does) and the web client's drops (stories put before or after one story of a cell, or at its top;
the cell is renumbered). Moves into a sprint take the stories' tasks along. One UPDATE per changed
row at most; every story the client moved gets a change-log entry. All or nothing."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.work_items import closing
from planyard.core.work_items.kinds import STORY
from planyard.kit.errors import Invalid
from planyard.models import Lane, Project, Sprint, Status, WorkItem

ORDER_FIELDS = ("backlog_order", "sprint_order", "kanban_order")
TRACKED = (*ORDER_FIELDS, "sprint_id", "status_id", "lane_id", "is_closed")
Snapshot = dict[int, dict[str, Any]]
FOREIGN_STORIES = "Invalid user story ids. All stories must belong to the same project."


def new_order() -> int:
    """A fresh order puts a story at the end of its list (Taiga uses the current time)."""
    return time.time_ns() // 1_000_000


def shifted_orders(current: dict[int, int], moves: dict[int, int]) -> dict[int, int]:
    """Every story's order after putting each story of `moves` at its new position, nearest first;
    the stories in the way move down by one. Unknown ids in `moves` are ignored."""
    orders = dict(current)
    moves = {k: v for k, v in moves.items() if k in orders}
    for story_id, target in sorted(moves.items(), key=lambda move: move[1]):
        old = orders[story_id]
        for other, order in orders.items():
            backward = target <= old and target <= order < old
            forward = target >= old and order >= target
            if backward or forward:
                orders[other] = order + 1
    return orders | moves


@dataclass(frozen=True)
class Drop:
    """The web client's move: `story_ids` go, in this order, before or after one story of the cell."""

    story_ids: list[int]
    after_id: int | None = None
    before_id: int | None = None


def make_room(ctx: Context, item: WorkItem, field: str) -> dict[int, int]:
    """After an edit gave `item` a new order: the stories at or after it in its list shift down."""
    scope = [WorkItem.sprint_id == item.sprint_id] if field == "sprint_order" else []
    rows = _stories(ctx, item.project_id, *scope)
    return _apply(rows, field, shifted_orders(_orders(rows, field), {item.id: getattr(item, field)}))


def reorder_positions(ctx: Context, project_id: int, field: str, positions: dict[int, int]) -> dict[int, int]:
    """The documented bulk format: each story gets its order, the others make room. Returns the changes."""
    _project(ctx, project_id)
    rows = _stories(ctx, project_id)
    if set(positions) - rows.keys():
        raise Invalid.field("bulk_stories", FOREIGN_STORIES)
    moved = [rows[i] for i in positions]
    before = _snapshot(moved)
    changed = _apply(rows, field, shifted_orders(_orders(rows, field), positions))
    _record(ctx, moved, before)
    return changed


def move_to_sprint(ctx: Context, project_id: int, sprint_id: int, positions: dict[int, int]) -> None:
    """Stories into a sprint at the given sprint orders (the sprint's other stories make room)."""
    _project(ctx, project_id)
    _check_sprint(ctx, project_id, sprint_id, "The milestone isn't valid for the project")
    in_sprint = _stories(ctx, project_id, WorkItem.sprint_id == sprint_id)
    moved = _stories(ctx, project_id, WorkItem.id.in_(positions))
    if set(positions) - moved.keys():
        raise Invalid.field("bulk_stories", "All the user stories must be from the same project")
    before = _snapshot(moved.values())
    base = _orders(in_sprint, "sprint_order") | positions
    _apply(in_sprint | moved, "sprint_order", shifted_orders(base, positions))
    _relocate(ctx, [moved[i] for i in positions], {"sprint_id": sprint_id}, before)


def drop_in_backlog(
    ctx: Context, project_id: int, sprint_id: int | None, drop: Drop
) -> tuple[str, list[tuple[int, int]]]:
    """Stories dropped in the backlog (no sprint) or in a sprint; returns the order field and the new orders."""
    _project(ctx, project_id)
    if sprint_id is not None:
        _check_sprint(
            ctx, project_id, sprint_id, "Invalid milestone id. The milestone must belong to the same project."
        )
    field = "sprint_order" if sprint_id is not None else "backlog_order"
    cell = WorkItem.sprint_id == sprint_id if sprint_id is not None else WorkItem.sprint_id.is_(None)
    moved, before, data = _drop(ctx, project_id, field, cell, drop, "project and milestone")
    _relocate(ctx, moved, {"sprint_id": sprint_id}, before)
    return field, data


def drop_in_kanban(
    ctx: Context, project_id: int, status_id: int, lane_id: int | None, drop: Drop
) -> list[tuple[int, int]]:
    """Stories dropped in a kanban cell (status, lane); they take that status and lane."""
    _project(ctx, project_id)
    status = ctx.session.scalar(select(Status).where(Status.id == status_id, Status.project_id == project_id,
                                                     Status.kind == STORY.name))  # fmt: skip
    if status is None:
        raise Invalid.field("status_id", "Invalid user story status id. The status must belong to the same project.")
    if (
        lane_id is not None
        and ctx.session.scalar(select(Lane.id).where(Lane.id == lane_id, Lane.project_id == project_id)) is None
    ):
        raise Invalid.field("swimlane_id", "Invalid swimlane id. The swimlane must belong to the same project.")
    lane = WorkItem.lane_id == lane_id if lane_id is not None else WorkItem.lane_id.is_(None)
    moved, before, data = _drop(ctx, project_id, "kanban_order", (WorkItem.status_id == status_id) & lane, drop,
                                "project, status and swimlane")  # fmt: skip
    _relocate(ctx, moved, {"status_id": status_id, "lane_id": lane_id}, before)
    return data


def move_tasks_to_sprint(ctx: Context, stories: list[WorkItem]) -> None:
    """The tasks of each story follow it to its sprint (or back to the backlog)."""
    sprint_of = {s.id: s.sprint_id for s in stories}
    if not sprint_of:
        return
    for task in ctx.session.scalars(select(WorkItem).where(WorkItem.kind == "task", WorkItem.parent_id.in_(sprint_of))):
        new = sprint_of[task.parent_id]  # type: ignore[index]
        if task.sprint_id != new:
            old, task.sprint_id = task.sprint_id, new
            task.version += 1
            history.record(ctx, target_type="task", target_id=task.id, project_id=task.project_id, action="change",
                           diff={"sprint_id": [old, new]}, version=task.version)  # fmt: skip


def _drop(
    ctx: Context, project_id: int, field: str, cell: ColumnElement[bool], drop: Drop, where: str
) -> tuple[list[WorkItem], Snapshot, list[tuple[int, int]]]:
    ids = list(dict.fromkeys(drop.story_ids))
    moved = _stories(ctx, project_id, WorkItem.id.in_(ids))
    if set(ids) - moved.keys():
        raise Invalid.field("bulk_userstories", FOREIGN_STORIES)
    if drop.after_id and drop.before_id:
        raise Invalid.field("before_userstory_id", "You can't use after and before at the same time.")
    rows = _stories(ctx, project_id, cell)
    rest = sorted((r for r in rows.values() if r.id not in moved), key=lambda r: (getattr(r, field), r.id))
    start = 1
    for name, anchor_id in (("after_userstory_id", drop.after_id), ("before_userstory_id", drop.before_id)):
        if anchor_id is None:
            continue
        anchor = rows.get(anchor_id)
        if anchor is None or anchor_id in moved:
            raise Invalid.field(name, f"Invalid user story id. The user story must belong to the same {where}.")
        start = getattr(anchor, field) + (1 if name == "after_userstory_id" else 0)
        rest = [r for r in rest if getattr(r, field) >= getattr(anchor, field) and r.id != drop.after_id]
    before = _snapshot(moved.values())
    data = [(story_id, start + n) for n, story_id in enumerate([*ids, *(r.id for r in rest)])]
    _apply(rows | moved, field, dict(data))
    return [moved[i] for i in ids], before, data


def _relocate(ctx: Context, stories: list[WorkItem], values: dict[str, Any], before: Snapshot) -> None:
    """Give the moved stories their new sprint/status/lane; their tasks follow them to the sprint;
    `is_closed` and the sprints before and after are settled (Taiga's automatic closing); record each
    one's change."""
    for story in stories:
        for name, value in values.items():
            setattr(story, name, value)
    move_tasks_to_sprint(ctx, [s for s in stories if s.sprint_id != before[s.id]["sprint_id"]])
    sprints = {s.sprint_id for s in stories} | {before[s.id]["sprint_id"] for s in stories}
    closing.settle(ctx, [s.id for s in stories], sprints)
    _record(ctx, stories, before)


def _snapshot(stories: Iterable[WorkItem]) -> Snapshot:
    return {s.id: {name: getattr(s, name) for name in TRACKED} for s in stories}


def _record(ctx: Context, stories: list[WorkItem], before: Snapshot) -> None:
    """One entry per moved story; anything beyond its orders is a new version (so OCC sees it)."""
    for story in stories:
        diff = history.diff_of(before[story.id], {name: getattr(story, name) for name in TRACKED})
        if not diff:
            continue
        if set(diff) - set(ORDER_FIELDS):
            story.version += 1
        history.record(ctx, target_type=STORY.target_type, target_id=story.id, project_id=story.project_id,
                       action="change", diff=diff, version=story.version)  # fmt: skip


def _project(ctx: Context, project_id: int) -> Project:
    if ctx.session.get(Project, project_id) is None:
        raise Invalid.field("project_id", "There's no project with that id")
    return load_project(ctx, project_id, STORY.modify)[0]


def _check_sprint(ctx: Context, project_id: int, sprint_id: int, message: str) -> None:
    if ctx.session.scalar(select(Sprint.id).where(Sprint.id == sprint_id, Sprint.project_id == project_id)) is None:
        raise Invalid.field("milestone_id", message)


def _stories(ctx: Context, project_id: int, *where: ColumnElement[bool]) -> dict[int, WorkItem]:
    stmt = select(WorkItem).where(WorkItem.project_id == project_id, WorkItem.kind == STORY.name, *where)
    return {row.id: row for row in ctx.session.scalars(stmt)}


def _orders(rows: dict[int, WorkItem], field: str) -> dict[int, int]:
    return {i: getattr(row, field) for i, row in rows.items()}


def _apply(rows: dict[int, WorkItem], field: str, orders: dict[int, int]) -> dict[int, int]:
    """Set the orders that differ (the flush writes one UPDATE per changed row); returns them."""
    changed = {i: o for i, o in orders.items() if i in rows and getattr(rows[i], field) != o}
    for story_id, order in changed.items():
        setattr(rows[story_id], field, order)
    return changed
