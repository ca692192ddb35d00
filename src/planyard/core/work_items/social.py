"""Votes and watchers on a work item of any kind (milestones use the same tables)."""

from __future__ import annotations

from sqlalchemy import Select, select

from planyard.core.context import Context
from planyard.core.work_items import reactions
from planyard.core.work_items.kinds import ItemProfile
from planyard.core.work_items.reactions import Reaction
from planyard.core.work_items.service import get_item
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import User


def add(ctx: Context, kind: ItemProfile, item_id: int, model: Reaction) -> None:
    item, _ = get_item(ctx, kind, item_id)
    reactions.start(ctx, kind, item.id, item.project_id, model, ctx.require_user().id)


def remove(ctx: Context, kind: ItemProfile, item_id: int, model: Reaction) -> None:
    item, _ = get_item(ctx, kind, item_id)
    reactions.stop(ctx, kind, item.id, item.project_id, model, ctx.require_user().id)


def users_query(ctx: Context, kind: ItemProfile, item_id: int, model: Reaction) -> Select[User]:
    item, _ = get_item(ctx, kind, item_id)
    return (
        select(User)
        .join(model, model.user_id == User.id)
        .where(model.target_type == kind.target_type, model.target_id == item.id)
        .order_by(model.id)
    )


def list_users(ctx: Context, kind: ItemProfile, item_id: int, model: Reaction, query: ListQuery) -> Page[User]:
    """The users who voted for (or watch) the item."""
    return fetch_page(ctx.session, users_query(ctx, kind, item_id, model), query.window)
