"""Serialized writers on PostgreSQL. A request that may write locks the row its change hangs off (its
project, or the acting user for per-user data) before deciding anything, so concurrent writers of one
project take turns, as every writer does on SQLite (BEGIN IMMEDIATE); what the session read before the
lock is read again, so no decision rests on a value another writer has since changed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import Session

from planyard.db.engine import may_write
from planyard.kit.errors import TransactionConflict


def lock_for_write(session: Session, row: Any) -> None:
    """SELECT ... FOR UPDATE of `row` once per transaction, then refresh every row read before it.
    No-op in read-only requests and on SQLite (its writers already hold the database's write lock)."""
    if not may_write.get() or session.get_bind().dialect.name == "sqlite":
        return
    state = inspect(row)
    key = state.identity_key
    locked: set[Any] = session.info.setdefault("locked_rows", set())
    if key in locked:
        return
    locked.add(key)
    mapper = state.mapper
    (pk,) = mapper.primary_key
    session.execute(select(pk).where(pk == state.identity[0]).with_for_update())
    for other in list(session.identity_map.values()):
        try:
            session.refresh(other)
        except InvalidRequestError:  # deleted by the writer we waited for: run the request again
            raise TransactionConflict() from None


def release_locks(session: Session) -> None:
    """Commit what the request did so far, so that slow work outside the database (an HTTP call) keeps
    no writer waiting; the session goes on in a new transaction, whose writes lock again."""
    session.commit()
    session.info.pop("locked_rows", None)
