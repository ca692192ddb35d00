"""Kaiten served for real (`planyard serve`): its own port with the API at `/api/v1` and `/api/latest` of the
root, for a client given only `http://host:port`; and the rate limit holding across two processes that
share the database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from planyard.config import Settings
from planyard.core.auth import create_api_token
from tests.served import served

PLANYARD = Path(sys.executable).parent / "planyard"

pytestmark = pytest.mark.real_db  # served processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(settings: Settings, data_dir: Path, *options: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = os.environ | {
        "PLANYARD_DATA_DIR": str(data_dir),
        "PLANYARD_DATABASE_URL": settings.resolved_database_url,
        "PLANYARD_SECRET_KEY": settings.signing_key,
    }
    command = [str(PLANYARD), "serve", "--port", str(port), *options]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env), port


def wait_for(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)


@pytest.fixture(scope="module")
def servers(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Two processes on one database: the first with a Kaiten port (its root URL), the second's main port
    (its root URL)."""
    kaiten_port = free_port()
    first, _ = start(settings, tmp_path_factory.mktemp("one"), "--kaiten-port", str(kaiten_port))
    second, port = start(settings, tmp_path_factory.mktemp("two"))
    try:
        wait_for(first, f"http://127.0.0.1:{kaiten_port}/api/v1/spaces")
        wait_for(second, f"http://127.0.0.1:{port}/api/v1/locales")
        yield f"http://127.0.0.1:{kaiten_port}", f"http://127.0.0.1:{port}"
    finally:
        for process in (first, second):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


@pytest.fixture
def headers(world: Any) -> dict[str, str]:
    user = world.user()
    token = world.run(lambda ctx: create_api_token(ctx.session, user, "kaiten"))
    return {"Authorization": f"Bearer {token}"}


def test_a_client_given_only_the_kaiten_port_finds_v1_and_latest(servers, headers, world):
    kaiten_root, _ = servers
    with httpx.Client(base_url=kaiten_root, headers=headers, timeout=10) as client:
        created = client.post("/api/latest/spaces", json={"title": "On its own port"})
        assert created.status_code == 200
        assert client.get(f"/api/v1/spaces/{created.json()['id']}").json()["title"] == "On its own port"
        assert client.get("/api/v1/users/current").status_code == 200
        stray = client.get("/kaiten/api/v1/spaces")
        assert (stray.status_code, stray.json()) == (404, {"message": "Not found"})
        assert client.get("/api/v1/spaces", headers={"Authorization": "Bearer pyt_wrong"}).status_code == 401


def test_the_rate_limit_holds_across_two_processes(servers, headers):
    kaiten_root, other_root = servers
    urls = [f"{kaiten_root}/api/v1/users/current", f"{other_root}/kaiten/api/latest/users/current"] * 6
    while time.time() % 1 > 0.3:  # start early in a second, so that the burst rarely spans two
        time.sleep(0.02)
    barrier, answers = threading.Barrier(len(urls)), []

    def call(url: str) -> None:
        with httpx.Client(timeout=30) as client:
            barrier.wait()
            answers.append(client.get(url, headers=headers))

    threads = [threading.Thread(target=call, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {a.status_code for a in answers} <= {200, 429}
    windows: dict[str, list[int]] = {}
    for answer in answers:
        windows.setdefault(answer.headers["X-RateLimit-Reset"], []).append(answer.status_code)
    for codes in windows.values():  # per second: at most five through, all past five refused
        assert codes.count(200) == min(5, len(codes)), windows
    assert sum(codes.count(429) for codes in windows.values()) >= len(urls) - 5 * len(windows)


def test_the_kaiten_client_package_works_given_only_the_server(settings, tmp_path, world, monkeypatch):
    """The `kaiten` package from PyPI, given only `http://host:port` (it appends `/api/latest`), reads what
    Planyard's Kaiten serves: the current user, spaces, a board, cards (one and a filtered list), users, tags
    and company custom properties. Its own process runs with the rate limit off: the package makes one
    request per listed space and cannot be paced."""
    from kaiten.KaitenClient import KaitenClient

    admin = world.user(superuser=True)
    token = world.run(lambda ctx: create_api_token(ctx.session, admin, "kaiten client"))
    monkeypatch.setenv("PLANYARD_KAITEN_RATE_LIMIT_ENABLED", "false")
    with served(settings, str(tmp_path)) as server:
        made = made_through_the_api(server, token)
        client = KaitenClient(server=server, token=token)
        assert client.get_current_user().id == admin.id
        assert client.get_space(made["space"]).title == "Client space"
        assert client.get_board(made["board"]).title == "Client board"
        card = client.get_card(made["card"])
        assert (card.title, card.board_id, card.column_id) == ("Client card", made["board"], made["column"])
        assert [space.title for space in client.list_of().spaces() if space.id == made["space"]] == ["Client space"]
        listed = client.list_of().cards(board_id=made["board"])
        assert [c.title for c in listed] == ["Client card"]
        assert admin.id in client.list_of().users(ids_only=True)
        assert "client" in [tag.name for tag in client.list_of().tags()]
        assert [p.name for p in client.list_of().properties()] == ["Client"]
        assert client.get_property(made["property"]).type == "string"


def made_through_the_api(server: str, token: str) -> dict[str, int]:
    """A space with a board, a column, a tagged card and a company property, made through Kaiten's API."""
    with httpx.Client(base_url=f"{server}/api/latest", headers={"Authorization": f"Bearer {token}"}) as api:
        space = api.post("/spaces", json={"title": "Client space"}).json()["id"]
        board = api.post(f"/spaces/{space}/boards", json={"title": "Client board"}).json()["id"]
        column = api.post(f"/boards/{board}/columns", json={"title": "To do", "type": 1}).json()["id"]
        card = api.post("/cards", json={"title": "Client card", "board_id": board, "column_id": column}).json()["id"]
        assert api.post(f"/cards/{card}/tags", json={"name": "client"}).status_code == 200
        made = api.post("/company/custom-properties", json={"name": "Client", "type": "string"})
        assert made.status_code == 200, made.text
    return {"space": space, "board": board, "column": column, "card": card, "property": made.json()["id"]}
