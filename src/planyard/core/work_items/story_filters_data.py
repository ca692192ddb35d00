"""GET /userstories/filters_data: each facet of the filtered story list counted under every filter
but its own (statuses, assignees, owners, tags, epics, roles), as Taiga answers it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select

from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.work_items import browse
from planyard.core.work_items.kinds import STORY
from planyard.core.work_items.stories import STORY_FILTERS
from planyard.kit.query import ListQuery
from planyard.models import WorkItem, WorkItemAssignee, WorkItemLink

EPIC_LINK = "epic_story"


def filters_data(ctx: Context, project_id: int, query: ListQuery) -> dict[str, Any]:
    project, _ = load_project(ctx, project_id, STORY.view)

    def facet(*skip: str) -> Select[Any]:
        return browse.filtered(ctx, STORY, STORY_FILTERS, query, skip=skip).where(WorkItem.project_id == project_id)

    return {
        "statuses": browse.counted_statuses(ctx, project_id, STORY.name, browse.count_by(
            ctx, facet("status", "status_excluded"), WorkItem.status_id)),
        "assigned_to": browse.counted_assignees(ctx, project_id, browse.count_by(
            ctx, facet("assignee", "assignee_excluded"), WorkItem.assigned_to_id)),
        "assigned_users": _assigned_users(ctx, project_id, facet("any_assignee", "any_assignee_excluded")),
        "owners": browse.counted_owners(ctx, project_id, browse.count_by(
            ctx, facet("owner", "owner_excluded"), WorkItem.owner_id)),
        "tags": browse.counted_tags(ctx, project, facet("tags", "tags_excluded")),
        "epics": _epics(ctx, facet("epic", "epic_excluded")),
        "roles": browse.counted_roles(ctx, project_id, facet("assignee_role", "assignee_role_excluded")),
    }  # fmt: skip


def _assigned_users(ctx: Context, project_id: int, stmt: Select[Any]) -> list[dict[str, Any]]:
    """Stories per assignee; the unassigned ones (id null) have neither assignees nor an assigned_to."""
    ids = stmt.order_by(None).with_only_columns(WorkItem.id, WorkItem.assigned_to_id).subquery()
    counts: dict[Any, int] = dict(ctx.session.execute(
        select(WorkItemAssignee.user_id, func.count()).where(WorkItemAssignee.work_item_id.in_(select(ids.c.id)))
        .group_by(WorkItemAssignee.user_id)).all())  # fmt: skip
    without = ~select(WorkItemAssignee.work_item_id).where(WorkItemAssignee.work_item_id == ids.c.id).exists()
    for user_id, count in ctx.session.execute(select(ids.c.assigned_to_id, func.count()).where(without)
                                              .group_by(ids.c.assigned_to_id)):  # fmt: skip
        counts[user_id] = counts.get(user_id, 0) + count  # no assignees: its assigned_to counts (None: nobody)
    return browse.counted_assignees(ctx, project_id, counts | {None: counts.get(None, 0)})


def _epics(ctx: Context, stmt: Select[Any]) -> list[dict[str, Any]]:
    ids = stmt.order_by(None).with_only_columns(WorkItem.id).subquery()
    counts = dict(ctx.session.execute(
        select(WorkItemLink.from_id, func.count()).where(WorkItemLink.kind == EPIC_LINK,
                                                         WorkItemLink.to_id.in_(select(ids.c.id)))
        .group_by(WorkItemLink.from_id)).all())  # fmt: skip
    linked = select(WorkItemLink.to_id).where(WorkItemLink.kind == EPIC_LINK)
    without = ctx.session.scalar(select(func.count()).select_from(ids).where(ids.c.id.not_in(linked))) or 0
    epics = ctx.session.scalars(select(WorkItem).where(WorkItem.id.in_(counts))).all() if counts else []
    rows = [{"id": e.id, "ref": e.ref, "subject": e.subject, "order": e.epics_order, "count": counts[e.id]}
            for e in sorted(epics, key=lambda e: (e.epics_order, e.id))]  # fmt: skip
    return [{"id": None, "ref": None, "subject": None, "order": 0, "count": without}, *rows]
