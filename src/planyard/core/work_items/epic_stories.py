"""The user stories related to an epic (Taiga RelatedUserStory): a `work_item_links` row of kind epic_story
with its own order. A story may belong to several epics, also of other projects (Taiga's rule), as long as
the actor can see it. Reading needs view_epics on the epic, writing modify_epic."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Select, insert, select

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.lanes import default_lane_ids
from planyard.core.work_items import bulk, service
from planyard.core.work_items.epics import EPIC_STORY, bulk_lines, shift_orders, write_orders
from planyard.core.work_items.kinds import EPIC, STORY
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import Project, WorkItem, WorkItemLink

TARGET = f"{EPIC.target_type}_related_story"


def list_query(ctx: Context, epic_id: int) -> Select[Any]:
    service.get_item(ctx, EPIC, epic_id)
    return _links(epic_id).order_by(WorkItemLink.to_id, WorkItemLink.order, WorkItemLink.id)


def get_link(ctx: Context, epic_id: int, story_id: int, permission: str | None = None) -> WorkItemLink:
    service.get_item(ctx, EPIC, epic_id, permission)
    link = ctx.session.scalar(_links(epic_id).where(WorkItemLink.to_id == story_id))
    if link is None:
        raise NotFound(entity="epic_story")
    return link


def create_link(ctx: Context, epic_id: int, story_id: int, order: int | None) -> WorkItemLink:
    epic, _ = service.get_item(ctx, EPIC, epic_id, EPIC.modify)
    try:
        service.get_item(ctx, STORY, story_id)
    except NotFound:
        raise Invalid(code="does_not_exist", field="user_story", params={"pk": story_id}) from None
    duplicate = Invalid(code="already_related", field="user_story")
    if ctx.session.scalar(_links(epic_id).where(WorkItemLink.to_id == story_id)) is not None:
        raise duplicate
    link = WorkItemLink(kind=EPIC_STORY, from_id=epic.id, to_id=story_id)
    if order is not None:
        link.order = order
    ctx.session.add(link)
    ctx.session.flush()
    _record(ctx, epic, "create", {"user_story": [None, story_id], "order": [None, link.order]}, {"link": link.id})
    return link


def update_link(
    ctx: Context, epic_id: int, story_id: int, order: int | None, set_orders: dict[int, int]
) -> tuple[WorkItemLink, dict[int, int]]:
    """A new order pushes the epic's later stories down; returns the changed orders by link id (Taiga's
    Taiga-Info-Order-Updated). `set_orders` maps other story ids to orders the client also wants."""
    link = get_link(ctx, epic_id, story_id, EPIC.modify)
    if order is None or order == link.order:
        return link, {}
    epic = ctx.session.get(WorkItem, epic_id)
    assert epic is not None
    _record(ctx, epic, "change", {"order": [link.order, order], "user_story": story_id}, {"link": link.id})
    link.order = order
    ctx.session.flush()
    links = ctx.session.execute(select(WorkItemLink.id, WorkItemLink.to_id, WorkItemLink.order).where(
        WorkItemLink.kind == EPIC_STORY, WorkItemLink.from_id == epic_id)).all()  # fmt: skip
    by_story = {to_id: link_id for link_id, to_id, _ in links}
    moves = {by_story[s]: o for s, o in set_orders.items() if s in by_story} | {link.id: order}
    updated = shift_orders({link_id: value for link_id, _, value in links}, moves)
    write_orders(ctx, WorkItemLink, WorkItemLink.order, updated)
    return link, updated


def delete_link(ctx: Context, epic_id: int, story_id: int) -> None:
    link = get_link(ctx, epic_id, story_id, EPIC.modify)
    epic = ctx.session.get(WorkItem, epic_id)
    assert epic is not None
    _record(ctx, epic, "delete", {"user_story": [story_id, None]}, {"link": link.id, "order": link.order})
    ctx.session.delete(link)
    ctx.session.flush()


def bulk_create_stories(ctx: Context, epic_id: int, project_id: int, subjects: list[str]) -> list[WorkItemLink]:
    """One new story per subject in `project_id`, each related to the epic; all or nothing. Returns every
    relation of the epic. A kanban project puts the stories in its default swimlane."""
    epic, _ = service.get_item(ctx, EPIC, epic_id, EPIC.modify)
    project = ctx.session.get(Project, project_id)
    try:
        if project is None:
            raise NotFound()
        load_project(ctx, project_id, STORY.add)
    except NotFound:
        raise Invalid(code="unknown_project", entity="epic", field="project_id") from None
    bulk_lines(ctx, subjects, "bulk_userstories")
    lane = default_lane_ids(ctx, {project_id}).get(project_id) if project.is_kanban_activated else None  # type: ignore[union-attr]
    stories = bulk.create_items(
        ctx, STORY, project, [{"subject": s} for s in subjects], {"lane_id": lane} if lane else {}
    )
    first = time.time_ns() // 1_000_000
    links = [{"kind": EPIC_STORY, "from_id": epic.id, "to_id": story.id, "order": first + offset}
             for offset, story in enumerate(stories)]  # fmt: skip
    ctx.session.execute(insert(WorkItemLink), links)
    related = list(ctx.session.scalars(_links(epic_id).order_by(WorkItemLink.to_id, WorkItemLink.order)))
    link_ids = {link.to_id: link.id for link in related}
    entries = [history.NewEntry(epic.id, diff={"user_story": [None, story.id]}, snapshot={"link": link_ids[story.id]})
               for story in stories]  # fmt: skip
    history.record_many(ctx, target_type=TARGET, action="create", project_id=epic.project_id, entries=entries)
    return related


def _links(epic_id: int) -> Select[Any]:
    return select(WorkItemLink).where(WorkItemLink.kind == EPIC_STORY, WorkItemLink.from_id == epic_id)


def _record(ctx: Context, epic: WorkItem, action: str, diff: dict[str, Any],
            snapshot: dict[str, Any] | None = None) -> None:  # fmt: skip
    history.record(ctx, target_type=TARGET, target_id=epic.id, project_id=epic.project_id, action=action,
                   diff=diff, snapshot=snapshot)  # fmt: skip


def list_links(ctx: Context, epic_id: int, query: ListQuery) -> Page[WorkItemLink]:
    """The epic's relations to stories."""
    return fetch_page(ctx.session, list_query(ctx, epic_id), query.window)
