"""Fixed-window counters that every worker process shares: one row per (key, window) in a table with
the columns `key`, `window_end` and `count`, bumped by one atomic UPSERT, so that concurrent hits
never lose a count."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import Table, delete
from sqlalchemy.orm import Session

from planyard.kit.sql import delete_expired, dialect_insert


@dataclass(frozen=True)
class Hit:
    count: int  # hits in the current window, this one included
    seconds_left: int  # until the window ends and the count starts again
    window_end: int  # when it ends (epoch seconds)


def hit(session: Session, table: Table, key: str, window_seconds: int, now: float) -> Hit:
    """Count one more for `key` in the window that holds `now`."""
    window_end = (math.floor(now / window_seconds) + 1) * window_seconds
    insert = dialect_insert(session, table).values(key=key, window_end=window_end, count=1)
    upsert = insert.on_conflict_do_update(
        index_elements=[table.c.key, table.c.window_end], set_={"count": table.c.count + 1}
    ).returning(table.c.count)
    count = session.execute(upsert).scalar_one()
    if count == 1:  # a new window: purge ended ones
        delete_expired(session, table.c.window_end, math.floor(now))
    return Hit(count, max(1, math.ceil(window_end - now)), window_end)


def clear(session: Session, table: Table, key: str) -> None:
    """Forget every count of `key`."""
    session.execute(delete(table).where(table.c.key == key))
