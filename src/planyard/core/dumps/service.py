"""Export and import of whole projects: small ones while the request waits, large ones (more items than
`dump_sync_max_items`) as background jobs (core/dumps/background.py) that a restart takes up again. An
export's file appears under its name only once complete (a job cut short leaves a `.part` file, written
again when resumed); an import is one transaction, from a copy of the upload kept in the data directory
until the job is over."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session, sessionmaker

from planyard.core.access import load_project
from planyard.core.context import Context, Environment
from planyard.core.dumps import background, loader, writer
from planyard.core.dumps.header import BadDump, read_header
from planyard.kit.errors import Forbidden, NotAuthenticated
from planyard.models import Project

EXPORT, IMPORT = "dump.export", "dump.import"


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
    count = writer.count_items(ctx, project_id)
    if count <= ctx.env.settings.dump_sync_max_items:
        key = export_key(project, uuid.uuid4().hex)
        write_file(ctx.env.settings.media_dir / key, lambda out: writer.write_dump(ctx, project_id, out))
        return Started(url=ctx.env.storage.url(key))
    job_id = str(uuid.uuid4())
    params = {"project_id": project_id, "key": export_key(project, job_id)}
    return Started(job_id=background.queue(ctx, EXPORT, params, count, job_id))


def _export(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    target = ctx.env.settings.media_dir / params["key"]
    write_file(target, lambda out: writer.write_dump(ctx, params["project_id"], out))
    return {"url": ctx.env.storage.url(params["key"])}


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
    """A new project of the actor from an uploaded dump (read from a copy, never whole in memory)."""
    ctx.require_user()
    if upload is None:
        raise BadDump("Needed dump file")
    job_id = str(uuid.uuid4())
    path = ctx.env.settings.data_dir / "imports" / f"{job_id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    upload.seek(0)  # a transaction the database gave up runs again: from the upload's start
    with path.open("wb") as spool:
        shutil.copyfileobj(upload, spool, 1 << 20)
    try:
        read_header(path)  # a file that is no dump gets its 400 now, whatever its size
        count = loader.count_entries(path)
        if count <= ctx.env.settings.dump_sync_max_items:
            project = loader.load_dump(ctx, path)
            path.unlink()
            return Started(project=project)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    ctx.uow.on_rollback(lambda: path.unlink(missing_ok=True))  # the job exists only once the request committed
    return Started(job_id=background.queue(ctx, IMPORT, {"path": str(path)}, count, job_id))


def _import(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    project = loader.load_dump(ctx, Path(params["path"]))
    return {"project_id": project.id, "slug": project.slug}


background.KINDS[EXPORT] = background.Kind(_export)
background.KINDS[IMPORT] = background.Kind(_import, lambda params: Path(params["path"]).unlink(missing_ok=True))


def resume_jobs(factory: sessionmaker[Session], env: Environment) -> list[str]:
    """Take up the background dumps a stopped process left (each server process does when it starts)."""
    return background.resume(factory, env)
