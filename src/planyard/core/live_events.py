"""Live events: the changes a write records are announced on the environment's live bus when it commits,
for the clients that follow a project live (the Taiga web client, through the Taiga dialect's events
socket). An announcement says what changed and which client session changed it, never the content:
a follower reads it again through its API, with its own rights.

One message per unit of work: `{"session": <origin session or null>, "changes": [[project id, target
type, action, [target ids]], ...]}`, the changes of one project, type and action merged, in the order
they were first made; a message too large for the bus is split."""

from __future__ import annotations

import weakref
from collections.abc import Iterable

from planyard.core.context import Context
from planyard.kit.live_bus import origin_session
from planyard.kit.uow import UnitOfWork

CHANGES_PER_MESSAGE = 40
IDS_PER_CHANGE = 500

Change = tuple[int, str, str]  # project id, target type, action

_pending: weakref.WeakKeyDictionary[UnitOfWork, dict[Change, list[int]]] = weakref.WeakKeyDictionary()


def announce(ctx: Context, *, project_id: int | None, target_type: str, action: str, target_ids: Iterable[int]) -> None:
    """Announce, when the unit of work commits, that these targets of a project changed."""
    if project_id is None:
        return
    uow = ctx.uow
    changes = _pending.get(uow)
    if changes is None:
        changes = _pending[uow] = {}
        uow.before_commit(lambda: _send(ctx, changes))
    changes.setdefault((project_id, target_type, action), []).extend(target_ids)


def _send(ctx: Context, changes: dict[Change, list[int]]) -> None:
    rows = []
    for change, ids in changes.items():
        unique = list(dict.fromkeys(ids))
        rows += [[*change, unique[i : i + IDS_PER_CHANGE]] for i in range(0, len(unique), IDS_PER_CHANGE)]
    session = origin_session.get()
    for start in range(0, len(rows), CHANGES_PER_MESSAGE):
        ctx.env.live.publish(ctx.uow, {"session": session, "changes": rows[start : start + CHANGES_PER_MESSAGE]})
