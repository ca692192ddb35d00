"""What the work-item routes share: an item of the project the path names (404 "Work item not found."
otherwise, also for an id outside int32), and rendering items with their page's facts."""

from __future__ import annotations

from typing import Any

from planyard.core.context import Context
from planyard.core.work_items.item_rows import readable_item
from planyard.core.work_items.plan_facts import load_plan_facts
from planyard.core.work_items.project_items import StatusBridge, status_bridge
from planyard.dialects.hacknplan import access
from planyard.dialects.hacknplan.mappers.work_items import resolved, work_item
from planyard.kit.errors import NotFound
from planyard.models import Project, WorkItem


def item_in(ctx: Context, project_id: int, item_id: int) -> tuple[Project, WorkItem]:
    """The project (its members only) and one of its items."""
    project, _ = access.member(ctx, project_id)
    try:
        item, _ = readable_item(ctx, access.checked_id(item_id, "work_item"))
    except NotFound:
        raise NotFound(entity="work_item") from None
    if item.project_id != project.id:
        raise NotFound(entity="work_item")
    return project, item


def rendered(ctx: Context, project: Project, items: list[WorkItem], bridge: StatusBridge | None = None) -> list[Any]:
    return [body for body, _ in rendered_with_resolution(ctx, project, items, bridge)]


def rendered_with_resolution(
    ctx: Context, project: Project, items: list[WorkItem], bridge: StatusBridge | None = None
) -> list[tuple[dict[str, Any], bool]]:
    """Each item's work item object, and whether a dependency on it is resolved."""
    bridge = bridge or status_bridge(ctx, project.id)
    facts = load_plan_facts(ctx, items)
    url = ctx.env.storage.url
    return [(work_item(item, project, bridge, facts, url), resolved(item, facts, bridge)) for item in items]
