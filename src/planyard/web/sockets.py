"""Core calls from a websocket: each in a unit of work of its own, in a worker thread (a socket lives
long; it holds no session between calls)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import anyio

from planyard.core.context import Context, Environment
from planyard.kit.uow import UnitOfWork, run_in_unit_of_work

T = TypeVar("T")


async def call_core(env: Environment, session_factory: Any, work: Callable[[Context], T]) -> T:
    def in_unit_of_work(uow: UnitOfWork) -> T:
        return work(Context(uow=uow, env=env))

    result: T = await anyio.to_thread.run_sync(run_in_unit_of_work, session_factory, in_unit_of_work)
    return result
