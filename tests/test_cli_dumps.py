"""`planyard export` / `planyard import`, run against their own SQLite data directory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner, Result

from planyard.cli import app as cli
from planyard.config import Settings
from planyard.main import create_app


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLANYARD_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PLANYARD_DATABASE_URL", raising=False)
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def api(data_dir: Path) -> Iterator[TestClient]:
    app = create_app(Settings(data_dir=data_dir))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.engine.dispose()


def test_export_then_import_on_the_command_line(data_dir: Path, api: TestClient) -> None:
    assert run("migrate").exit_code == 0
    for name in ("gina", "hugo"):
        made = run(
            "createuser", "--username", name, "--password", f"{name}-pass-9", "--email", f"{name[0]}@example.com"
        )
        assert made.exit_code == 0
    token = run("token", "create", "--username", "gina").stdout.strip()
    h = {"Authorization": f"Bearer {token}"}
    project = api.post("/api/v1/projects", json={"name": "Cli", "description": "d"}, headers=h).json()
    for n in range(3):
        api.post("/api/v1/userstories", json={"project": project["id"], "subject": f"Story {n}"}, headers=h)
    out = data_dir / "cli.json"
    exported = run("export", project["slug"], "--out", str(out))
    assert exported.exit_code == 0, exported.output
    assert "exporting" in exported.output and f"project {project['id']} exported" in exported.stdout
    assert [s["subject"] for s in json.loads(out.read_text())["user_stories"]] == ["Story 0", "Story 1", "Story 2"]
    assert run("export", str(project["id"]), "--out", str(data_dir / "by-id.json")).exit_code == 0
    assert run("export", "nope", "--out", str(data_dir / "x.json")).exit_code == 1

    imported = run("import", str(out), "--owner", "hugo")
    assert imported.exit_code == 0, imported.output
    assert "importing" in imported.output and "imported (id" in imported.stdout
    hugo = {"Authorization": f"Bearer {run('token', 'create', '--username', 'hugo').stdout.strip()}"}
    mine = [p for p in api.get("/api/v1/projects", headers=hugo).json() if p["owner"]["username"] == "hugo"]
    assert [p["name"] for p in mine] == ["Cli"]
    stories = api.get(f"/api/v1/userstories?project={mine[0]['id']}", headers=hugo).json()
    assert sorted(s["subject"] for s in stories) == ["Story 0", "Story 1", "Story 2"]
    assert run("import", str(out)).exit_code == 0  # the dump's owner (gina) by default

    (data_dir / "bad.json").write_text("[]")
    bad = run("import", str(data_dir / "bad.json"), "--owner", "hugo")
    assert bad.exit_code == 1 and "Invalid dump format" in bad.stderr
