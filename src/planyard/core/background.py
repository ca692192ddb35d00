"""Background work of `planyard serve` and `planyard worker` (webhook delivery, change mail): a worker
runs `step()` once (`run_until_idle()`), or in threads (`start()`) until `stop()`, each waiting on its
wake-up event between steps that found nothing to do. Each step opens its own units of work."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker

from planyard.core.context import Context, Environment
from planyard.db.engine import may_write
from planyard.kit.uow import run_in_unit_of_work

logger = logging.getLogger(__name__)
T = TypeVar("T")


class PollingWorker:
    name = "worker"

    def __init__(self, session_factory: sessionmaker[Session], env: Environment) -> None:
        self.session_factory = session_factory
        self.env = env
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    # What a kind of worker says: its step, how long it sleeps when idle, what wakes it sooner.
    def step(self) -> int:
        raise NotImplementedError

    def poll_seconds(self) -> float:
        raise NotImplementedError

    def wake_up(self) -> threading.Event:
        raise NotImplementedError

    def _in_unit_of_work(self, work: Callable[[Context], T]) -> T:
        return run_in_unit_of_work(self.session_factory, lambda uow: work(Context(uow=uow, env=self.env)))  # type: ignore[no-any-return]

    def _reading(self, work: Callable[[Context], T]) -> T:
        """A read-only unit of work: an idle worker never takes SQLite's write lock."""
        token = may_write.set(False)
        try:
            return self._in_unit_of_work(work)
        finally:
            may_write.reset(token)

    def run_until_idle(self) -> int:
        total = 0
        while done := self.step():
            total += done
        return total

    def start(self, threads: int = 1) -> None:
        for n in range(threads):
            thread = threading.Thread(target=self._loop, name=f"{self.name}-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 5) -> None:
        self._stopping.set()
        self.wake_up().set()
        deadline = time.monotonic() + timeout  # a thread still sending is a daemon: it ends with the process
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._threads.clear()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                done = self.step()
            except Exception:  # a database hiccup must not end the work: log it and try again later
                logger.exception("%s step failed", self.name)
                done = 0
            if not done:
                self.wake_up().wait(self.poll_seconds())
                self.wake_up().clear()
