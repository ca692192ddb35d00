"""Background dump jobs that survive a restart. A job is a `jobs` row written with the request that asks
for it (status "queued", `params` = what it needs); once the request committed, a thread of the server
takes it up by a compare-and-set on `attempts` (status "running", `runner` = this process), runs it in a
transaction of its own that also marks it "done" with its result, or marks it "failed" with the error.

A process killed mid-job leaves the row "running" under a runner that is gone (an import leaves nothing
else: one transaction; an export leaves only its `.part` file). Each server process, when it starts,
takes up again the jobs whose runner is gone: the same host and a pid that is not alive (or its own pid
with another token: a container's pid 1), or, for a runner on another host it cannot ask, a job older
than STALE_ELSEWHERE. The compare-and-set lets one process only take a job up; a job cut off
MAX_ATTEMPTS times is marked failed instead of being run again (a dump that kills the server does not
kill it forever)."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from planyard.core.context import Context, Environment
from planyard.db.base import utcnow
from planyard.db.engine import make_session_factory
from planyard.kit.uow import run_in_unit_of_work
from planyard.models import Job, User

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 2
STALE_ELSEWHERE = timedelta(hours=6)
OPEN = ("queued", "running")
THREADS: set[threading.Thread] = set()  # the job threads of this process (tests wait on them)
_TOKEN = uuid.uuid4().hex[:12]


@dataclass(frozen=True)
class Kind:
    """What a kind of job does: `work` runs it (its result is kept on the job), `cleanup` runs once it
    is over, done or failed (never when cut off: a resumed job needs what it left)."""

    work: Callable[[Context, dict[str, Any]], dict[str, Any]]
    cleanup: Callable[[dict[str, Any]], None] = lambda params: None


KINDS: dict[str, Kind] = {}


def runner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{_TOKEN}"


def queue(ctx: Context, kind: str, params: dict[str, Any], total: int, job_id: str) -> str:
    """A job of the actor, started once the request has committed; its id."""
    job = Job(uuid=job_id, user_id=ctx.require_user().id, kind=kind, status="queued", total=total,
              params=params)  # fmt: skip
    ctx.session.add(job)
    ctx.session.flush()
    factory = make_session_factory(ctx.session.get_bind())  # type: ignore[arg-type]
    env = ctx.env
    ctx.uow.after_commit(lambda: _launch(factory, env, job_id, 0))
    return job_id


def resume(factory: sessionmaker[Session], env: Environment) -> list[str]:
    """Take up again the dump jobs a process left when it stopped; their ids."""

    def cut_off(uow: Any) -> list[tuple[str, int]]:
        rows = uow.session.execute(select(Job.uuid, Job.runner, Job.attempts, Job.created_at)
                                   .where(Job.kind.in_(list(KINDS)), Job.status.in_(OPEN)))  # fmt: skip
        return [(job_id, attempts) for job_id, who, attempts, created in rows if _gone(who, created)]

    jobs = run_in_unit_of_work(factory, cut_off)
    for job_id, attempts in jobs:
        _launch(factory, env, job_id, attempts)
    return [job_id for job_id, _ in jobs]


def _gone(who: str | None, created: Any) -> bool:
    if who is None:
        return True  # queued, never taken up (the claim keeps a live process's job from running twice)
    host, _, rest = who.partition(":")
    pid_text, _, token = rest.partition(":")
    if host != socket.gethostname():
        return bool(utcnow() - created > STALE_ELSEWHERE)
    pid = int(pid_text) if pid_text.isdigit() else 0
    if pid == os.getpid():
        return token != _TOKEN
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, someone else's
    return pid <= 0


def _launch(factory: sessionmaker[Session], env: Environment, job_id: str, seen: int) -> None:
    thread = threading.Thread(target=_run, args=(factory, env, job_id, seen), name=f"dump-{job_id}", daemon=True)
    THREADS.add(thread)
    thread.start()


def _run(factory: sessionmaker[Session], env: Environment, job_id: str, seen: int) -> None:
    try:
        params = run_in_unit_of_work(factory, lambda uow: _claim(uow.session, job_id, seen))
        if params is None:
            return  # another process took it up, or it is over
        kind, params = params
        if seen >= MAX_ATTEMPTS:
            _fail(factory, job_id, kind, params, f"cut off {seen} times by a restart")
            return
        try:
            run_in_unit_of_work(factory, lambda uow: _work(uow, env, job_id, kind, params))
        except Exception as exc:
            log.exception("dump job %s failed", job_id)
            _fail(factory, job_id, kind, params, str(exc) or type(exc).__name__)
            return
        KINDS[kind].cleanup(params)
    finally:
        THREADS.discard(threading.current_thread())


def _claim(session: Session, job_id: str, seen: int) -> tuple[str, dict[str, Any]] | None:
    taken = session.execute(update(Job).where(Job.uuid == job_id, Job.attempts == seen, Job.status.in_(OPEN))
                            .values(status="running", runner=runner(), attempts=seen + 1))  # fmt: skip
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return None
    job = session.get(Job, job_id)
    assert job is not None
    return job.kind, dict(job.params)


def _work(uow: Any, env: Environment, job_id: str, kind: str, params: dict[str, Any]) -> None:
    job = uow.session.get(Job, job_id)
    actor = uow.session.scalar(select(User).where(User.id == job.user_id))
    result = KINDS[kind].work(Context(uow=uow, env=env, actor=actor), params)
    job.status, job.done, job.result, job.finished_at = "done", job.total, result, utcnow()


def _fail(factory: sessionmaker[Session], job_id: str, kind: str, params: dict[str, Any], error: str) -> None:
    def mark(uow: Any) -> None:
        uow.session.execute(update(Job).where(Job.uuid == job_id)
                            .values(status="failed", result={"error": error}, finished_at=utcnow()))  # fmt: skip

    run_in_unit_of_work(factory, mark)
    KINDS[kind].cleanup(params)
