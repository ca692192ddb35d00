"""Items as a board shows them (Kaiten cards): where an item sits (board, column, lane, its place in the
cell), placing it somewhere else, the filtered list over every board the actor sees, and the facts a
board's card renders (board, category, tags, members, counters), batched per page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, false, func, or_, select

from planyard.core import boards, item_properties
from planyard.core.context import Context
from planyard.core.work_items import service
from planyard.core.work_items.item_rows import readable_item
from planyard.core.work_items.kinds import KINDS
from planyard.core.work_items.queries import viewable_project_ids
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.filters import Filter, FilterSet, ValueType, bounds
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import (
    Board,
    ChangeEntry,
    Checklist,
    ChecklistItem,
    Comment,
    ItemType,
    Lane,
    Status,
    Tag,
    TimeEntry,
    User,
    WorkItem,
    WorkItemAssignee,
    WorkItemLink,
)
from planyard.models.tag import ItemTag

TOP = 1  # `position` at the top of its cell
BOTTOM = 2  # at its bottom


@dataclass(frozen=True)
class Placement:
    """Where an item should go; None keeps what it has."""

    board_id: int | None = None
    status_id: int | None = None
    lane_id: int | None = None
    order: float | None = None
    position: int | None = None


def _board_statuses(board_id: Any) -> Any:
    return select(Status.id).where(Status.workflow_id == select(Board.workflow_id).where(Board.id == board_id)
                                   .scalar_subquery())  # fmt: skip


def _status_board(status_id: Any) -> Any:
    """The board (of the status's project) whose workflow holds the status."""
    status = select(Status.workflow_id, Status.project_id).where(Status.id == status_id).subquery()
    return (select(Board.id).where(Board.workflow_id == status.c.workflow_id, Board.project_id == status.c.project_id)
            .order_by(Board.order, Board.id).limit(1))  # fmt: skip


def resolve(ctx: Context, item: WorkItem | None, to: Placement) -> tuple[int, dict[str, Any]]:
    """The project and the column changes (`status_id`, `lane_id`, `kanban_order`) of a placement. A board
    without a column takes its first column (the item's own column when it is on that board already),
    without a lane its first lane; 400 for a column or lane of another board."""
    board_id = to.board_id
    if board_id is None and to.status_id is not None:
        board_id = ctx.session.scalar(_status_board(to.status_id))
        if board_id is None:
            raise Invalid(code="unknown_column", field="column_id")
    if board_id is None and item is not None:
        board_id = ctx.session.scalar(_status_board(item.status_id)) if item.status_id else None
    if board_id is None:
        raise Invalid(code="required", field="board_id")
    try:
        board = boards.get_board(ctx, board_id)
    except NotFound:
        raise Invalid(code="unknown_board", field="board_id") from None
    fields: dict[str, Any] = {}
    columns = [s for s in boards.columns_of(ctx, [board.id])[board.id]]
    leaves = [s for s in columns if not any(c.parent_id == s.id for c in columns)]
    if to.status_id is not None:
        if to.status_id not in {s.id for s in columns}:
            raise Invalid(code="unknown_column", field="column_id")
        fields["status_id"] = to.status_id
    elif item is None or item.status_id not in {s.id for s in columns}:
        if not leaves:
            raise Invalid(code="board_without_columns", field="board_id")
        fields["status_id"] = leaves[0].id
    lanes = boards.lanes_of(ctx, [board.id])[board.id]
    if to.lane_id is not None:
        if to.lane_id not in {lane.id for lane in lanes}:
            raise Invalid(code="unknown_lane", field="lane_id")
        fields["lane_id"] = to.lane_id
    elif item is None or item.lane_id not in {lane.id for lane in lanes}:
        fields["lane_id"] = lanes[0].id if lanes else None
    moved = item is None or any(getattr(item, k) != v for k, v in fields.items())
    if to.order is not None:
        fields["kanban_order"] = to.order
    elif to.position is not None or moved:
        status_id = fields.get("status_id", item.status_id if item else None)
        lane_id = fields.get("lane_id", item.lane_id if item else None)
        fields["kanban_order"] = _end_of_cell(ctx, status_id, lane_id, to.position == TOP)
    return board.project_id, fields


def _end_of_cell(ctx: Context, status_id: int | None, lane_id: int | None, top: bool) -> float:
    edge = func.min(WorkItem.kanban_order) if top else func.max(WorkItem.kanban_order)
    lane = WorkItem.lane_id.is_(None) if lane_id is None else WorkItem.lane_id == lane_id
    found = ctx.session.scalar(select(edge).where(WorkItem.status_id == status_id, lane))
    if found is None:
        return 1.0
    return float(found) - 1 if top else float(found) + 1


# The list


def _visible(ctx: Context) -> Any:
    clauses = []
    for kind in KINDS.values():
        ids = viewable_project_ids(ctx, kind.view)
        clauses.append(WorkItem.kind == kind.name if ids is None else
                       and_(WorkItem.kind == kind.name, WorkItem.project_id.in_(ids)) if ids else false())  # fmt: skip
    return or_(*clauses)


def _text(value: str) -> Any:
    pattern = f"%{value.lower()}%"
    return or_(func.lower(WorkItem.subject).like(pattern), func.lower(WorkItem.description).like(pattern))


def _category(values: list[int]) -> Any:
    names = [c for n, c in enumerate(("todo", "doing", "done"), 1) if n in values]
    return WorkItem.status_id.in_(select(Status.id).where(Status.category.in_(names)))


FILTERS = FilterSet(filters={
    "project": Filter(ValueType.INTS, lambda v: WorkItem.project_id.in_(v)),
    "board": Filter(ValueType.INTS, lambda v: WorkItem.status_id.in_(
        select(Status.id).join(Board, and_(Board.workflow_id == Status.workflow_id,
                                           Board.project_id == Status.project_id)).where(Board.id.in_(v)))),
    "status": Filter(ValueType.INTS, lambda v: WorkItem.status_id.in_(v)),
    "lane": Filter(ValueType.INTS, lambda v: WorkItem.lane_id.in_(v)),
    "item_type": Filter(ValueType.INTS, lambda v: WorkItem.item_type_id.in_(v)),
    "owner": Filter(ValueType.INTS, lambda v: WorkItem.owner_id.in_(v)),
    "assigned_to": Filter(ValueType.INTS, lambda v: WorkItem.assigned_to_id.in_(v)),
    "assignee": Filter(ValueType.INTS, lambda v: WorkItem.id.in_(
        select(WorkItemAssignee.work_item_id).where(WorkItemAssignee.user_id.in_(v)))),
    "tag": Filter(ValueType.INTS, lambda v: WorkItem.id.in_(select(ItemTag.work_item_id).where(ItemTag.tag_id.in_(v)))),
    "sprint": Filter(ValueType.INTS, lambda v: WorkItem.sprint_id.in_(v)),
    "category": Filter(ValueType.INTS, _category),
    "archived": Filter(ValueType.BOOL, lambda v: WorkItem.archived_at.is_not(None) if v
                       else WorkItem.archived_at.is_(None)),
    "blocked": Filter(ValueType.BOOL, lambda v: WorkItem.is_blocked.is_(v)),
    "text": Filter(ValueType.TEXT, _text),
    **bounds("created", WorkItem.created_date, ValueType.DATETIME),
    **bounds("modified", WorkItem.modified_date, ValueType.DATETIME),
    **bounds("due", WorkItem.due_date, ValueType.DATE),
}, orderings={
    "id": lambda: [WorkItem.id],
    "created": lambda: [WorkItem.created_date, WorkItem.id],
    "modified": lambda: [WorkItem.modified_date, WorkItem.id],
    "order": lambda: [WorkItem.kanban_order, WorkItem.id],
    "subject": lambda: [WorkItem.subject, WorkItem.id],
})  # fmt: skip


def list_items(ctx: Context, query: ListQuery) -> Page[WorkItem]:
    """Items of every kind the actor may view, under the query's filters (default order: by id)."""
    stmt: Select[Any] = FILTERS.apply(select(WorkItem).where(_visible(ctx)).order_by(WorkItem.id), query)
    return fetch_page(ctx.session, stmt, query.window)


# Facts


@dataclass
class BoardFacts:
    board_of_status: dict[int, int] = field(default_factory=dict)
    statuses: dict[int, Status] = field(default_factory=dict)
    lanes: dict[int, Lane] = field(default_factory=dict)
    tags: dict[int, list[Tag]] = field(default_factory=dict)
    assignees: dict[int, list[int]] = field(default_factory=dict)
    comments: dict[int, tuple[int, Any]] = field(default_factory=dict)
    goals: dict[int, tuple[int, int]] = field(default_factory=dict)
    minutes: dict[int, int] = field(default_factory=dict)
    parents: dict[int, list[int]] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=dict)
    done: set[int] = field(default_factory=set)
    users: dict[int, User] = field(default_factory=dict)
    types: dict[int, ItemType] = field(default_factory=dict)
    boards: dict[int, Board] = field(default_factory=dict)
    updaters: dict[int, int | None] = field(default_factory=dict)
    values: dict[int, dict[str, Any]] = field(default_factory=dict)  # custom values by item
    field_types: dict[int, str] = field(default_factory=dict)  # of the workspace fields among them


def load_facts(ctx: Context, items: list[WorkItem]) -> BoardFacts:
    """One query per fact for a page of items."""
    facts = BoardFacts()
    ids = [item.id for item in items]
    if not ids:
        return facts
    s = ctx.session
    facts.statuses, facts.board_of_status = status_boards(ctx, {item.status_id for item in items if item.status_id})
    lane_ids = {item.lane_id for item in items if item.lane_id}
    facts.lanes = {lane.id: lane for lane in s.scalars(select(Lane).where(Lane.id.in_(lane_ids)))}
    for item_id, tag in s.execute(select(ItemTag.work_item_id, Tag).join(Tag, Tag.id == ItemTag.tag_id)
                                  .where(ItemTag.work_item_id.in_(ids)).order_by(ItemTag.position)):  # fmt: skip
        facts.tags.setdefault(item_id, []).append(tag)
    for item_id, user_id in s.execute(select(WorkItemAssignee.work_item_id, WorkItemAssignee.user_id)
                                      .where(WorkItemAssignee.work_item_id.in_(ids))):  # fmt: skip
        facts.assignees.setdefault(item_id, []).append(user_id)
    _counters(ctx, ids, facts)
    _relatives(ctx, items, facts)
    board_ids = set(facts.board_of_status.values())
    facts.boards = {board.id: board for board in s.scalars(select(Board).where(Board.id.in_(board_ids)))}
    logged = and_(ChangeEntry.target_type.in_(list(KINDS)), ChangeEntry.target_id.in_(ids))
    newest = select(func.max(ChangeEntry.id)).where(logged).group_by(ChangeEntry.target_id)
    last_writers = select(ChangeEntry.target_id, ChangeEntry.user_id).where(ChangeEntry.id.in_(newest))
    facts.updaters = {item_id: user_id for item_id, user_id in s.execute(last_writers)}
    user_ids = {item.owner_id for item in items if item.owner_id} | {
        user_id for users in facts.assignees.values() for user_id in users}  # fmt: skip
    facts.users = {user.id: user for user in s.scalars(select(User).where(User.id.in_(user_ids)))}
    type_ids = {item.item_type_id for item in items}
    facts.types = {row.id: row for row in s.scalars(select(ItemType).where(ItemType.id.in_(type_ids)))}
    facts.values, facts.field_types = item_properties.workspace_values(ctx, ids)
    return facts


def _counters(ctx: Context, ids: list[int], facts: BoardFacts) -> None:
    """Comments (count, newest), checklist items (count, checked) and minutes logged, in one statement;
    an item with none of a kind has no entry for it."""
    item = WorkItem.id
    said = and_(Comment.target_id == item, Comment.deleted_at.is_(None), Comment.target_type.in_(list(KINDS)))
    checks = (select(ChecklistItem.id).join(Checklist, Checklist.id == ChecklistItem.checklist_id)
              .where(Checklist.work_item_id == item))  # fmt: skip
    counted = select(
        item,
        select(func.count()).where(said).scalar_subquery(),
        select(func.max(Comment.created_at)).where(said).scalar_subquery(),
        select(func.count()).select_from(checks.subquery()).scalar_subquery(),
        select(func.count()).select_from(checks.where(ChecklistItem.checked).subquery()).scalar_subquery(),
        select(func.sum(TimeEntry.minutes)).where(TimeEntry.work_item_id == item).scalar_subquery(),
    ).where(item.in_(ids))
    for item_id, comments, last, goals, done, minutes in ctx.session.execute(counted):
        if comments:
            facts.comments[item_id] = (comments, last)
        if goals:
            facts.goals[item_id] = (int(goals), int(done))
        if minutes is not None:
            facts.minutes[item_id] = int(minutes)


def status_boards(ctx: Context, status_ids: set[int]) -> tuple[dict[int, Status], dict[int, int]]:
    """The statuses of these ids and the board (of the status's project) that shows each."""
    statuses: dict[int, Status] = {}
    boards_of: dict[int, int] = {}
    if status_ids:
        shown = and_(Board.workflow_id == Status.workflow_id, Board.project_id == Status.project_id)
        for status, board_id in ctx.session.execute(select(Status, Board.id).join(Board, shown).where(
                Status.id.in_(status_ids)).order_by(Board.order.desc(), Board.id.desc())):  # fmt: skip
            statuses[status.id] = status
            boards_of[status.id] = board_id
    return statuses, boards_of


def _relatives(ctx: Context, items: list[WorkItem], facts: BoardFacts) -> None:
    """Parents and children: `parent_id`, and the epic/story and parent/child links."""
    ids = [item.id for item in items]
    s = ctx.session
    for item in items:
        if item.parent_id:
            facts.parents.setdefault(item.id, []).append(item.parent_id)
    links = WorkItemLink.kind.in_(("epic_story", "parent_child"))
    for from_id, to_id in s.execute(select(WorkItemLink.from_id, WorkItemLink.to_id).where(
            links, or_(WorkItemLink.from_id.in_(ids), WorkItemLink.to_id.in_(ids)))):  # fmt: skip
        facts.children.setdefault(from_id, []).append(to_id)
        facts.parents.setdefault(to_id, []).append(from_id)
    for child_id, parent_id in s.execute(select(WorkItem.id, WorkItem.parent_id).where(WorkItem.parent_id.in_(ids))):
        facts.children.setdefault(parent_id or 0, []).append(child_id)
    child_ids = {c for children in facts.children.values() for c in children}
    if child_ids:
        facts.done = set(s.scalars(select(WorkItem.id).join(Status, Status.id == WorkItem.status_id)
                                   .where(WorkItem.id.in_(child_ids), Status.category == "done")))  # fmt: skip


def state(facts: BoardFacts, item: WorkItem) -> int:
    status = facts.statuses.get(item.status_id or 0)
    return {"todo": 1, "doing": 2, "done": 3}.get(status.category if status else "todo", 1)


# Writes


def create_on_board(ctx: Context, to: Placement, changes: service.ItemChanges) -> WorkItem:
    """A new item of the board's profile in the placement's cell."""
    project_id, fields = resolve(ctx, None, to)
    board = ctx.session.scalar(_status_board(fields["status_id"]))
    profile = KINDS[ctx.session.scalar(select(Board.profile).where(Board.id == board)) or "story"]
    changes.fields = {**changes.fields, **fields}
    return service.create_item(ctx, profile, project_id, changes)


def edit_on_board(ctx: Context, item_id: int, to: Placement, changes: service.ItemChanges) -> WorkItem:
    """An edit that may move the item to another cell, lane or board (another project's board too)."""
    item, _ = readable_item(ctx, item_id)
    kind = KINDS[item.kind]
    if to != Placement():
        project_id, fields = resolve(ctx, item, to)
        if project_id != item.project_id:
            changes.project_id = project_id
        changes.fields = {**changes.fields, **fields}
    return service.update_item(ctx, kind, item_id, changes)


def delete(ctx: Context, item_id: int) -> None:
    item, _ = readable_item(ctx, item_id)
    service.delete_item(ctx, KINDS[item.kind], item_id)


def items_by_id(ctx: Context, item_ids: set[int]) -> dict[int, WorkItem]:
    """Items by id in one query, for the cards other rows name (the caller shows what it may)."""
    if not item_ids:
        return {}
    return {item.id: item for item in ctx.session.scalars(select(WorkItem).where(WorkItem.id.in_(item_ids)))}
