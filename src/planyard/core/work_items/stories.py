"""User stories: the list (filters, backlog order by default, the backlog counters), what a page of
stories shows beyond the shared facts (epics, tasks, attachments, comments, origin items), the
neighbours of one story and bulk creation. Edits with Taiga's side effects live in
`core/taiga_rules/story_edit.py`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Row, Select, and_, exists, func, or_, select

from planyard.core.access import load_project, standing_project_ids
from planyard.core.context import Context
from planyard.core.work_items import bulk, service
from planyard.core.work_items.facts import COMMENT_COUNTS, IDS, by_id
from planyard.core.work_items.filters import by_role, column_in, excluding, item_filters
from planyard.core.work_items.kinds import STORY, TASK
from planyard.core.work_items.queries import items_query, viewable_project_ids
from planyard.core.work_items.references import validate_references
from planyard.kit import limits
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.filters import Filter, ValueType, bounds
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.kit.sql import plain_rows
from planyard.models import Attachment, Project, Vote, WorkItem, WorkItemAssignee, WorkItemLink

EPIC_LINK = "epic_story"


def _assigned_to_role(users: Select[Any]) -> ColumnElement[bool]:
    """The assignee or one of the assignees is among `users`."""
    assigned = exists().where(WorkItemAssignee.work_item_id == WorkItem.id, WorkItemAssignee.user_id.in_(users))
    return or_(and_(WorkItem.assigned_to_id.is_not(None), WorkItem.assigned_to_id.in_(users)), assigned)


def _epic_order() -> list[Any]:
    order = select(func.min(WorkItemLink.order)).where(
        WorkItemLink.kind == EPIC_LINK, WorkItemLink.to_id == WorkItem.id
    )
    return [order.scalar_subquery(), WorkItem.id]


def _total_voters() -> list[Any]:
    votes = select(func.count()).where(Vote.target_type == STORY.target_type, Vote.target_id == WorkItem.id)
    return [votes.scalar_subquery(), WorkItem.id]


STORY_FILTERS = item_filters(
    extra={
        "project_slug": Filter(ValueType.TEXT, lambda v: WorkItem.project_id.in_(
            select(Project.id).where(Project.slug == v))),
        "lane": Filter(ValueType.IDS, column_in(WorkItem.lane_id)),
        "lane_excluded": Filter(ValueType.IDS, excluding(column_in(WorkItem.lane_id))),
        "assignee_role": Filter(ValueType.IDS, by_role(_assigned_to_role)),
        "assignee_role_excluded": Filter(ValueType.IDS, by_role(_assigned_to_role, exclude=True)),
        **bounds("created", WorkItem.created_date, ValueType.DATETIME),
        **bounds("modified", WorkItem.modified_date, ValueType.DATETIME),
        **bounds("finished", WorkItem.finish_date, ValueType.DATETIME),
    },
    orderings={
        "project": lambda: [WorkItem.project_id, WorkItem.backlog_order, WorkItem.ref],
        "sprint": lambda: [WorkItem.sprint_id, WorkItem.id],
        "epic_order": _epic_order,
        "voters": _total_voters,
    },
)  # fmt: skip


# What a list entry renders (and its facts read): every column but the detail-only description.
LIST_COLUMNS = tuple(getattr(WorkItem, c.key) for c in WorkItem.__table__.columns if c.key != "description")


def list_stories(ctx: Context, query: ListQuery, members_only: bool = False) -> Page[Any]:
    """Stories the actor may see (only in the projects the actor is a member of, when `members_only`),
    filtered as asked, in Taiga's default order (project, backlog, ref), as records of LIST_COLUMNS (no
    ORM objects: a kanban board loads thousands)."""
    stmt = items_query(ctx, STORY, LIST_COLUMNS).order_by(WorkItem.project_id, WorkItem.backlog_order, WorkItem.ref)
    if members_only and ctx.actor is not None:
        stmt = stmt.where(WorkItem.project_id.in_(select(Project.id).where(standing_project_ids(ctx.actor.id))))
    return fetch_page(ctx.session, STORY_FILTERS.apply(stmt, query), query.window, rows="records")


@dataclass
class ProjectCounters:
    backlog_total: int | None = None
    any_without_lane: bool | None = None


def project_counters(ctx: Context, project_id: int | None, backlog: bool) -> ProjectCounters:
    """For a list of one project: its stories in no sprint (only for the `backlog`) and whether any story
    is in no lane."""
    ids = viewable_project_ids(ctx, STORY.view)
    if project_id is None or (ids is not None and project_id not in ids):
        return ProjectCounters()
    stories = (
        select(func.count()).select_from(WorkItem).where(WorkItem.project_id == project_id, WorkItem.kind == STORY.name)
    )
    counters = ProjectCounters()
    if backlog:
        counters.backlog_total = ctx.session.scalar(stories.where(WorkItem.sprint_id.is_(None))) or 0
    without_lane = select(WorkItem.id).where(WorkItem.project_id == project_id, WorkItem.kind == STORY.name,
                                             WorkItem.lane_id.is_(None))  # fmt: skip
    counters.any_without_lane = bool(ctx.session.scalar(select(without_lane.exists())))
    return counters


@dataclass
class StoryExtras:
    """What a page of stories shows beyond ItemFacts, one query per relation for the whole page."""

    epics: dict[int, list[tuple[WorkItem, Project]]] = field(default_factory=lambda: defaultdict(list))
    epic_order: dict[int, int] = field(default_factory=dict)
    tasks: dict[int, list[Row[Any]]] = field(default_factory=lambda: defaultdict(list))
    attachments: dict[int, list[Attachment]] = field(default_factory=lambda: defaultdict(list))
    comments: dict[int, int] = field(default_factory=dict)
    origins: dict[int, WorkItem] = field(default_factory=dict)


# What `load_extras` reads, built once (see facts.py).
EPIC_LINKS = select(WorkItemLink.to_id, WorkItemLink.from_id, WorkItemLink.order).where(
    WorkItemLink.kind == EPIC_LINK, WorkItemLink.to_id.in_(IDS)
)
TASKS = (
    select(WorkItem.parent_id, WorkItem.id, WorkItem.ref, WorkItem.subject, WorkItem.status_id, WorkItem.is_blocked,
           WorkItem.is_iocaine, WorkItem.is_closed)
    .where(WorkItem.kind == TASK.name, WorkItem.parent_id.in_(IDS))
    .order_by(WorkItem.parent_order, WorkItem.ref)
)  # fmt: skip
STORY_ATTACHMENTS = (
    select(Attachment)
    .where(Attachment.target_type == STORY.target_type, Attachment.target_id.in_(IDS),
           Attachment.is_deprecated.is_(False))
    .order_by(Attachment.order, Attachment.created_date, Attachment.id)
)  # fmt: skip


def load_extras(
    ctx: Context, items: list[WorkItem], *, tasks: bool = False, attachments: bool = False, epic: int | None = None
) -> StoryExtras:
    extras = StoryExtras()
    if not items:
        return extras
    s, batch = ctx.session, {"ids": [i.id for i in items]}
    rows = plain_rows(s, EPIC_LINKS, batch)
    if rows:
        epics = by_id(s, WorkItem, {r[1] for r in rows})
        projects = by_id(s, Project, {e.project_id for e in epics.values()})
        for story_id, epic_id, order in sorted(
            rows, key=lambda r: (projects[epics[r[1]].project_id].name, epics[r[1]].ref)
        ):
            extras.epics[story_id].append((epics[epic_id], projects[epics[epic_id].project_id]))
            if epic_id == epic:
                extras.epic_order[story_id] = order
    if tasks:
        for row in plain_rows(s, TASKS, batch):
            extras.tasks[row.parent_id].append(row)  # type: ignore[arg-type]
    if attachments:
        for att in s.scalars(STORY_ATTACHMENTS, batch):
            extras.attachments[att.target_id].append(att)
    extras.comments = dict(plain_rows(s, COMMENT_COUNTS, batch | {"target_type": STORY.target_type}))
    extras.origins = by_id(s, WorkItem, {i.generated_from_id for i in items if i.generated_from_id})
    return extras


class Brief(Protocol):
    """A story as its neighbours show it."""

    id: int
    ref: int
    subject: str


def neighbors(ctx: Context, item: WorkItem) -> tuple[Brief | None, Brief | None]:
    """The stories right before and after `item` in its project's backlog order."""
    base = select(WorkItem.id, WorkItem.ref, WorkItem.subject).where(
        WorkItem.project_id == item.project_id, WorkItem.kind == STORY.name
    )
    # (order, ref) before / after the story's; the plain bound on the order lets the index seek to it.
    order = item.backlog_order
    before = and_(WorkItem.backlog_order <= order, or_(WorkItem.backlog_order < order, WorkItem.ref < item.ref))
    after = and_(WorkItem.backlog_order >= order, or_(WorkItem.backlog_order > order, WorkItem.ref > item.ref))
    previous = ctx.session.execute(
        base.where(before).order_by(WorkItem.backlog_order.desc(), WorkItem.ref.desc()).limit(1)
    ).first()
    following = ctx.session.execute(base.where(after).order_by(WorkItem.backlog_order, WorkItem.ref).limit(1)).first()
    return previous, following  # type: ignore[return-value]


def by_ref(ctx: Context, ref: int, project_id: int | None, project_slug: str | None) -> WorkItem:
    if project_id is None and project_slug:
        project_id = ctx.session.scalar(select(Project.id).where(Project.slug == project_slug))
        if project_id is None:
            raise NotFound(entity="story")
    if project_id is None:
        raise Invalid(code="required", field="project")
    return service.get_by_ref(ctx, STORY, project_id, ref)


def bulk_create(ctx: Context, project_id: int, subjects: list[str], fields: dict[str, Any]) -> list[WorkItem]:
    """One story per subject, all in the same status/sprint/lane; all or nothing."""
    project = ctx.session.get(Project, project_id)
    if project is None:
        raise Invalid(code="unknown_project", entity="story", field="project_id")
    try:
        load_project(ctx, project_id, STORY.add)
    except NotFound:
        raise Invalid(code="unknown_project", entity="story", field="project_id") from None
    ctx.require_user()
    if not subjects:
        raise Invalid(code="required", field="bulk_stories")
    limits.check_lines("bulk_stories", subjects, ctx.env.settings.max_bulk_lines)
    fields = {k: v for k, v in fields.items() if v is not None}
    validate_references(ctx, project_id, STORY, fields)
    return bulk.create_items(ctx, STORY, project, [{"subject": s} for s in subjects], fields)
