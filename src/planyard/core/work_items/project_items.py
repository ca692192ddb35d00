"""Every kind of item of one project on one list, with one status list: the statuses of the project's
first story board (HacknPlan's work items and stages; docs/mapping.md, Workflows: bridging profiles).
An item of another profile shows the first story status of its own status's category, and a story status
written to it sets the first status of its own workflow with that category."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, or_, select

from planyard.core.access import ProjectAccess, load_project
from planyard.core.context import Context
from planyard.core.work_items.filters import COMMON, ORDERINGS, column_in
from planyard.core.work_items.kinds import KINDS, STORY, ItemProfile
from planyard.kit.errors import Invalid
from planyard.kit.filters import Filter, FilterSet, ValueType
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import Board, ItemType, Project, Sprint, Status, WorkItem


@dataclass(frozen=True)
class StatusBridge:
    """The project's story statuses (the stages, in board order) and how every other status of its
    boards shows among them (by category)."""

    stages: list[Status]
    first_by_profile: dict[tuple[str, str], int]  # (profile, category) -> the profile's first such status
    category_of: dict[int, str]  # status id -> category, for every status of the project's boards

    @property
    def stage_ids(self) -> set[int]:
        return {s.id for s in self.stages}

    def shown(self, status_id: int | None) -> int | None:
        """The stage an item in `status_id` shows."""
        if status_id is None or status_id in self.stage_ids:
            return status_id
        category = self.category_of.get(status_id)
        return self.first_by_profile.get((STORY.name, category)) if category else None

    def written(self, profile: str, stage_id: int) -> int:
        """The status of `profile` a stage written to an item of that profile sets."""
        category = next((s.category for s in self.stages if s.id == stage_id), None)
        found = stage_id if profile == STORY.name else self.first_by_profile.get((profile, category or ""))
        if category is None or found is None:
            raise Invalid(code="unknown_status", field="status_id")
        return found

    def matching(self, stage_id: int) -> list[int]:
        """The statuses whose items show `stage_id`."""
        category = self.category_of.get(stage_id)
        if stage_id not in self.stage_ids or category is None:
            return [stage_id]
        if self.first_by_profile.get((STORY.name, category)) != stage_id:
            return [stage_id]
        stage_ids = self.stage_ids
        return [stage_id] + [s for s, c in self.category_of.items() if c == category and s not in stage_ids]


def status_bridge(ctx: Context, project_id: int) -> StatusBridge:
    """One query: the statuses of every board of the project, boards and statuses in order."""
    rows = ctx.session.execute(
        select(Status, Board.profile, Board.id).join(Board, Board.workflow_id == Status.workflow_id)
        .where(Board.project_id == project_id).order_by(Board.order, Board.id, Status.order, Status.id)
    ).all()  # fmt: skip
    first: dict[tuple[str, str], int] = {}
    category_of: dict[int, str] = {}
    stages: list[Status] = []
    story_board: int | None = None
    for status, profile, board_id in rows:
        category_of.setdefault(status.id, status.category)
        if status.parent_id is not None:
            continue
        first.setdefault((profile, status.category), status.id)
        if profile == STORY.name and story_board in (None, board_id):
            story_board = board_id
            stages.append(status)
    return StatusBridge(stages, first, category_of)


def visible_kinds(access: ProjectAccess) -> list[str]:
    return [name for name, profile in KINDS.items() if access.can(profile.view)]


def _text_or_description(text: str) -> ColumnElement[bool]:
    return or_(WorkItem.subject.icontains(text, autoescape=True), WorkItem.description.icontains(text, autoescape=True))


def _release(ids: list[int]) -> ColumnElement[bool]:
    return WorkItem.sprint_id.in_(select(Sprint.id).where(Sprint.release_id.in_(ids)))


def _shown_status(bridge: StatusBridge) -> Any:
    def build(ids: list[int | None]) -> ColumnElement[bool]:
        statuses = [s for i in ids if i is not None for s in bridge.matching(i)]
        clause = WorkItem.status_id.in_(statuses)
        return or_(clause, WorkItem.status_id.is_(None)) if None in ids else clause

    return build


def project_filters(bridge: StatusBridge) -> FilterSet:
    """The filters and sort keys of a project's item list, by core names."""
    filters = {
        "sprint": COMMON["sprint"],
        "release": Filter(ValueType.INTS, _release),
        "item_type": Filter(ValueType.IDS, column_in(WorkItem.item_type_id)),
        "any_assignee": COMMON["any_assignee"],
        "design_element": Filter(ValueType.IDS, column_in(WorkItem.design_element_id)),
        "shown_status": Filter(ValueType.IDS, _shown_status(bridge)),
        "priority": Filter(ValueType.IDS, column_in(WorkItem.priority_id)),
        "parent": Filter(ValueType.IDS, column_in(WorkItem.parent_id)),
        "text_or_description": Filter(ValueType.TEXT, _text_or_description),
    }
    orderings = {
        "id": lambda: [WorkItem.id],
        "subject": ORDERINGS["subject"],
        "due_date": ORDERINGS["due_date"],
        "modified_date": ORDERINGS["modified_date"],
        "finish_date": ORDERINGS["finish_date"],
        "sprint": lambda: [WorkItem.sprint_id, WorkItem.id],
        "design_element": lambda: [WorkItem.design_element_id, WorkItem.id],
        "status": ORDERINGS["status"],
        "item_type": lambda: [WorkItem.item_type_id, WorkItem.id],
        "priority": lambda: [WorkItem.priority_id, WorkItem.id],
    }
    return FilterSet(filters=filters, orderings=orderings)


def list_project_items(ctx: Context, project_id: int, query: ListQuery) -> tuple[Page[WorkItem], StatusBridge]:
    """The project's items of every kind the actor may see, filtered, sorted and windowed."""
    _, access = load_project(ctx, project_id)
    bridge = status_bridge(ctx, project_id)
    kinds = visible_kinds(access)
    stmt = select(WorkItem).where(WorkItem.project_id == project_id)
    if len(kinds) < len(KINDS):
        stmt = stmt.where(WorkItem.kind.in_(kinds))
    filters = project_filters(bridge)
    stmt = filters.where(stmt, query).order_by(*filters.order(query, [WorkItem.id]))
    return fetch_page(ctx.session, stmt, query.window), bridge


def type_profile(ctx: Context, project: Project, item_type_id: int | None) -> ItemProfile:
    """The profile of one of the project's (or its workspace's) item types; the story profile for none."""
    if item_type_id is None:
        return STORY
    profile = ctx.session.scalar(select(ItemType.profile).where(
        ItemType.id == item_type_id, ItemType.workspace_id == project.workspace_id,
        or_(ItemType.project_id == project.id, ItemType.project_id.is_(None))))  # fmt: skip
    if profile is None:
        raise Invalid(code="unknown_item_type", field="item_type")
    return KINDS[profile]


def rank_position(ctx: Context, item: WorkItem, sprint_id: int | None, rank: int) -> dict[str, float]:
    """The order putting `item` at 1-based `rank` on a sprint (by `sprint_order`) or in the backlog (by
    `backlog_order`): between its new neighbours there, shifting nothing else."""
    column = WorkItem.backlog_order if sprint_id is None else WorkItem.sprint_order
    where = WorkItem.sprint_id.is_(None) if sprint_id is None else WorkItem.sprint_id == sprint_id
    stmt = select(column).where(WorkItem.project_id == item.project_id, where, WorkItem.id != item.id)
    others = list(ctx.session.scalars(stmt.order_by(column, WorkItem.id)))
    index = max(0, min(rank - 1, len(others)))
    if not others:
        order = float(getattr(item, column.key))
    elif index == 0:
        order = others[0] - 1
    elif index == len(others):
        order = others[-1] + 1
    else:
        order = (others[index - 1] + others[index]) / 2
    return {column.key: order}
