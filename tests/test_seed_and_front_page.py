"""`planyard seed` makes a team and a real backlog with the demo account in every project; `createuser`
and `token create` work on a fresh data directory; `/` without a web client says what is served."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from planyard.cli import app as cli
from planyard.config import Settings
from planyard.core.demo import DEMO_PASSWORD
from planyard.main import create_app


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLANYARD_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PLANYARD_DATABASE_URL", raising=False)
    monkeypatch.delenv("PLANYARD_SECRET_KEY", raising=False)
    return tmp_path


@pytest.fixture
def api(data_dir: Path) -> Iterator[TestClient]:
    assert CliRunner().invoke(cli, ["migrate"]).exit_code == 0  # as `serve` does before it serves
    app = create_app(Settings(data_dir=data_dir))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.engine.dispose()


def _login(api: TestClient, username: str) -> dict[str, str]:
    r = api.post("/api/v1/auth", json={"type": "normal", "username": username, "password": DEMO_PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['auth_token']}"}


def test_seed_makes_a_backlog_the_demo_account_sees(data_dir: Path, api: TestClient) -> None:
    result = CliRunner().invoke(cli, ["seed", "--users", "3", "--projects", "2"])  # a fresh directory: no migrate
    assert result.exit_code == 0, result.output
    assert "seeding" in result.output and "seeded 2 projects" in result.output
    h = _login(api, "demo")
    projects = {p["name"]: p for p in api.get("/api/v1/projects", headers=h).json()}
    assert {"Demo project", "Sample project 1", "Sample project 2"} <= set(projects)
    for name in ("Demo project", "Sample project 1", "Sample project 2"):
        project = api.get(f"/api/v1/projects/{projects[name]['id']}", headers=h).json()
        assert project["i_am_member"] is True, name
        pid = project["id"]
        stories = api.get(f"/api/v1/userstories?project={pid}", headers=h).json()
        tasks = api.get(f"/api/v1/tasks?project={pid}", headers=h).json()
        issues = api.get(f"/api/v1/issues?project={pid}", headers=h).json()
        sprints = api.get(f"/api/v1/milestones?project={pid}", headers=h).json()
        assert len(stories) >= 10 and len(tasks) >= 10 and len(issues) >= 5 and len(sprints) == 2, name
        assert any(s["assigned_to"] for s in stories) and any(s["total_points"] for s in stories)
        assert any(s["milestone"] is None for s in stories)  # a backlog beyond the sprints
        commented = [s for s in stories if api.get(f"/api/v1/history/userstory/{s['id']}?type=comment",
                                                   headers=h).json()]  # fmt: skip
        assert commented, name
    member_projects = api.get("/api/v1/projects", headers=_login(api, "member2")).json()
    assert {"Sample project 1", "Sample project 2"} <= {p["name"] for p in member_projects}


def test_createuser_and_token_create_on_a_fresh_data_dir(data_dir: Path, api: TestClient) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["token", "create", "--username", "nobody"])
    assert missing.exit_code == 1 and "no user 'nobody'" in missing.stderr and "no such table" not in missing.output
    created = runner.invoke(cli, ["createuser", "--username", "zoe", "--password", "zoe-pass-9", "--email", "z@x.io"])
    assert created.exit_code == 0, created.output
    token = runner.invoke(cli, ["token", "create", "--username", "zoe"]).stdout.strip()
    assert api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}).json()["username"] == "zoe"


def test_front_page_names_each_api_and_how_to_add_the_web_client(api: TestClient) -> None:
    r = api.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    for mount in ("/api/v1", "/kaiten/api/v1", "/hacknplan/v0", "/productive/api/v2"):
        assert f"<code>{mount}</code>" in page
    assert 'href="/api/v1/docs"' in page and "--web-client" in page
    assert api.get("/api/v1/docs").status_code == 200
    assert api.get("/kaiten/api/v1/docs").status_code == 200
