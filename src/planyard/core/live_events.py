"""Live events: the changes a write records are announced on the environment's live bus when it commits,
for the clients that follow a project live (the Taiga web client, through the Taiga dialect's events
socket). An announcement says what changed and which client session changed it, never the content:
a follower reads it again through its API, with its own rights.

One message per unit of work: `{"session": <origin session or null>, "changes": [[project id, target
type, action, [target ids]], ...], "users": [ids]}`: the changes of one project, type and action merged
in the order they were first made, and the users who got new web notifications; a message too large
for the bus is split."""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field

from planyard.core.context import Context
from planyard.kit.live_bus import origin_session
from planyard.kit.uow import UnitOfWork

CHANGES_PER_MESSAGE = 40
IDS_PER_CHANGE = 500

Change = tuple[int, str, str]  # project id, target type, action


@dataclass
class _Announcement:
    changes: dict[Change, list[int]] = field(default_factory=dict)
    users: list[int] = field(default_factory=list)


_pending: weakref.WeakKeyDictionary[UnitOfWork, _Announcement] = weakref.WeakKeyDictionary()


def announce(ctx: Context, *, project_id: int | None, target_type: str, action: str, target_ids: Iterable[int]) -> None:
    """Announce, when the unit of work commits, that these targets of a project changed."""
    if project_id is not None:
        _announcement(ctx).changes.setdefault((project_id, target_type, action), []).extend(target_ids)


def tell_users(ctx: Context, user_ids: Iterable[int]) -> None:
    """Announce, when the unit of work commits, that these users have new web notifications."""
    ids = list(user_ids)
    if ids:
        _announcement(ctx).users.extend(ids)


def _announcement(ctx: Context) -> _Announcement:
    pending = _pending.get(ctx.uow)
    if pending is None:
        pending = _pending[ctx.uow] = _Announcement()
        ctx.uow.before_commit(lambda: _send(ctx))
    return pending


def _send(ctx: Context) -> None:
    pending = _pending.pop(ctx.uow)
    rows = []
    for change, ids in pending.changes.items():
        unique = list(dict.fromkeys(ids))
        rows += [[*change, unique[i : i + IDS_PER_CHANGE]] for i in range(0, len(unique), IDS_PER_CHANGE)]
    users = list(dict.fromkeys(pending.users))
    session = origin_session.get()
    for start in range(0, max(len(rows), 1), CHANGES_PER_MESSAGE):
        chunk = rows[start : start + CHANGES_PER_MESSAGE]
        ctx.env.live.publish(ctx.uow, {"session": session, "changes": chunk, "users": users if start == 0 else []})
