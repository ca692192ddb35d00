"""Media links of a served Planyard follow the port `serve --port` really uses when PLANYARD_PUBLIC_URL
is not set (and the configured URL when it is); an attached PNG has a card thumbnail."""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from planyard.core.demo import DEMO_PASSWORD

PLANYARD = Path(sys.executable).parent / "planyard"
# A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

pytestmark = pytest.mark.real_db  # a served process


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = _free_port()
    env = os.environ.copy() | {"PLANYARD_DATA_DIR": str(tmp_path)}
    for name in ("PLANYARD_DATABASE_URL", "PLANYARD_PUBLIC_URL", "PLANYARD_SECRET_KEY"):
        env.pop(name, None)
    server = subprocess.Popen([str(PLANYARD), "serve", "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, text=True, env=env, cwd=tmp_path)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/api/v1/locales", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        yield base, server
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


def test_attachment_and_avatar_links_use_the_served_port(served: tuple[str, subprocess.Popen[str]]) -> None:
    base, _ = served
    api = f"{base}/api/v1"
    login = httpx.post(f"{api}/auth", json={"type": "normal", "username": "demo", "password": DEMO_PASSWORD})
    headers = {"Authorization": f"Bearer {login.json()['auth_token']}"}
    project = httpx.get(f"{api}/projects", headers=headers).json()[0]
    story = httpx.post(f"{api}/userstories", json={"project": project["id"], "subject": "With a picture"},
                       headers=headers).json()  # fmt: skip
    form = {"project": str(project["id"]), "object_id": str(story["id"])}
    r = httpx.post(f"{api}/userstories/attachments", data=form, files={"attached_file": ("shot.png", PNG)},
                   headers=headers)  # fmt: skip
    assert r.status_code == 201, r.text
    attachment = r.json()
    assert attachment["url"].startswith(f"{base}/media/") and attachment["thumbnail_card_url"] == attachment["url"]
    assert httpx.get(attachment["url"]).content == PNG
    r = httpx.post(f"{api}/userstories/attachments", data=form, files={"attached_file": ("notes.txt", b"text")},
                   headers=headers)  # fmt: skip
    assert r.json()["thumbnail_card_url"] is None
    listed = httpx.get(f"{api}/userstories?project={project['id']}&include_attachments=1", headers=headers).json()
    pictures = [a for s in listed for a in s["attachments"] if a["id"] == attachment["id"]]
    assert pictures[0]["thumbnail_card_url"] == attachment["url"]
    r = httpx.post(f"{api}/users/change_avatar", files={"avatar": ("me.png", PNG)}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["photo"].startswith(f"{base}/media/")
