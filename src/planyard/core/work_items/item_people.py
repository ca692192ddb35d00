"""Who works on an item and how it is labelled, one at a time (HacknPlan's assign/unassign and
tag/untag): adding an assignee (an active member; an inactive one is a conflict), removing one, and the
item's tags as rows, a tag added twice being a conflict. Each is an item edit (logged, versioned)."""

from __future__ import annotations

from sqlalchemy import select

from planyard.core.context import Context
from planyard.core.tags import service as tag_service
from planyard.core.tags import store as tag_store
from planyard.core.work_items.facts import ASSIGNEES
from planyard.core.work_items.item_rows import readable_item
from planyard.core.work_items.kinds import KINDS
from planyard.core.work_items.service import ItemChanges, update_item
from planyard.kit.errors import Conflict, NotFound
from planyard.kit.sql import plain_rows
from planyard.models import ItemTag, Tag, User, WorkItem


def assignee_ids(ctx: Context, item_id: int) -> list[int]:
    return [user_id for _, user_id in plain_rows(ctx.session, ASSIGNEES, {"ids": [item_id]})]


def add_assignee(ctx: Context, item_id: int, user_id: int) -> WorkItem:
    item, _ = readable_item(ctx, item_id)
    user = ctx.session.get(User, user_id)
    if user is None:
        raise NotFound(entity="user")
    if not user.is_active:
        raise Conflict(code="user_inactive")
    current = assignee_ids(ctx, item.id)
    if user_id in current:
        return item
    return update_item(ctx, KINDS[item.kind], item.id, ItemChanges(assignees=[*current, user_id]))


def remove_assignee(ctx: Context, item_id: int, user_id: int) -> WorkItem:
    item, _ = readable_item(ctx, item_id)
    current = assignee_ids(ctx, item.id)
    if user_id not in current:
        raise NotFound(entity="user")
    return update_item(ctx, KINDS[item.kind], item.id, ItemChanges(assignees=[u for u in current if u != user_id]))


def item_tags(ctx: Context, item_id: int) -> list[tuple[Tag, int]]:
    """The item's tags with their positions, in order."""
    readable_item(ctx, item_id)
    stmt = select(Tag, ItemTag.position).join(ItemTag, ItemTag.tag_id == Tag.id).where(ItemTag.work_item_id == item_id)
    return [(tag, position) for tag, position in ctx.session.execute(stmt.order_by(ItemTag.position))]


def add_tag(ctx: Context, item_id: int, tag_id: int) -> WorkItem:
    item, _ = readable_item(ctx, item_id)
    if tag_id in [t for t, _ in tag_store.item_tag_ids(ctx.session, item.id)]:
        raise Conflict(code="tag_already_assigned")
    tag = ctx.session.get(Tag, tag_id)
    if tag is None or tag.project_id != item.project_id:
        raise NotFound(entity="tag")
    return tag_service.add_item_tag(ctx, item.id, tag_id)
