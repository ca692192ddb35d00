"""Votes and watchers on a work item of any kind (milestones use the same tables)."""

from __future__ import annotations

from sqlalchemy import Select, delete, select

from planyard.core import history
from planyard.core.context import Context
from planyard.core.work_items.kinds import ItemProfile
from planyard.core.work_items.service import get_item
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import User, Vote, Watch

Reaction = type[Vote] | type[Watch]


def add(ctx: Context, kind: ItemProfile, item_id: int, model: Reaction) -> None:
    item, _ = get_item(ctx, kind, item_id)
    user = ctx.require_user()
    exists = ctx.session.scalar(select(model.id).where(
        model.target_type == kind.target_type, model.target_id == item.id, model.user_id == user.id))  # fmt: skip
    if exists is None:
        ctx.session.add(model(target_type=kind.target_type, target_id=item.id, user_id=user.id))
        _record(ctx, kind, item.id, item.project_id, model, "create")


def remove(ctx: Context, kind: ItemProfile, item_id: int, model: Reaction) -> None:
    item, _ = get_item(ctx, kind, item_id)
    user = ctx.require_user()
    deleted = ctx.session.execute(delete(model).where(
        model.target_type == kind.target_type, model.target_id == item.id, model.user_id == user.id))  # fmt: skip
    if deleted.rowcount:  # type: ignore[attr-defined]
        _record(ctx, kind, item.id, item.project_id, model, "delete")


def users_query(ctx: Context, kind: ItemProfile, item_id: int, model: Reaction) -> Select[User]:
    item, _ = get_item(ctx, kind, item_id)
    return (
        select(User)
        .join(model, model.user_id == User.id)
        .where(model.target_type == kind.target_type, model.target_id == item.id)
        .order_by(model.id)
    )


def _record(ctx: Context, kind: ItemProfile, item_id: int, project_id: int, model: Reaction, action: str) -> None:
    reaction = "vote" if model is Vote else "watch"
    history.record(ctx, target_type=f"{kind.target_type}_{reaction}", target_id=item_id, project_id=project_id,
                   action=action, diff={"user": ctx.actor_id})  # fmt: skip


def list_users(ctx: Context, kind: ItemProfile, item_id: int, model: Reaction, query: ListQuery) -> Page[User]:
    """The users who voted for (or watch) the item."""
    return fetch_page(ctx.session, users_query(ctx, kind, item_id, model), query.window)
