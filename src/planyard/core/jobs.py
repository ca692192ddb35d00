"""Jobs: bulk writes a client follows by id. A job records who started it, how many rows it covers and
how many were done; the bulk write runs in the request that starts it (all or none), so a job a client
can see is finished. Only the user who started a job may read it."""

from __future__ import annotations

import uuid
from typing import Any

from planyard.core.context import Context
from planyard.db.base import utcnow
from planyard.kit.errors import NotFound
from planyard.models import Job


def start(ctx: Context, kind: str, total: int) -> Job:
    job = Job(uuid=str(uuid.uuid4()), user_id=ctx.require_user().id, kind=kind, status="running", total=total)
    ctx.session.add(job)
    ctx.session.flush()
    return job


def finish(ctx: Context, job: Job, done: int, result: dict[str, Any]) -> Job:
    job.status, job.done, job.result, job.finished_at = "done", done, result, utcnow()
    ctx.session.flush()
    return job


def get_job(ctx: Context, job_id: str) -> Job:
    job = ctx.session.get(Job, job_id[:36])
    if job is None or job.user_id != ctx.require_user().id:
        raise NotFound(entity="job")
    return job
