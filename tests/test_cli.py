"""The `planyard` command line, run for real against its own SQLite data directory."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, inspect
from starlette.testclient import TestClient
from typer.testing import CliRunner, Result

from planyard.cli import app as cli
from planyard.config import Settings
from planyard.core.demo import DEMO_PASSWORD
from planyard.main import create_app

PLANYARD = Path(sys.executable).parent / "planyard"
Invoke = Callable[..., Result]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every command in the test sees this data dir (and its SQLite file) through the environment."""
    monkeypatch.setenv("PLANYARD_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PLANYARD_DATABASE_URL", raising=False)
    monkeypatch.delenv("PLANYARD_SECRET_KEY", raising=False)
    return tmp_path


@pytest.fixture
def run(data_dir: Path) -> Invoke:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, list(args))

    return invoke


@pytest.fixture
def api(data_dir: Path) -> Iterator[TestClient]:
    """The web app over the same data dir the commands wrote to."""
    app = create_app(Settings(data_dir=data_dir))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.engine.dispose()


def test_migrate_creates_the_schema_in_the_data_dir(data_dir: Path) -> None:
    result = subprocess.run(
        [str(PLANYARD), "migrate"], capture_output=True, text=True, env=os.environ.copy(), timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "migrations applied" in result.stdout
    database = data_dir / "planyard.sqlite3"
    assert database.exists()
    tables = set(inspect(create_engine(f"sqlite:///{database}")).get_table_names())
    assert {"users", "projects", "memberships", "alembic_version"} <= tables


def test_migrate_twice_is_harmless(run: Invoke) -> None:
    assert run("migrate").exit_code == 0
    second = run("migrate")
    assert second.exit_code == 0 and "migrations applied" in second.stdout


def test_createuser_then_the_user_logs_in(run: Invoke, api: TestClient) -> None:
    assert run("migrate").exit_code == 0
    result = run("createuser", "--username", "carol", "--password", "carol-pass-9", "--email", "carol@example.com")
    assert result.exit_code == 0, result.output
    assert "user carol created" in result.stdout
    login = api.post("/api/v1/auth", json={"type": "normal", "username": "carol", "password": "carol-pass-9"})
    assert login.status_code == 200
    assert login.json()["email"] == "carol@example.com" and login.json()["is_active"] is True


def test_createuser_superuser_flag(run: Invoke, api: TestClient) -> None:
    run("migrate")
    assert run("createuser", "--username", "root", "--password", "root-pass-9", "--email", "r@example.com",
               "--superuser").exit_code == 0  # fmt: skip
    token = run("token", "create", "--username", "root").stdout.strip()
    me = api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["username"] == "root"


def test_createuser_refuses_a_duplicate(run: Invoke) -> None:
    run("migrate")
    args = ("createuser", "--username", "dave", "--password", "dave-pass-9", "--email", "dave@example.com")
    assert run(*args).exit_code == 0
    again = run(*args)
    assert again.exit_code == 1
    assert again.stderr.startswith("error:") and "username" in again.stderr
    other_name = run("createuser", "--username", "dave2", "--password", "dave-pass-9", "--email", "dave@example.com")
    assert other_name.exit_code == 1 and "email" in other_name.stderr


def test_createuser_requires_its_options(run: Invoke) -> None:
    result = run("createuser", "--username", "erin")
    assert result.exit_code == 2
    assert "--password" in result.output or "--email" in result.output


def test_token_create_authenticates_against_the_api(run: Invoke, api: TestClient) -> None:
    run("migrate")
    run("createuser", "--username", "frank", "--password", "frank-pass-9", "--email", "frank@example.com")
    result = run("token", "create", "--username", "frank", "--name", "ci")
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert token and " " not in token
    me = api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["username"] == "frank"
    wrong = api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}x"})
    assert wrong.status_code == 401


def test_token_create_for_an_unknown_user_fails(run: Invoke) -> None:
    run("migrate")
    result = run("token", "create", "--username", "nobody")
    assert result.exit_code == 1
    assert "no user 'nobody'" in result.stderr


def test_seed_loads_users_and_projects(run: Invoke, api: TestClient) -> None:
    result = run("seed", "--users", "3", "--projects", "2")
    assert result.exit_code == 0, result.output
    assert "seeded 2 projects" in result.stdout
    login = api.post("/api/v1/auth", json={"type": "normal", "username": "member2", "password": DEMO_PASSWORD})
    assert login.status_code == 200
    headers = {"Authorization": f"Bearer {login.json()['auth_token']}"}
    projects = api.get("/api/v1/projects", headers=headers).json()
    names = {p["name"] for p in projects}
    assert {"Sample project 1", "Sample project 2"} <= names


def test_help_lists_the_commands() -> None:
    result = subprocess.run([str(PLANYARD), "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0
    for command in ("serve", "migrate", "createuser", "token", "seed"):
        assert command in result.stdout


def test_serve_migrates_creates_the_demo_account_and_answers(data_dir: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [str(PLANYARD), "serve", "--port", str(port)]
    server = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=os.environ.copy()
    )
    try:
        assert server.stdout is not None
        lines = [server.stdout.readline() for _ in range(3)]
        assert lines[0].startswith(f"Planyard on http://127.0.0.1:{port}")
        assert lines[2].strip() == f"demo account created: username=demo password={DEMO_PASSWORD}"
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/v1/projects", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "server did not answer"
                time.sleep(0.05)
        assert response.status_code == 200
        assert [p["name"] for p in response.json()] == ["Demo project"]
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    assert (data_dir / "planyard.sqlite3").exists()


def test_application_create_registers_an_application_users_can_authorize(run: Invoke, api: TestClient) -> None:
    assert run("migrate").exit_code == 0
    result = run("application", "create", "--name", "Tool", "--next-url", "https://tool.example/back", "--key", "k1")
    assert result.exit_code == 0, result.output
    words = result.stdout.split()
    assert words[0] == "application" and words[2:] == ["key", "k1"]
    assert (
        run("createuser", "--username", "dora", "--password", "dora-pass-9", "--email", "d@example.com").exit_code == 0
    )
    login = api.post("/api/v1/auth", json={"type": "normal", "username": "dora", "password": "dora-pass-9"})
    got = api.get(f"/api/v1/applications/{words[1]}", headers={"Authorization": f"Bearer {login.json()['auth_token']}"})
    assert got.status_code == 200 and got.json()["name"] == "Tool"
