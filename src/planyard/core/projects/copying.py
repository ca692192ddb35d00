"""What a project copy takes from its source besides the configuration `actions.duplicate` copies:
lanes, the stories with what each part names (comments, watchers, assignees, tags, estimates)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from planyard.core import lanes
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.tags import store as tag_store
from planyard.core.work_items import comments, reactions
from planyard.core.work_items import service as items
from planyard.core.work_items.kinds import STORY
from planyard.core.workflows import statuses_of
from planyard.models import Lane, Membership, PointValue, Role, RolePoints, Status, Watch, WorkItem, WorkItemAssignee


@dataclass(frozen=True)
class CopiedParts:
    lanes: bool = False
    stories: bool = False
    comments: bool = False
    watchers: bool = False
    assignees: bool = False
    tags: bool = False
    estimates: bool = False


def copy_content(ctx: Context, source_id: int, target_id: int, parts: CopiedParts) -> None:
    """Lanes (by name, in order) and stories (each in the target's status of the same name, else its
    first; in the copied lane) with the parts asked for; people only where they are target members."""
    load_project(ctx, source_id)
    target, _ = load_project(ctx, target_id, "modify_project")
    lane_map = {}
    if parts.lanes:
        for lane in ctx.session.scalars(select(Lane).where(Lane.project_id == source_id).order_by(Lane.order, Lane.id)):
            lane_map[lane.id] = lanes.create_lane(ctx, target_id, lane.name).id
    if not parts.stories:
        return
    statuses = {s.id: s.name for s in ctx.session.scalars(select(Status).where(statuses_of(source_id, STORY.name)))}
    own = list(ctx.session.scalars(select(Status).where(statuses_of(target_id, STORY.name))
                                   .order_by(Status.order, Status.id)))  # fmt: skip
    by_name = {s.name: s.id for s in reversed(own)}
    members = set(ctx.session.scalars(select(Membership.user_id).where(Membership.project_id == target_id)))
    stories = list(ctx.session.scalars(select(WorkItem).where(WorkItem.project_id == source_id,
                                                              WorkItem.kind == STORY.name)
                                       .order_by(WorkItem.kanban_order, WorkItem.id)))  # fmt: skip
    tags = tag_store.item_tags(ctx.session, [s.id for s in stories]) if parts.tags else {}
    for story in stories:
        status = by_name.get(statuses.get(story.status_id or 0, ""), own[0].id if own else None)
        fields: dict[str, Any] = {"subject": story.subject, "description": story.description, "status_id": status}
        if story.lane_id in lane_map:
            fields["lane_id"] = lane_map[story.lane_id]
        if parts.tags:
            fields["tags"] = [list(pair) for pair in tags.get(story.id, [])]
        changes = items.ItemChanges(fields)
        if parts.assignees:
            changes.assignees = [u for u in _assignees(ctx, story.id) if u in members]
        if parts.watchers:
            changes.watchers = [u for u in _watchers(ctx, story.id) if u in members]
        if parts.estimates:
            changes.role_points = _estimates(ctx, story.id, target.id)
        copy = items.create_item(ctx, STORY, target_id, changes)
        if parts.comments:
            for comment in comments.list_comments(ctx, story.id):
                comments.add_comment(ctx, copy.id, comment.text)
            if ctx.actor_id is not None and ctx.actor_id not in (changes.watchers or []):
                # re-posting the comments is not taking part: the copy's watchers are those copied
                reactions.stop(ctx, STORY, copy.id, target_id, Watch, ctx.actor_id)


def _assignees(ctx: Context, item_id: int) -> list[int]:
    return list(ctx.session.scalars(select(WorkItemAssignee.user_id).where(WorkItemAssignee.work_item_id == item_id)))


def _watchers(ctx: Context, item_id: int) -> list[int]:
    stmt = select(Watch.user_id).where(Watch.target_type == STORY.target_type, Watch.target_id == item_id)
    return list(ctx.session.scalars(stmt))


def _estimates(ctx: Context, item_id: int, target_id: int) -> dict[int, int | None]:
    """The story's points per role, as the target's role of the same slug and points of the same name."""
    roles = {r.slug: r.id for r in ctx.session.scalars(select(Role).where(Role.project_id == target_id))}
    points = {p.name: p.id for p in ctx.session.scalars(select(PointValue).where(PointValue.project_id == target_id))}
    given = ctx.session.execute(select(Role.slug, PointValue.name).select_from(RolePoints)
                                .join(Role, Role.id == RolePoints.role_id)
                                .outerjoin(PointValue, PointValue.id == RolePoints.points_id)
                                .where(RolePoints.work_item_id == item_id)).all()  # fmt: skip
    return {roles[slug]: points.get(name) if name else None for slug, name in given if slug in roles}
