"""How often one client may call an API: a fixed window of one second per key (a token), counted in the
database so every worker process shares the count; one atomic UPSERT per request, in a short transaction
of its own (the request's own transaction neither holds the counter's row nor rolls the count back)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table
from sqlalchemy.orm import Session, sessionmaker

from planyard.db.engine import may_write
from planyard.kit import counters
from planyard.kit.uow import UnitOfWork, run_in_unit_of_work
from planyard.models import RateCounter

COUNTERS = cast(Table, RateCounter.__table__)
WINDOW_SECONDS = 1
clock = time.time  # seconds since the epoch; tests move time by replacing it


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    remaining: int  # requests left in the window
    reset: int  # when the window ends (epoch seconds)
    wait_seconds: int


def count_request(session_factory: sessionmaker[Session], key: str, per_window: int) -> Allowance:
    """One more request under `key`; not allowed past `per_window` requests in the current window."""

    def work(uow: UnitOfWork) -> counters.Hit:
        return counters.hit(uow.session, COUNTERS, f"requests:{key}", WINDOW_SECONDS, clock())

    writing = may_write.set(True)  # also for a read-only request: the count is a write
    try:
        hit = run_in_unit_of_work(session_factory, work)
    finally:
        may_write.reset(writing)
    return Allowance(hit.count <= per_window, max(0, per_window - hit.count), hit.window_end, hit.seconds_left)
