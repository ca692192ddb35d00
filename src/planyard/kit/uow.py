"""One transaction per request: services never commit; the unit of work commits once, then
releases the side effects that the write queued."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from planyard.kit.errors import Busy, DomainError, TransactionConflict

logger = logging.getLogger(__name__)


class UnitOfWork:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._before_commit: list[Callable[[], Any]] = []
        self._after_commit: list[Callable[[], Any]] = []
        self._on_rollback: list[Callable[[], Any]] = []
        self.commit_on_refusal = False

    def before_commit(self, last_step: Callable[[], Any]) -> None:
        """Run `last_step` in the transaction just before it commits (once, whatever queued it)."""
        self._before_commit.append(last_step)

    def after_commit(self, effect: Callable[[], Any]) -> None:
        self._after_commit.append(effect)

    def on_rollback(self, undo: Callable[[], Any]) -> None:
        """Undo work done outside the database (a stored file) if the transaction does not commit."""
        self._on_rollback.append(undo)

    def keep_on_refusal(self) -> None:
        """Commit, not roll back, if the work ends in a domain error: for writes that stand whatever the
        answer is (an attempt counted before it is judged)."""
        self.commit_on_refusal = True

    def commit(self) -> None:
        steps, self._before_commit = self._before_commit, []
        for step in steps:
            step()
        self.session.commit()
        self._on_rollback.clear()
        effects, self._after_commit = self._after_commit, []
        for effect in effects:
            try:
                effect()
            except Exception:  # the change is committed: a failed side effect must not turn it into an error
                logger.exception("after-commit effect failed")

    def rollback(self) -> None:
        self.session.rollback()
        self._before_commit.clear()
        self._after_commit.clear()
        undos, self._on_rollback = self._on_rollback, []
        for undo in undos:
            undo()

    def close(self) -> None:
        self.session.close()


ATTEMPTS = 20
MAX_PAUSE_SECONDS = 0.2


def run_in_unit_of_work(factory: sessionmaker[Session], work: Callable[[UnitOfWork], Any]) -> Any:
    """Run `work` in its own transaction; a transaction the database gave up (deadlock, serialization
    failure, a row gone under it) runs again from the start, at most ATTEMPTS times, then `Busy`."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _run_once(factory, work)
        except (TransactionConflict, StaleDataError):
            if attempt == ATTEMPTS:
                raise Busy() from None
            time.sleep(random.uniform(0, min(MAX_PAUSE_SECONDS, 0.005 * 2**attempt)))  # noqa: S311 - jitter, not security
    raise AssertionError("unreachable")


def _run_once(factory: sessionmaker[Session], work: Callable[[UnitOfWork], Any]) -> Any:
    uow = UnitOfWork(factory())
    try:
        result = work(uow)
        uow.commit()
        return result
    except DomainError:
        if uow.commit_on_refusal:
            uow.commit()
        else:
            uow.rollback()
        raise
    except BaseException:
        uow.rollback()
        raise
    finally:
        uow.close()
