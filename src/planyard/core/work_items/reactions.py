"""One user's vote or watch on a work item (or milestone): the row and its change-log entry."""

from __future__ import annotations

from sqlalchemy import delete, select

from planyard.core import history
from planyard.core.context import Context
from planyard.core.work_items.kinds import ItemProfile
from planyard.models import Vote, Watch

Reaction = type[Vote] | type[Watch]


def start(ctx: Context, kind: ItemProfile, item_id: int, project_id: int, model: Reaction, user_id: int) -> None:
    """The user votes for (watches) the item, once."""
    exists = ctx.session.scalar(select(model.id).where(
        model.target_type == kind.target_type, model.target_id == item_id, model.user_id == user_id))  # fmt: skip
    if exists is None:
        ctx.session.add(model(target_type=kind.target_type, target_id=item_id, user_id=user_id))
        _record(ctx, kind, item_id, project_id, model, "create", user_id)


def stop(ctx: Context, kind: ItemProfile, item_id: int, project_id: int, model: Reaction, user_id: int) -> None:
    deleted = ctx.session.execute(delete(model).where(
        model.target_type == kind.target_type, model.target_id == item_id, model.user_id == user_id))  # fmt: skip
    if deleted.rowcount:  # type: ignore[attr-defined]
        _record(ctx, kind, item_id, project_id, model, "delete", user_id)


def _record(ctx: Context, kind: ItemProfile, item_id: int, project_id: int, model: Reaction, action: str,
            user_id: int) -> None:  # fmt: skip
    reaction = "vote" if model is Vote else "watch"
    history.record(ctx, target_type=f"{kind.target_type}_{reaction}", target_id=item_id, project_id=project_id,
                   action=action, diff={"user": user_id})  # fmt: skip
