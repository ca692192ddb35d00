"""The change log: every write goes through `record`, which adds a history entry (and the comment it
carries, models/comment.py), an outbox row, the notifications it raises and the change mail it owes, in
the caller's transaction. Nothing is flushed here: the rows go out with the caller's next flush, many entries in one
batched INSERT (a bulk reorder records a hundred).
Bulk writes that notify nobody record through `record_many` or `record_quiet_changes`: two statements
whatever their number."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar, cast

from sqlalchemy import BigInteger, String, Table, bindparam, insert, inspect, select
from sqlalchemy import cast as sql_cast

from planyard.core import live_events, notifications
from planyard.core.change_mails import queue as change_mails
from planyard.core.context import Context
from planyard.core.webhooks import engine as webhook_engine
from planyard.db.base import UTCDateTime, utcnow
from planyard.kit.sql import bound_ids, json_array_rows, json_item, json_item_text, json_text
from planyard.models import ChangeEntry, Comment, OutboxEvent

M = TypeVar("M")
ENTRIES, OUTBOX = cast(Table, ChangeEntry.__table__), cast(Table, OutboxEvent.__table__)
# The two statements of `record_many`, built once: the entries from one bound JSON list of
# [target id, version, diff, snapshot] (see kit/sql.py), then their outbox rows.
_CHANGES = json_array_rows(bindparam("changes", type_=String)).table_valued("value")
NEW_ENTRIES = (
    insert(ENTRIES)
    .from_select(
        ["project_id", "target_type", "action", "user_id", "created_at", "target_id", "version", "diff", "snapshot"],
        select(
            bindparam("project_id", type_=BigInteger), bindparam("target_type", type_=String),
            bindparam("action", type_=String), bindparam("user_id", type_=BigInteger),
            bindparam("now", type_=UTCDateTime()),
            sql_cast(json_item_text(_CHANGES.c.value, 0), BigInteger),
            sql_cast(json_item_text(_CHANGES.c.value, 1), BigInteger),
            json_item(_CHANGES.c.value, 2),
            json_item(_CHANGES.c.value, 3),
        ),
    )
    .returning(ENTRIES.c.id)
)  # fmt: skip
THEIR_OUTBOX_ROWS = insert(OUTBOX).from_select(
    ["change_id", "topic", "created_at", "next_attempt_at"],
    select(ENTRIES.c.id, bindparam("topic"), ENTRIES.c.created_at, ENTRIES.c.created_at).where(
        ENTRIES.c.id.in_(bound_ids("ids"))
    ),
)


def record(
    ctx: Context,
    *,
    target_type: str,
    target_id: int,
    action: str,
    project_id: int | None = None,
    diff: dict[str, Any] | None = None,
    version: int | None = None,
    snapshot: dict[str, Any] | None = None,
    comment: str = "",
) -> ChangeEntry:
    entry = ChangeEntry(
        project_id=project_id,
        target_type=target_type,
        target_id=target_id,
        action=action,
        user_id=ctx.actor_id,
        diff=_jsonable(diff or {}),
        version=version,
        snapshot=_jsonable(snapshot or {}),
        created_at=utcnow(),
    )
    ctx.session.add(entry)
    if comment:
        if project_id is None:
            raise ValueError("a comment belongs to a project")
        entry.comment = Comment(project_id=project_id, target_type=target_type, target_id=target_id,
                                author_id=ctx.actor_id, text=comment, created_at=entry.created_at)  # fmt: skip
    ctx.session.add(OutboxEvent(change=entry, topic=f"{target_type}.{action}"))
    webhook_engine.nudge(ctx)
    notifications.raise_for(ctx, entry, comment)
    change_mails.queue_for(ctx, entry, comment)
    live_events.announce(ctx, project_id=project_id, target_type=target_type, action=action, target_ids=[target_id])
    return entry


@dataclass(frozen=True)
class NewEntry:
    """What differs from one entry to the next in `record_many`."""

    target_id: int
    version: int | None = None
    diff: dict[str, Any] | None = None
    snapshot: dict[str, Any] | None = None


def record_many(
    ctx: Context, *, target_type: str, action: str, project_id: int | None, entries: Sequence[NewEntry]
) -> None:
    """`record` for many targets of one type, in two statements whatever their number: the entries from
    one bound JSON list, then their outbox rows. It raises no notification: the caller writes only what
    concerns nobody (a bulk creation carries no assignee, watcher, description nor comment)."""
    if not entries:
        return
    rows = json_text([[e.target_id, e.version, _jsonable(e.diff or {}), _jsonable(e.snapshot or {})]
                      for e in entries])  # fmt: skip
    values = {"changes": rows, "project_id": project_id, "target_type": target_type, "action": action,
              "user_id": ctx.actor_id, "now": utcnow()}  # fmt: skip
    ids = ctx.session.scalars(NEW_ENTRIES, values).all()
    ctx.session.execute(THEIR_OUTBOX_ROWS, {"ids": list(ids), "topic": f"{target_type}.{action}"})
    live_events.announce(ctx, project_id=project_id, target_type=target_type, action=action,
                         target_ids=[e.target_id for e in entries])  # fmt: skip
    webhook_engine.nudge(ctx)


def record_quiet_changes(
    ctx: Context, target_type: str, project_id: int, changes: Sequence[tuple[int, Mapping[str, Any], int | None]]
) -> None:
    """One "change" entry and its outbox row per (target id, diff, version), for bulk edits whose diffs
    notify nobody (orders, sprint, status, lane: see `notifications.may_notify`): a bulk reorder
    records a hundred."""
    if any(notifications.may_notify(target_type, "change", diff) for _, diff, _ in changes):
        raise ValueError("record_quiet_changes takes no change that may notify; use record")
    entries = [NewEntry(target_id, version, dict(diff)) for target_id, diff, version in changes]
    record_many(ctx, target_type=target_type, action="change", project_id=project_id, entries=entries)


def changed_fields_since(ctx: Context, target_type: str, target_id: int, version: int) -> set[str]:
    diffs = ctx.session.scalars(
        select(ChangeEntry.diff).where(
            ChangeEntry.target_type == target_type,
            ChangeEntry.target_id == target_id,
            ChangeEntry.version > version,
        )
    )
    return {name for diff in diffs for name in diff}


def diff_of(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def row_snapshot(row: Any) -> dict[str, Any]:
    """A row's columns as a deletion's snapshot keeps them (`snapshot["row"]`), so what reads the entry
    after the row is gone can still show it (`restored_row`)."""
    return {attr.key: _jsonable(getattr(row, attr.key)) for attr in inspect(row).mapper.column_attrs}


def restored_row(model: type[M], values: dict[str, Any]) -> M:
    """A detached copy of a deleted row from its `row_snapshot` (never added to a session)."""
    columns = {attr.key: attr.columns[0].type for attr in inspect(model).column_attrs}
    kept: dict[str, Any] = {}
    for key, value in values.items():
        if key not in columns:
            continue
        wanted = _python_type(columns[key])
        if isinstance(value, str) and wanted is datetime:
            value = datetime.fromisoformat(value)
        elif isinstance(value, str) and wanted is date:
            value = date.fromisoformat(value)
        kept[key] = value
    return model(**kept)


def _python_type(column_type: Any) -> type | None:
    try:  # a TypeDecorator's own python_type is `object`: its implementation's tells
        return cast(type, getattr(column_type, "impl_instance", column_type).python_type)
    except NotImplementedError:
        return None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)
