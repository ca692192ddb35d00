"""Taiga's `is_blocked` / `blocked_note` written on an item move its blockers (blockers.py): blocking
opens one blocker with the note as reason, a new note while blocked becomes the newest open blocker's
reason, unblocking releases every open blocker. These writes log nothing more than the item change
they belong to, so Taiga's history, activity counts and answers stay what they were."""

from __future__ import annotations

from sqlalchemy import select, update

from planyard.core.context import Context
from planyard.db.base import utcnow
from planyard.models import Blocker, WorkItem

OPEN = Blocker.released_at.is_(None)


def follow_flags(ctx: Context, item: WorkItem, was_blocked: bool, old_note: str) -> None:
    """After a Taiga write of the item's flags (`is_blocked`, `blocked_note`): its blockers follow them.
    Costs nothing unless a flag changed."""
    if item.is_blocked and not was_blocked:
        ctx.session.add(Blocker(work_item_id=item.id, reason=item.blocked_note or "", blocker_user_id=ctx.actor_id,
                                created_at=utcnow()))  # fmt: skip
    elif was_blocked and not item.is_blocked:
        ctx.session.execute(update(Blocker).where(Blocker.work_item_id == item.id, OPEN)
                            .values(released_at=utcnow(), released_by_id=ctx.actor_id)
                            .execution_options(synchronize_session=False))  # fmt: skip
    elif item.is_blocked and item.blocked_note != old_note:
        newest = select(Blocker.id).where(Blocker.work_item_id == item.id, OPEN).order_by(Blocker.id.desc()).limit(1)
        ctx.session.execute(update(Blocker).where(Blocker.id == newest.scalar_subquery())
                            .values(reason=item.blocked_note or "")
                            .execution_options(synchronize_session=False))  # fmt: skip
