"""Reordering user stories in the backlog, a sprint or the kanban, the two ways Taiga accepts:
explicit positions ({us_id, order}; the other stories shift to make room, as the documented API
does) and the web client's drops (stories put before or after one story of a cell, or at its top;
Taiga renumbers the cell from there on). The new orders follow `reordering`: Taiga's ordering, the
others changed only as far as needed. Here is the database side: only the stories the client moved
are loaded as objects (and only the columns a reorder touches); the others of the list are read as
(id, order), a page at a time from where the moves land up to the first that keeps its order, and
the changed orders written in one batched UPDATE. Moves into a sprint take the stories' tasks
along. Every story the client moved gets a change-log entry, all of them in two INSERTs; a new order
alone settles no closing. All or nothing."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any, cast

from sqlalchemy import BigInteger, ColumnElement, String, Table, and_, bindparam, func, or_, select, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import load_only
from sqlalchemy.orm.attributes import set_committed_value

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.taiga_rules.reordering import Drop, TaigaMoves, drop_orders, fewest_shifts, positioned_orders
from planyard.core.work_items import closing
from planyard.core.work_items.facts import IDS
from planyard.core.work_items.kinds import STORY
from planyard.core.workflows import statuses_of
from planyard.kit.errors import Invalid
from planyard.kit.sql import bound_ids, json_array_rows, json_item_text, json_text, plain_rows, records
from planyard.models import Lane, Project, Sprint, Status, WorkItem

ORDER_FIELDS = ("backlog_order", "sprint_order", "kanban_order")
TRACKED = (*ORDER_FIELDS, "sprint_id", "status_id", "lane_id", "is_closed")
Snapshot = dict[int, dict[str, Any]]
MOVED_COLUMNS = load_only(*(getattr(WorkItem, name) for name in (*TRACKED, "project_id", "version")))
# The statements every reorder runs, built once (see facts.py).
_OF_PROJECT = (WorkItem.project_id == bindparam("project"), WorkItem.kind == STORY.name, WorkItem.id.in_(IDS))
STORIES_TO_MOVE = select(WorkItem).where(*_OF_PROJECT).options(MOVED_COLUMNS)
WHOLE_ROWS = select(*(getattr(WorkItem, c.key) for c in WorkItem.__table__.columns)).where(*_OF_PROJECT)
ORDERS = bound_ids("orders")  # a list of orders, bound as one JSON text as ids are (see kit/sql.bound_ids)
_WORK_ITEMS = cast(Table, WorkItem.__table__)
_NEW_ORDERS = json_array_rows(bindparam("orders", type_=String)).table_valued("value")  # [[id, order], ...]
_NEW_ORDER = sql_cast(json_item_text(_NEW_ORDERS.c.value, 1), BigInteger)
SET_ORDERS = {
    field: update(_WORK_ITEMS)
    .values({field: _NEW_ORDER, "modified_date": _WORK_ITEMS.c.modified_date})  # no edit: as in Taiga
    .where(_WORK_ITEMS.c.id == sql_cast(json_item_text(_NEW_ORDERS.c.value, 0), BigInteger))
    for field in ORDER_FIELDS
}
FIRST_PAGE = 128  # stories read at first by a reorder: a cascade of shifts rarely goes further
FOREIGN_STORIES = "Invalid user story ids. All stories must belong to the same project."


def new_order() -> int:
    """A fresh order puts a story at the end of its list (Taiga uses the current time)."""
    return time.time_ns() // 1_000_000


def make_room(ctx: Context, item: WorkItem, field: str) -> dict[int, int]:
    """After an edit gave `item` a new order: the stories at or after it in its list shift down (as far
    as needed)."""
    scope = [WorkItem.sprint_id == item.sprint_id] if field == "sprint_order" else []
    order = {item.id: getattr(item, field)}
    return _reposition(ctx, item.project_id, field, scope, order, order, {item.id: item})


def reorder_positions(
    ctx: Context, project_id: int, field: str, positions: dict[int, int]
) -> tuple[dict[int, int], list[Any]]:
    """The documented bulk format: each story gets its order, the others make room. Returns the changed
    orders and the stories moved, in the order given, as records of every column with their new order
    (the answer shows them; a hundred ORM objects cost more than the reorder, and a new order is the
    only change: see SET_ORDERS)."""
    _project(ctx, project_id)
    bound = {"project": project_id, "ids": list(positions)}
    stories = {row.id: row for row in records(ctx.session, WHOLE_ROWS, bound)}
    if set(positions) - stories.keys():
        raise Invalid.on("bulk_stories", FOREIGN_STORIES)
    before = {i: getattr(row, field) for i, row in stories.items()}
    changed = _reposition(ctx, project_id, field, [], before, positions)
    diffs = [(i, {field: [before[i], changed[i]]}, stories[i].version) for i in positions if i in changed]
    history.record_quiet_changes(ctx, STORY.target_type, project_id, diffs)  # only an order: no new version
    return changed, [stories[i]._replace(**{field: changed[i]}) if i in changed else stories[i] for i in positions]


def move_to_sprint(ctx: Context, project_id: int, sprint_id: int, positions: dict[int, int]) -> None:
    """Stories into a sprint at the given sprint orders (the sprint's other stories make room)."""
    _project(ctx, project_id)
    _check_sprint(ctx, project_id, sprint_id, "The milestone isn't valid for the project")
    in_sprint = _orders(ctx, project_id, "sprint_order", WorkItem.sprint_id == sprint_id)
    moved = _stories(ctx, project_id, positions)
    if set(positions) - moved.keys():
        raise Invalid.on("bulk_stories", "All the user stories must be from the same project")
    before = _snapshot(moved.values())
    current = in_sprint | {i: int(story.sprint_order) for i, story in moved.items()}
    _apply(ctx, "sprint_order", current, fewest_shifts(in_sprint | positions, positions), moved)
    _relocate(ctx, [moved[i] for i in positions], {"sprint_id": sprint_id}, before)


def drop_in_backlog(
    ctx: Context, project_id: int, sprint_id: int | None, drop: Drop
) -> tuple[str, list[tuple[int, int]]]:
    """Stories dropped in the backlog (no sprint) or in a sprint; returns the order field and the new
    orders (see `drop_orders`)."""
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
    """Stories dropped in a kanban cell (status, lane); they take that status and lane. Returns the new
    orders (see `drop_orders`)."""
    _project(ctx, project_id)
    status = ctx.session.scalar(select(Status).where(Status.id == status_id, statuses_of(project_id, STORY.name)))
    if status is None:
        raise Invalid.on("status_id", "Invalid user story status id. The status must belong to the same project.")
    if (
        lane_id is not None
        and ctx.session.scalar(select(Lane.id).where(Lane.id == lane_id, Lane.project_id == project_id)) is None
    ):
        raise Invalid.on("swimlane_id", "Invalid swimlane id. The swimlane must belong to the same project.")
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
    changes = []
    for task in ctx.session.scalars(select(WorkItem).where(WorkItem.kind == "task", WorkItem.parent_id.in_(sprint_of))):
        new = sprint_of[task.parent_id]  # type: ignore[index]
        if task.sprint_id != new:
            old, task.sprint_id = task.sprint_id, new
            task.version += 1
            changes.append((task.id, {"sprint_id": [old, new]}, task.version))
    history.record_quiet_changes(ctx, "task", stories[0].project_id, changes)


def _reposition(
    ctx: Context,
    project_id: int,
    field: str,
    scope: list[ColumnElement[bool]],
    current: dict[int, int],
    moves: dict[int, int],
    loaded: dict[int, WorkItem] | None = None,
) -> dict[int, int]:
    """Put the stories of the project's list (its stories matching `scope`) now at the orders of
    `current` at those of `moves`, Taiga's way (see `TaigaMoves`); any of them `loaded` as objects shows
    its new order. The list is read from the lowest target on and only as far as the changes go, unless
    another story has the order of one moved back (then Taiga's ties may reorder the others: the whole
    list is read)."""
    if not moves:
        return {}
    loaded = loaded or {}
    column = getattr(WorkItem, field)
    where = (WorkItem.project_id == project_id, WorkItem.kind == STORY.name, *scope)
    taiga = TaigaMoves(current, moves)
    ctx.session.flush()
    back = taiga.moved_back  # each of these orders must belong to that story alone
    holders = (
        ctx.session.scalar(select(func.count()).where(*where, column.in_(ORDERS)), {"orders": back}) if back else 0
    )
    if len(set(back)) < len(back) or holders != len(back):
        everything = _orders(ctx, project_id, field, *scope)
        return _apply(ctx, field, everything, fewest_shifts(everything, moves), loaded)
    data, read = positioned_orders(_ordered_rows(ctx, column, *where, column >= min(moves.values())), taiga)
    return _apply(ctx, field, read | current, dict(data), loaded)


def _drop(
    ctx: Context, project_id: int, field: str, cell: ColumnElement[bool], drop: Drop, where: str
) -> tuple[list[WorkItem], Snapshot, list[tuple[int, int]]]:
    ids = list(dict.fromkeys(drop.story_ids))
    moved = _stories(ctx, project_id, ids)
    if set(ids) - moved.keys():
        raise Invalid.on("bulk_userstories", FOREIGN_STORIES)
    if drop.after_id and drop.before_id:
        raise Invalid.on("before_userstory_id", "You can't use after and before at the same time.")
    column = getattr(WorkItem, field)
    scope = (WorkItem.project_id == project_id, WorkItem.kind == STORY.name, cell)
    anchor_order = None
    for name, anchor_id in (("after_userstory_id", drop.after_id), ("before_userstory_id", drop.before_id)):
        if anchor_id is not None:
            anchor_order = ctx.session.scalar(select(column).where(WorkItem.id == anchor_id, *scope))
            if anchor_order is None or anchor_id in moved:
                raise Invalid.on(name, f"Invalid user story id. The user story must belong to the same {where}.")
    before = _snapshot(moved.values())
    start = () if anchor_order is None else (column >= anchor_order,)
    data, current = drop_orders(_ordered_rows(ctx, column, *scope, *start), drop, anchor_order)
    _apply(ctx, field, current | {i: getattr(story, field) for i, story in moved.items()}, dict(data), moved)
    return [moved[i] for i in ids], before, data


def _ordered_rows(ctx: Context, column: Any, *where: ColumnElement[bool]) -> Iterator[tuple[int, int]]:
    """(id, order) of the stories matching `where`, sorted by (order, id), read a page at a time (each
    twice the last) so that a caller stopping early reads little of a long list, on every backend."""
    stmt = select(WorkItem.id, column).where(*where).order_by(column, WorkItem.id)
    page, after = FIRST_PAGE, None
    while True:
        keyset = () if after is None else (or_(column > after[1], and_(column == after[1], WorkItem.id > after[0])),)
        rows = plain_rows(ctx.session, stmt.where(*keyset).limit(page))
        yield from cast(list[tuple[int, int]], rows)
        if len(rows) < page:
            return
        page, after = page * 2, rows[-1]


def _relocate(ctx: Context, stories: list[WorkItem], values: dict[str, Any], before: Snapshot) -> None:
    """Give the moved stories their new sprint/status/lane; their tasks follow them to the sprint;
    `is_closed` and the sprints before and after are settled (Taiga's automatic closing); record each
    one's change."""
    for story in stories:
        for name, value in values.items():
            setattr(story, name, value)
    relocated = [s for s in stories if any(getattr(s, name) != before[s.id][name] for name in values)]
    move_tasks_to_sprint(ctx, [s for s in relocated if s.sprint_id != before[s.id]["sprint_id"]])
    if relocated:  # a new order alone closes or opens nothing
        sprints = {s.sprint_id for s in relocated} | {before[s.id]["sprint_id"] for s in relocated}
        closing.settle(ctx, [s.id for s in relocated], sprints)
    _record(ctx, stories, before)


def _snapshot(stories: Iterable[WorkItem]) -> Snapshot:
    return {s.id: {name: getattr(s, name) for name in TRACKED} for s in stories}


def _record(ctx: Context, stories: list[WorkItem], before: Snapshot) -> None:
    """One entry per moved story; anything beyond its orders is a new version (so OCC sees it)."""
    changes = []
    for story in stories:
        diff = history.diff_of(before[story.id], {name: getattr(story, name) for name in TRACKED})
        if not diff:
            continue
        if set(diff) - set(ORDER_FIELDS):
            story.version += 1
        changes.append((story.id, diff, story.version))
    if stories:
        history.record_quiet_changes(ctx, STORY.target_type, stories[0].project_id, changes)


def _project(ctx: Context, project_id: int) -> Project:
    project = ctx.session.get(Project, project_id)
    if project is None:
        raise Invalid.on("project_id", "There's no project with that id")
    return load_project(ctx, project_id, STORY.modify)[0]  # `project` held: no second query


def _check_sprint(ctx: Context, project_id: int, sprint_id: int, message: str) -> None:
    if ctx.session.scalar(select(Sprint.id).where(Sprint.id == sprint_id, Sprint.project_id == project_id)) is None:
        raise Invalid.on("milestone_id", message)


def _stories(ctx: Context, project_id: int, ids: Iterable[int]) -> dict[int, WorkItem]:
    """The project's stories with these ids as objects holding only what a reorder reads and writes (a
    hundred full rows cost more than the rest of the reorder)."""
    return {row.id: row for row in ctx.session.scalars(STORIES_TO_MOVE, {"project": project_id, "ids": list(ids)})}


def _orders(ctx: Context, project_id: int, field: str, *where: ColumnElement[bool]) -> dict[int, int]:
    """{id: order} of the project's stories matching `where`, as plain rows (a backlog has thousands; the
    ORM's result handling doubled the cost), after the session's pending changes are written."""
    column = getattr(WorkItem, field)
    stmt = select(WorkItem.id, column).where(WorkItem.project_id == project_id, WorkItem.kind == STORY.name, *where)
    return dict(cast(list[tuple[int, int]], plain_rows(ctx.session, stmt)))


def _apply(
    ctx: Context, field: str, current: dict[int, int], orders: dict[int, int], loaded: dict[int, WorkItem]
) -> dict[int, int]:
    """Set the orders that differ from `current` (ids outside it are ignored) in one UPDATE from a bound
    list of [id, order] (the ORM's flush of a hundred objects cost more than the rest of a drop; an
    executemany by id, twice this); the stories `loaded` as objects show their new order as already
    saved. Returns the changes."""
    changed = {i: o for i, o in orders.items() if i in current and current[i] != o}
    if changed:
        ctx.session.execute(SET_ORDERS[field], {"orders": json_text(list(changed.items()))})
    for story_id, order in changed.items():
        if story_id in loaded:
            set_committed_value(loaded[story_id], field, order)
    return changed
