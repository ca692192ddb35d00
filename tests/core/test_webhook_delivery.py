"""The webhook delivery engine against real processes and threads: a webhook's events arrive in order
even when one fails first; a delivery whose worker died is sent again when its lease ends; a `kill -9`
of `planyard serve` between a write and its delivery loses nothing; several `planyard worker`
processes deliver every event once, in order per webhook."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from planyard.config import Settings
from planyard.core.demo import DEMO_PASSWORD, DEMO_USERNAME
from planyard.core.webhooks import engine, service
from planyard.db.base import utcnow
from planyard.models import Project, User, Webhook, WebhookDelivery, WebhookLog
from tests.factories import World

pytestmark = pytest.mark.real_db  # threads and processes of their own
PLANYARD = Path(sys.executable).parent / "planyard"
FAST = {"webhooks_allow_private": True, "webhook_backoff_seconds": 0, "webhook_poll_seconds": 0.05}


def _hook(world: World, owner: User, project: Project, url: str) -> int:
    values = {"name": url, "url": url, "key": "k"}
    return world.run(lambda ctx: service.create_webhook(ctx, project.id, "taiga", values).id, actor=owner)


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _ids(got: list[Any]) -> list[int]:
    return [r.json["data"]["id"] for r in got]


def test_threads_keep_each_webhooks_order_even_past_a_failure(app_with, hook_receiver):
    app = app_with(**FAST)
    world = World(app)
    owner = world.user("owner")
    project = world.project(owner)
    _hook(world, owner, project, f"{hook_receiver.url}/a")
    _hook(world, owner, project, f"{hook_receiver.url}/b")
    first_of_a: list[int] = []

    def answer(path: str, before: list[Any]) -> int:  # /a fails the first time its third story comes
        if path == "/a" and len([r for r in before if r.path == "/a"]) == 2 and not first_of_a:
            first_of_a.append(1)
            return 500
        return 200

    hook_receiver.answer = answer
    stories = [world.item(owner, "story", project, subject=f"S{n}").id for n in range(12)]
    delivery = engine.DeliveryEngine(app.state.session_factory, app.state.env)
    delivery.start(4)
    try:
        _wait_for(lambda: len(hook_receiver.delivered("/a")) == 12 and len(hook_receiver.delivered("/b")) == 12)
    finally:
        delivery.stop()
    assert _ids(hook_receiver.delivered("/a")) == stories
    assert _ids(hook_receiver.delivered("/b")) == stories
    assert _ids(hook_receiver.on("/a")) == stories[:3] + stories[2:]  # the third again, then the rest


def test_a_delivery_whose_worker_died_is_sent_again_after_its_lease(app_with, hook_receiver):
    app = app_with(**FAST)
    world = World(app)
    owner = world.user("owner")
    project = world.project(owner)
    _hook(world, owner, project, f"{hook_receiver.url}/h")
    story = world.item(owner, "story", project)
    world.run(engine.fan_out)
    claimed = world.run(engine.claim)  # ... and its worker dies before sending
    assert claimed is not None and world.run(engine.claim) is None  # leased: nobody else takes it
    delivery = engine.DeliveryEngine(app.state.session_factory, app.state.env)
    assert delivery.run_until_idle() == 0
    past = utcnow() - timedelta(seconds=1)
    world.run(lambda ctx: ctx.session.execute(update(WebhookDelivery).values(lease_until=past)))
    assert delivery.run_until_idle() == 1
    assert _ids(hook_receiver.on("/h")) == [story.id]
    assert world.run(lambda ctx: ctx.session.scalars(select(WebhookDelivery)).all()) == []  # settled
    logs = world.run(lambda ctx: ctx.session.scalars(select(WebhookLog)).all())
    assert [log.status for log in logs] == [200]  # the dead worker's attempt left no log


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(data_dir: Path, port: int, **settings: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANYARD_")} | {
        "PLANYARD_DATA_DIR": str(data_dir), "PLANYARD_WEBHOOKS_ALLOW_PRIVATE": "true",
    }  # fmt: skip
    env |= {f"PLANYARD_{name.upper()}": value for name, value in settings.items()}
    return subprocess.Popen([str(PLANYARD), "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


def _login(base: str, server: subprocess.Popen[bytes]) -> dict[str, str]:
    deadline = time.monotonic() + 60
    while True:
        try:
            r = httpx.post(f"{base}/auth", json={"type": "normal", "username": DEMO_USERNAME,
                                                 "password": DEMO_PASSWORD}, timeout=5)  # fmt: skip
            return {"Authorization": f"Bearer {r.json()['auth_token']}"}
        except httpx.TransportError:
            assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)


def test_kill_9_of_the_server_loses_no_event(tmp_path, hook_receiver):
    """Killed while its first event is on the wire (the receiver holds it) and its second waits behind
    it: after the restart the first is sent again once its lease ends, then the second, in order."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    server = _serve(tmp_path, port, webhook_lease_seconds="2", webhook_timeout_seconds="0.5")
    try:
        headers = _login(base, server)
        project = httpx.post(f"{base}/projects", json={"name": "Hooked", "description": "d"}, headers=headers).json()
        hook = {"project": project["id"], "name": "n", "url": f"{hook_receiver.url}/kill", "key": "k9"}
        assert httpx.post(f"{base}/webhooks", json=hook, headers=headers).status_code == 201
        hook_receiver.gate.clear()
        stories = [httpx.post(f"{base}/userstories", json={"project": project["id"], "subject": subject},
                              headers=headers).json()["id"] for subject in ("Survives", "Follows")]  # fmt: skip
        _wait_for(lambda: len(hook_receiver.on("/kill")) == 1)  # the first is on the wire, the second waits
        time.sleep(0.3)
        server.send_signal(signal.SIGKILL)
        server.wait(30)
        hook_receiver.gate.set()
        assert _ids(hook_receiver.on("/kill")) == stories[:1]
        server = _serve(tmp_path, port, webhook_lease_seconds="2", webhook_timeout_seconds="0.5",
                        webhook_poll_seconds="0.1")  # fmt: skip
        _wait_for(lambda: len(hook_receiver.on("/kill")) == 3)
        got = hook_receiver.on("/kill")
        assert all(r.signed_with("k9") for r in got)
        assert [(r.json["action"], r.json["type"]) for r in got] == [("create", "userstory")] * 3
        assert _ids(got) == [stories[0], stories[0], stories[1]]  # the cut-off one again, then the next
        time.sleep(0.5)
        assert len(hook_receiver.on("/kill")) == 3
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def _workers(settings: Settings, data_dir: Path, count: int) -> list[subprocess.Popen[bytes]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANYARD_")} | {
        "PLANYARD_DATA_DIR": str(data_dir), "PLANYARD_DATABASE_URL": settings.resolved_database_url,
        "PLANYARD_WEBHOOKS_ALLOW_PRIVATE": "true", "PLANYARD_WEBHOOK_POLL_SECONDS": "0.05",
        "PLANYARD_WEBHOOK_BACKOFF_SECONDS": "0", "PLANYARD_WEBHOOK_MAX_ATTEMPTS": "20",
    }  # fmt: skip
    return [subprocess.Popen([str(PLANYARD), "worker", "--threads", "2"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL) for _ in range(count)]  # fmt: skip


def test_several_worker_processes_deliver_everything_once_in_order(app_with, settings, tmp_path, hook_receiver):
    world = World(app_with(**FAST))
    owner = world.user("owner")
    projects = [world.project(owner), world.project(owner)]
    paths = ["/p0a", "/p0b", "/p1a"]
    for path, project in zip(paths, [projects[0], projects[0], projects[1]], strict=True):
        _hook(world, owner, project, f"{hook_receiver.url}{path}")
    hook_receiver.answer = lambda path, before: 500 if len(before) % 7 == 3 else 200  # some fail, are retried
    stories = {p.id: [world.item(owner, "story", p, subject=f"S{n}").id for n in range(25)] for p in projects}
    workers = _workers(settings, tmp_path, 3)
    try:
        _wait_for(lambda: sum(len(hook_receiver.delivered(p)) for p in paths) >= 75, seconds=120)
        time.sleep(1)  # anything sent twice would come now
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(30)
    assert all(worker.returncode == 0 for worker in workers)
    for path, project in zip(paths, [projects[0], projects[0], projects[1]], strict=True):
        assert _ids(hook_receiver.delivered(path)) == stories[project.id], path  # each once, in order
    assert any(r.status == 500 for p in paths for r in hook_receiver.on(p))
    assert world.run(lambda ctx: ctx.session.scalars(select(WebhookDelivery)).all()) == []  # all settled
    assert world.run(lambda ctx: len(ctx.session.scalars(select(Webhook)).all())) == 3
