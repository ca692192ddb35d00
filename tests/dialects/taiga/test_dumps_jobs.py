"""Background dumps survive a restart (core/dumps/background.py): a job a stopped process left is taken
up again when a server process starts, once whatever the number of processes starting; a job cut off
twice, or whose upload is gone, is marked failed; a live runner's job is left alone; a background job
that fails says so in its row."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from planyard.core.dumps import background, service
from planyard.models import Job, Project

FIXTURE = Path(__file__).parents[2] / "data" / "taiga_back" / "made-by-taiga-back.json"
pytestmark = pytest.mark.real_db


def _dead_runner() -> str:
    """The runner name of a process of this host that has ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    return f"{socket.gethostname()}:{int(done.stdout)}:gone"


def _left(world, job_id: str, user, kind: str, params: dict[str, Any], **columns: Any) -> None:
    """A job row as a stopped process left it."""
    columns = {"status": "running", "total": 4} | columns
    world.run(lambda ctx: ctx.session.add(Job(uuid=job_id, user_id=user.id, kind=kind, params=params, **columns)))


def _spooled(app, job_id: str) -> Path:
    path = app.state.env.settings.data_dir / "imports" / f"{job_id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(FIXTURE.read_bytes())
    return path


def _job(world, job_id: str) -> Job:
    return world.run(lambda ctx: ctx.session.get(Job, job_id))


def _projects(world) -> int:
    return world.run(lambda ctx: ctx.session.scalar(select(func.count(Project.id))))


def _resume(app) -> list[str]:
    resumed = service.resume_jobs(app.state.session_factory, app.state.env)
    deadline = time.monotonic() + 30
    while background.THREADS:
        assert time.monotonic() < deadline, "the resumed job did not finish"
        time.sleep(0.05)
    return resumed


def test_an_import_cut_off_by_a_restart_is_taken_up_again(app, world):
    alice = world.user("alice")
    world.user("bob")
    job_id = "a" * 36
    path = _spooled(app, job_id)
    _left(world, job_id, alice, service.IMPORT, {"path": str(path)}, total=5, runner=_dead_runner(), attempts=1)
    assert _resume(app) == [job_id]
    job = _job(world, job_id)
    assert (job.status, job.done, job.attempts, job.finished_at is not None) == ("done", 5, 2, True)
    project = world.run(lambda ctx: ctx.session.get(Project, job.result["project_id"]))
    assert project.name == "Fixture" and project.owner_id == alice.id
    assert not path.exists()


def test_an_export_cut_off_is_written_when_taken_up(app, client, world):
    alice = world.user("alice")
    world.user("bob")
    r = client.post("/api/v1/importer/load_dump", files={"dump": ("d.json", FIXTURE.read_bytes())},
                    headers=world.auth(alice))  # fmt: skip
    project = r.json()
    key = f"exports/{project['id']}/{project['slug']}-{'b' * 36}.json"
    target = app.state.env.settings.media_dir / key
    target.parent.mkdir(parents=True, exist_ok=True)
    target.with_name(target.name + ".part").write_text('{"name": "half')  # what the cut-off left
    _left(world, "b" * 36, alice, service.EXPORT, {"project_id": project["id"], "key": key}, status="queued", total=4)
    assert _resume(app) == ["b" * 36]
    dump = json.loads(target.read_text())
    assert dump["name"] == "Fixture" and [s["subject"] for s in dump["user_stories"]] == ["Login page"]
    job = _job(world, "b" * 36)
    assert job.status == "done" and job.result["url"].endswith(key)
    assert not target.with_name(target.name + ".part").exists()


def test_a_job_cut_off_twice_is_failed_not_run_again(app, world):
    alice = world.user("alice")
    path = _spooled(app, "c" * 36)
    _left(world, "c" * 36, alice, service.IMPORT, {"path": str(path)}, runner=_dead_runner(), attempts=2)
    before = _projects(world)
    assert _resume(app) == ["c" * 36]
    job = _job(world, "c" * 36)
    assert job.status == "failed" and "cut off" in job.result["error"] and job.finished_at is not None
    assert _projects(world) == before and not path.exists()


def test_an_import_whose_upload_is_gone_fails_cleanly(app, world):
    alice = world.user("alice")
    gone = app.state.env.settings.data_dir / "imports" / "missing.json"
    _left(world, "d" * 36, alice, service.IMPORT, {"path": str(gone)}, runner=_dead_runner())
    before = _projects(world)
    _resume(app)
    job = _job(world, "d" * 36)
    assert job.status == "failed" and job.result["error"] and _projects(world) == before


def test_a_live_runners_job_is_left_alone(app, world):
    alice = world.user("alice")
    path = _spooled(app, "e" * 36)
    _left(world, "e" * 36, alice, service.IMPORT, {"path": str(path)}, runner=background.runner())
    assert _resume(app) == []
    assert _job(world, "e" * 36).status == "running" and path.exists()


def test_processes_starting_together_run_a_left_job_once(app, world):
    """Parallel writers: four processes' starts take up the same job; one claim wins, one project."""
    alice = world.user("alice")
    world.user("bob")
    path = _spooled(app, "f" * 36)
    _left(world, "f" * 36, alice, service.IMPORT, {"path": str(path)}, status="queued")
    before = _projects(world)
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _: _resume(app), range(4)))
    _resume(app)
    job = _job(world, "f" * 36)
    assert (job.status, job.attempts) == ("done", 1)
    assert _projects(world) == before + 1


def test_a_background_import_that_fails_says_so(app_with, world):
    alice = world.user("alice")
    dump = json.loads(FIXTURE.read_text())
    dump["tasks"][0]["ref"] = dump["user_stories"][0]["ref"]  # a repeated ref: found only while loading
    from fastapi.testclient import TestClient

    with TestClient(app_with(dump_sync_max_items=0)) as background_app:
        r = background_app.post("/api/v1/importer/load_dump", files={"dump": ("d.json", json.dumps(dump))},
                                headers=world.auth(alice))  # fmt: skip
        assert r.status_code == 202, r.text
        job_id = r.json()["import_id"]
        deadline = time.monotonic() + 30
        while _job(world, job_id).status in ("queued", "running"):
            assert time.monotonic() < deadline
            time.sleep(0.05)
    job = _job(world, job_id)
    assert job.status == "failed" and "error importing" in job.result["error"]
    assert not (background_app.app.state.env.settings.data_dir / "imports" / f"{job_id}.json").exists()
