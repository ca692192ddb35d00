"""Engine and session factory; SQLite gets WAL, foreign keys and a busy timeout; JSON columns are
written by orjson."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Engine, ExceptionContext, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from planyard.kit.errors import Busy, Invalid, TransactionConflict
from planyard.kit.sql import json_text

NUMERIC_VALUE_OUT_OF_RANGE = "22003"  # SQLSTATE of an integer too large for its column
# Serialization failure, deadlock detected, and a unique key taken by a concurrent writer since this
# transaction checked it (SQLite's writers never overlap, so there it is a plain error): run it again.
RUN_AGAIN = {"40001", "40P01", "23505"}
LOCK_NOT_AVAILABLE = "55P03"  # lock_timeout passed

# Whether the current unit of work may write. On SQLite a transaction that reads and then writes
# cannot wait for another writer (SQLITE_BUSY at once, "database is locked"), so transactions that
# may write start with BEGIN IMMEDIATE and queue for the write lock under the busy timeout.
# Everything writes unless told otherwise; the web app declares safe-method requests read-only.
may_write: ContextVar[bool] = ContextVar("may_write", default=True)


def make_engine(url: str, write_wait_seconds: float = 10, **kwargs: Any) -> Engine:
    """`write_wait_seconds` bounds how long a write waits for another writer's lock (SQLite's busy
    timeout, PostgreSQL's lock_timeout) before the request is answered 503."""
    kwargs = {"json_serializer": json_text, "json_deserializer": _json_value} | kwargs
    if url.startswith("sqlite"):
        args = {"check_same_thread": False, "timeout": write_wait_seconds}
        engine = create_engine(url, connect_args=args, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate_on_write)
    else:
        options = f"-c lock_timeout={int(write_wait_seconds * 1000)}"
        engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20,
                               connect_args={"options": options}, **kwargs)  # fmt: skip
    event.listen(engine, "handle_error", _number_out_of_range_is_bad_input)
    event.listen(engine, "handle_error", _contention_is_retried_or_busy)
    return engine


_EMPTY_JSON: dict[str | bytes, Callable[[], Any]] = {"[]": list, "{}": dict, "null": lambda: None}
_EMPTY_JSON |= {text.encode(): make for text, make in _EMPTY_JSON.items() if isinstance(text, str)}  # psycopg


def _json_value(text: str | bytes) -> Any:
    """Most JSON cells (extras, permissions, ...) hold an empty list or object: those are made without parsing.
    The rest is read by the standard library (orjson would read integers beyond 64 bits as floats)."""
    make = _EMPTY_JSON.get(text)
    return make() if make is not None else json.loads(text)


def _number_out_of_range_is_bad_input(context: ExceptionContext) -> None:
    """An integer the column cannot hold (beyond 64 bits on SQLite, 32 on PostgreSQL) came from the
    client: a 400 like any other bad input, the same on both backends, never a 500."""
    original = context.original_exception
    if isinstance(original, OverflowError) or getattr(original, "sqlstate", None) == NUMERIC_VALUE_OUT_OF_RANGE:
        raise Invalid("A number is out of range.", code="out_of_range") from original


def _contention_is_retried_or_busy(context: ExceptionContext) -> None:
    """A deadlock, serialization failure or unique-key race runs the unit of work again; the retry sees
    the winner's row and answers as the checks say. A lock not had in time (SQLite
    busy, PostgreSQL lock_timeout) is a 503 for the client to retry, never a 500."""
    original = context.original_exception
    sqlstate = getattr(original, "sqlstate", None)
    if sqlstate in RUN_AGAIN:
        raise TransactionConflict() from original
    message = str(original)
    if sqlstate == LOCK_NOT_AVAILABLE or "database is locked" in message or "database is busy" in message:
        raise Busy() from original


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # let SQLAlchemy's "begin" event issue BEGIN
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin_immediate_on_write(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if may_write.get() else "BEGIN")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
