"""A bus for live events: a message published when a write commits reaches the listeners of every
process that serves the same database.

- `InProcessBus` (SQLite, one process): the message goes to this process's listeners once the unit of
  work has committed.
- `PostgresBus`: the message is a PostgreSQL `NOTIFY` sent in the writer's own transaction, so the
  server delivers it on commit (and drops it on rollback) to every process listening on the channel,
  this one included; a thread per process `LISTEN`s and hands what arrives to the local listeners.

Messages are small JSON objects (PostgreSQL caps a notification at 8,000 bytes): they say what changed,
not its content. A listener runs on the bus's thread and must not block (hand the message on to an
event loop with `call_soon_threadsafe`)."""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Callable
from typing import Any

import orjson
import psycopg
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from planyard.kit.uow import UnitOfWork

logger = logging.getLogger(__name__)

Message = dict[str, Any]
Listener = Callable[[Message], None]

# The client session a request comes from (Taiga's `X-Session-Id`), carried into its messages so that a
# client can leave out its own changes.
origin_session: contextvars.ContextVar[str | None] = contextvars.ContextVar("origin_session", default=None)


class InProcessBus:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def publish(self, uow: UnitOfWork, message: Message) -> None:
        """Send `message` when `uow` commits (call it last in the transaction: `uow.before_commit`)."""
        uow.after_commit(lambda: self._deliver(message))

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with every message from now on; returns the call that stops it."""
        with self._lock:
            self._listeners.append(listener)
        return lambda: self._forget(listener)

    def close(self) -> None:
        with self._lock:
            self._listeners.clear()

    def _forget(self, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def _deliver(self, message: Message) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(message)
            except Exception:  # one listener's failure must not keep the message from the others
                logger.exception("live event listener failed")


class PostgresBus(InProcessBus):
    CHANNEL = "planyard_live"
    MAX_BYTES = 7900
    RECONNECT_SECONDS = 1.0

    def __init__(self, database_url: str) -> None:
        super().__init__()
        url = make_url(database_url).set(drivername="postgresql")
        self._conninfo = url.render_as_string(hide_password=False)
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    def publish(self, uow: UnitOfWork, message: Message) -> None:
        payload = orjson.dumps(message).decode()
        if len(payload.encode()) > self.MAX_BYTES:
            logger.warning("live event too large to send (%d bytes), dropped", len(payload))
            return
        uow.session.execute(select(func.pg_notify(self.CHANNEL, payload)))

    def listen(self, listener: Listener) -> Callable[[], None]:
        stop = super().listen(listener)
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._receive, name="live-bus", daemon=True)
                self._thread.start()
        return stop

    def close(self) -> None:
        super().close()
        self._stopping.set()

    def _receive(self) -> None:
        while not self._stopping.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {self.CHANNEL}")
                    while not self._stopping.is_set():
                        for note in conn.notifies(timeout=1.0):
                            self._deliver(orjson.loads(note.payload))
            except psycopg.Error:
                logger.exception("live event connection lost; listening again")
                self._stopping.wait(self.RECONNECT_SECONDS)


def bus_for(database_url: str) -> InProcessBus:
    """The bus that reaches every process serving `database_url`."""
    return PostgresBus(database_url) if database_url.startswith("postgresql") else InProcessBus()
