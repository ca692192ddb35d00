"""Export and import of whole projects: small ones while the request waits, large ones (more items than
`dump_sync_max_items`) in a background thread with a unit of work of its own. A background job does not
survive a restart: an export cut short leaves only its `.part` file (the dump's name never shows an
unfinished file) and an import cut short leaves nothing (one transaction); the client asks again."""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.dumps import loader, writer
from planyard.core.dumps.header import BadDump, read_header
from planyard.db.engine import make_session_factory
from planyard.kit.errors import Forbidden, NotAuthenticated
from planyard.kit.uow import run_in_unit_of_work
from planyard.models import Project, User

log = logging.getLogger(__name__)
JOBS: dict[str, threading.Thread] = {}  # running background jobs by id (tests wait on them)


@dataclass
class Started:
    """A dump written now (`url`, `project` set) or a background job (`job_id`)."""

    job_id: str | None = None
    url: str | None = None
    project: Project | None = None


def export_key(project: Project, job_id: str) -> str:
    return f"exports/{project.id}/{project.slug}-{job_id}.json"


def export_project(ctx: Context, project_id: int) -> Started:
    """The project's dump in the media store, for its admins only."""
    project, access = load_project(ctx, project_id)
    if not access.is_admin:
        raise Forbidden() if ctx.actor else NotAuthenticated()
    if writer.count_items(ctx, project_id) <= ctx.env.settings.dump_sync_max_items:
        key = export_key(project, uuid.uuid4().hex)
        write_file(ctx.env.settings.media_dir / key, lambda out: writer.write_dump(ctx, project_id, out))
        return Started(url=ctx.env.storage.url(key))
    job_id = str(uuid.uuid4())
    key = export_key(project, job_id)
    actor_id = ctx.require_user().id
    target = ctx.env.settings.media_dir / key
    _start(ctx, job_id, lambda job: write_file(target, lambda out: writer.write_dump(job, project_id, out)), actor_id)
    return Started(job_id=job_id)


def write_file(target: Path, write: Callable[[IO[bytes]], None]) -> None:
    """`write` into `target`, which appears only once complete."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    try:
        with part.open("wb") as out:
            write(out)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    part.replace(target)


def import_project(ctx: Context, upload: IO[bytes] | None) -> Started:
    """A new project of the actor from an uploaded dump (read from a temporary copy, never whole in memory)."""
    actor = ctx.require_user()
    if upload is None:
        raise BadDump("Needed dump file")
    spool = tempfile.NamedTemporaryFile(prefix="dump-", suffix=".json", delete=False)  # noqa: SIM115 - kept for the job
    upload.seek(0)  # a transaction the database gave up runs again: from the upload's start
    with spool:
        shutil.copyfileobj(upload, spool, 1 << 20)
    path = Path(spool.name)
    try:
        read_header(path)  # a file that is no dump gets its 400 now, whatever its size
        if loader.count_entries(path) <= ctx.env.settings.dump_sync_max_items:
            project = loader.load_dump(ctx, path)
            path.unlink()
            return Started(project=project)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    job_id = str(uuid.uuid4())
    ctx.uow.on_rollback(lambda: path.unlink(missing_ok=True))  # the job starts only once the request committed

    def work(job: Context) -> None:
        try:
            loader.load_dump(job, path)
        finally:
            path.unlink(missing_ok=True)

    _start(ctx, job_id, work, actor.id)
    return Started(job_id=job_id)


def _start(ctx: Context, job_id: str, work: Callable[[Context], Any], actor_id: int) -> None:
    """Run `work` in a thread, in a unit of work of its own acting as `actor_id`, once the request committed."""
    factory = make_session_factory(ctx.session.get_bind())  # type: ignore[arg-type]
    env = ctx.env

    def run() -> None:
        def unit(uow: Any) -> None:
            job = Context(uow=uow, env=env, actor=uow.session.scalar(select(User).where(User.id == actor_id)))
            work(job)

        try:
            run_in_unit_of_work(factory, unit)
        except Exception:
            log.exception("project dump job %s failed", job_id)
        finally:
            JOBS.pop(job_id, None)

    thread = threading.Thread(target=run, name=f"dump-{job_id}", daemon=True)
    JOBS[job_id] = thread
    ctx.uow.after_commit(thread.start)
