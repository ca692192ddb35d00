"""Taiga's automatic closing. A story with tasks is closed exactly when all its tasks have a closed
status (without tasks, when its own status is closed); a sprint is closed when it holds at least one
story, story-less task or issue and every one of them is closed. Only the flags change (a story's
`is_closed` and `finish_date`, a sprint's `closed`): no version, no modified date, no change-log entry,
as Taiga saves just those columns. Two or three small aggregate queries, whatever the project's size."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from planyard.core.context import Context
from planyard.core.work_items.kinds import ISSUE, KINDS, STORY, TASK
from planyard.db.base import utcnow
from planyard.models import Sprint, Status, WorkItem

# a story's tasks and their statuses; aliases are built once (each one proxies every column)
TASK_ROW, TASK_STATUS = aliased(WorkItem, name="task"), aliased(Status, name="task_status")


def settle(
    ctx: Context, stories: Iterable[int | None] = (), sprints: Iterable[int | None] = (), reopen: bool = True
) -> None:
    """Recompute these stories, then these sprints and those of every story that changed. With
    `reopen=False` (after a deletion, Taiga's rule) the given sprints may close but not reopen; the
    sprint of a story that changed is always recomputed both ways."""
    ctx.session.flush()
    changed_sprints = _settle_stories(ctx, {i for i in stories if i})
    given = {i for i in sprints if i} - changed_sprints
    _settle_sprints(ctx, changed_sprints, reopen=True)
    _settle_sprints(ctx, given, reopen=reopen)


def status_flag_changed(ctx: Context, status: Status) -> None:
    """A status's `is_closed` was edited: its tasks and issues follow it (Taiga reads the flag live), and
    the stories in it, or whose tasks are in it, are settled (Taiga's status signal handlers)."""
    profile = KINDS[status.kind]
    if profile.is_subitem or profile.is_ticket:  # their status alone closes them
        ctx.session.execute(update(WorkItem).where(WorkItem.status_id == status.id, WorkItem.kind == status.kind)
                            .values(is_closed=status.is_closed, modified_date=WorkItem.modified_date))  # fmt: skip
    story_of = WorkItem.id if profile.holds_subitems else WorkItem.parent_id if profile.is_subitem else None
    if story_of is not None:
        in_status = select(story_of).where(WorkItem.status_id == status.id, WorkItem.kind == status.kind)
        settle(ctx, set(ctx.session.scalars(in_status.distinct())))


def _settle_stories(ctx: Context, story_ids: set[int]) -> set[int]:
    """Returns the sprints of the stories whose state changed."""
    if not story_ids:
        return set()
    task, task_status = TASK_ROW, TASK_STATUS
    open_task = or_(task_status.is_closed.is_(None), task_status.is_closed.is_(False))
    rows = ctx.session.execute(
        select(WorkItem.id, WorkItem.is_closed, WorkItem.sprint_id, Status.is_closed, func.count(task.id),
               func.count(case((open_task, task.id))))
        .outerjoin(Status, Status.id == WorkItem.status_id)
        .outerjoin(task, and_(task.parent_id == WorkItem.id, task.kind == TASK.name))
        .outerjoin(task_status, task_status.id == task.status_id)
        .where(WorkItem.id.in_(story_ids), WorkItem.kind == STORY.name)
        .group_by(WorkItem.id, WorkItem.is_closed, WorkItem.sprint_id, Status.is_closed)
    )  # fmt: skip
    sprints: set[int] = set()
    for story_id, is_closed, sprint_id, status_closed, tasks, open_tasks in rows.all():
        closed = status_closed is not None and (open_tasks == 0 if tasks else bool(status_closed))
        if closed == is_closed:
            continue
        values = {"is_closed": closed, "finish_date": utcnow() if closed else None}
        ctx.session.execute(
            update(WorkItem).where(WorkItem.id == story_id).values(**values, modified_date=WorkItem.modified_date)
        )
        _sync_loaded(ctx, WorkItem, story_id, values)
        if sprint_id:
            sprints.add(sprint_id)
    return sprints


def _settle_sprints(ctx: Context, sprint_ids: set[int], reopen: bool) -> None:
    if not sprint_ids:
        return
    open_item = case(
        (WorkItem.kind == STORY.name, WorkItem.is_closed.is_(False)),
        else_=or_(Status.is_closed.is_(None), Status.is_closed.is_(False)),
    )
    counted = ctx.session.execute(
        select(WorkItem.sprint_id, func.count(), func.count(case((open_item, WorkItem.id))))
        .outerjoin(Status, Status.id == WorkItem.status_id)
        .where(WorkItem.sprint_id.in_(sprint_ids),
               or_(WorkItem.kind.in_((STORY.name, ISSUE.name)),
                   and_(WorkItem.kind == TASK.name, WorkItem.parent_id.is_(None))))
        .group_by(WorkItem.sprint_id)
    )  # fmt: skip
    should_close = {sprint_id: total > 0 and still_open == 0 for sprint_id, total, still_open in counted.all()}
    current = ctx.session.execute(select(Sprint.id, Sprint.closed).where(Sprint.id.in_(sprint_ids)))
    for sprint_id, closed in current.all():
        wanted = should_close.get(sprint_id, False)
        if wanted == closed or (closed and not reopen):
            continue
        ctx.session.execute(
            update(Sprint).where(Sprint.id == sprint_id).values(closed=wanted, modified_date=Sprint.modified_date)
        )
        _sync_loaded(ctx, Sprint, sprint_id, {"closed": wanted})


def _sync_loaded(ctx: Context, model: type, row_id: int, values: Mapping[str, object]) -> None:
    """A row this session already holds shows the new values without another query."""
    loaded = ctx.session.identity_map.get(identity_key(model, row_id))
    if loaded is not None:
        for name, value in values.items():
            set_committed_value(loaded, name, value)
