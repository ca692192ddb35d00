"""Blockers (Kaiten card blockers): why an item is blocked, optionally by which other item, from when
until released. Taiga's `is_blocked` / `blocked_note` on the item are kept in step both ways:
- through core: the item is blocked while it has an open blocker, its note is the newest open
  blocker's reason; releasing the last one unblocks it (an item change in the log, with a new version);
- through a Taiga write: see blocked_flags.py (no blocker entry: the item change says it all)."""

from __future__ import annotations

from sqlalchemy import select

from planyard.core import history
from planyard.core.context import Context
from planyard.core.work_items.blocked_flags import OPEN
from planyard.core.work_items.item_rows import readable_item, record, writable_item
from planyard.db.base import utcnow
from planyard.kit.errors import Invalid, NotFound
from planyard.models import Blocker, WorkItem

TARGET = "blocker"
# Marks the snapshot of an item change that only follows a blocker write (logged on its own, as a blocker
# target): readers deriving blocker events from an item's flags skip it.
FOLLOWS = "follows_blocker"


def list_blockers(ctx: Context, item_id: int) -> list[Blocker]:
    """The item's blockers, released ones included, oldest first."""
    readable_item(ctx, item_id)
    return list(ctx.session.scalars(select(Blocker).where(Blocker.work_item_id == item_id).order_by(Blocker.id)))


def open_blocker(ctx: Context, item_id: int, reason: str = "", blocking_item_id: int | None = None) -> Blocker:
    item = writable_item(ctx, item_id)
    if blocking_item_id is not None:
        if blocking_item_id == item.id:
            raise Invalid(code="self_reference", entity="blocker", field="blocking_item_id")
        try:
            readable_item(ctx, blocking_item_id)
        except NotFound:
            raise Invalid(code="does_not_exist", field="blocking_item_id", params={"pk": blocking_item_id}) from None
    blocker = Blocker(work_item_id=item.id, blocking_item_id=blocking_item_id, reason=reason or "",
                      blocker_user_id=ctx.actor_id, created_at=utcnow())  # fmt: skip
    ctx.session.add(blocker)
    ctx.session.flush()
    record(ctx, item, TARGET, blocker.id, "create", {"reason": [None, blocker.reason]})
    _flags_follow(ctx, item)
    return blocker


def update_blocker(ctx: Context, blocker_id: int, reason: str) -> Blocker:
    blocker, item = _blocker(ctx, blocker_id)
    if reason != blocker.reason:
        record(ctx, item, TARGET, blocker.id, "change", {"reason": [blocker.reason, reason]})
        blocker.reason = reason
        ctx.session.flush()
        _flags_follow(ctx, item)
    return blocker


def release_blocker(ctx: Context, blocker_id: int) -> Blocker:
    blocker, item = _blocker(ctx, blocker_id)
    if blocker.released_at is not None:
        raise Invalid(code="already_released", field="released")
    blocker.released_at = utcnow()
    blocker.released_by_id = ctx.actor_id
    record(ctx, item, TARGET, blocker.id, "change", {"released": [False, True]})
    ctx.session.flush()
    _flags_follow(ctx, item)
    return blocker


def delete_blocker(ctx: Context, blocker_id: int) -> None:
    blocker, item = _blocker(ctx, blocker_id)
    record(ctx, item, TARGET, blocker.id, "delete", {"reason": [blocker.reason, None]})
    ctx.session.delete(blocker)
    ctx.session.flush()
    _flags_follow(ctx, item)


def _flags_follow(ctx: Context, item: WorkItem) -> None:
    """The item's Taiga flags after a blocker write through core: an item change when they move."""
    reason = ctx.session.scalar(select(Blocker.reason).where(Blocker.work_item_id == item.id, OPEN)
                                .order_by(Blocker.id.desc()).limit(1))  # fmt: skip
    flags = {"is_blocked": reason is not None, "blocked_note": reason or ""}
    diff = history.diff_of({k: getattr(item, k) for k in flags}, flags)
    if not diff:
        return
    for name, value in flags.items():
        setattr(item, name, value)
    item.version += 1
    item.modified_date = utcnow()
    history.record(ctx, target_type=item.kind, target_id=item.id, project_id=item.project_id, action="change",
                   diff=diff, version=item.version, snapshot={FOLLOWS: True})  # fmt: skip
    ctx.session.flush()


def _blocker(ctx: Context, blocker_id: int) -> tuple[Blocker, WorkItem]:
    blocker = ctx.session.get(Blocker, blocker_id)
    if blocker is None:
        raise NotFound(entity="blocker")
    try:
        return blocker, writable_item(ctx, blocker.work_item_id)
    except NotFound:
        raise NotFound(entity="blocker") from None
