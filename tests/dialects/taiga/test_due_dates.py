"""Taiga's due date levels (`/userstory-due-dates`, `/task-due-dates`, `/issue-due-dates`), the web
client's admin due dates pages: list, create_default, CRUD by project admins, the default kept."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

PATHS = ("userstory-due-dates", "task-due-dates", "issue-due-dates")
FIELDS = {"id", "name", "order", "by_default", "days_to_due", "color", "project"}


@pytest.mark.parametrize("path", PATHS)
def test_create_default_then_crud(client, team, path):
    world, project, owner, member, outsider = team
    api = f"/api/v1/{path}"
    assert client.get(api, params={"project": project.id}, headers=world.auth(owner)).json() == []
    assert client.post(f"{api}/create_default", json={"project_id": project.id},
                       headers=world.auth(member)).status_code == 403  # fmt: skip
    res = client.post(f"{api}/create_default", json={"project_id": project.id}, headers=world.auth(owner))
    assert res.status_code == 200, res.text
    levels = res.json()
    assert [(x["name"], x["by_default"], x["days_to_due"], x["color"]) for x in levels] == [
        ("Default", True, None, "#9dce0a"),
        ("Due soon", False, 14, "#ff9900"),
        ("Past due", False, 0, "#E44057"),
    ]
    assert set(levels[0]) == FIELDS and levels[0]["project"] == project.id
    again = client.post(f"{api}/create_default", json={"project_id": project.id}, headers=world.auth(owner))
    assert again.status_code == 400 and again.json()["_error_message"] == "Project does already have due dates"
    assert client.post(f"{api}/create_default", json={}, headers=world.auth(owner)).status_code == 400
    listed = client.get(api, params={"project": project.id}, headers=world.auth(member)).json()
    assert [x["id"] for x in listed] == [x["id"] for x in levels]
    created = client.post(api, json={"project": project.id, "name": "Late", "days_to_due": -3, "color": "#000000"},
                          headers=world.auth(owner))  # fmt: skip
    assert created.status_code == 201 and created.json()["days_to_due"] == -3 and created.json()["order"] == 4
    dup = client.post(api, json={"project": project.id, "name": "Late"}, headers=world.auth(owner))
    assert dup.status_code == 400 and dup.json() == {"name": ["Duplicated name"]}
    assert client.post(api, json={"project": project.id, "name": "X"}, headers=world.auth(member)).status_code == 403
    one = f"{api}/{created.json()['id']}"
    edited = client.patch(one, json={"days_to_due": None, "name": "Very late"}, headers=world.auth(owner))
    assert edited.status_code == 200 and edited.json()["days_to_due"] is None and edited.json()["name"] == "Very late"
    assert client.patch(one, json={"days_to_due": "x"}, headers=world.auth(owner)).status_code == 400
    assert client.get(one, headers=world.auth(outsider)).status_code == 404
    assert client.get(f"{api}/999999", headers=world.auth(owner)).status_code == 404
    kept = client.delete(f"{api}/{levels[0]['id']}", headers=world.auth(owner))
    assert kept.status_code == 400 and "default due date status" in kept.json()["_error_message"]
    assert client.delete(one, headers=world.auth(member)).status_code == 403
    assert client.delete(one, headers=world.auth(owner)).status_code == 204
    assert client.get(one, headers=world.auth(owner)).status_code == 404


def test_the_kinds_are_apart(client, team):
    world, project, owner, *_ = team
    story = client.post("/api/v1/userstory-due-dates", json={"project": project.id, "name": "Soon"},
                        headers=world.auth(owner)).json()  # fmt: skip
    assert client.get(f"/api/v1/task-due-dates/{story['id']}", headers=world.auth(owner)).status_code == 404
    task = client.post(
        "/api/v1/task-due-dates", json={"project": project.id, "name": "Soon"}, headers=world.auth(owner)
    )
    assert task.status_code == 201


@pytest.mark.real_db
def test_parallel_create_default_makes_one_set(app, world):
    owner = world.user("owner")
    project = world.project(owner, private=True)
    headers = world.auth(owner)

    def make(_: int) -> int:
        with TestClient(app, raise_server_exceptions=False) as own:
            body = {"project_id": project.id}
            return own.post("/api/v1/userstory-due-dates/create_default", json=body, headers=headers).status_code

    with ThreadPoolExecutor(max_workers=5) as pool:
        codes = list(pool.map(make, range(5)))
    assert sorted(codes) == [200] + [400] * 4
    with TestClient(app) as client:
        listed = client.get("/api/v1/userstory-due-dates", params={"project": project.id}, headers=headers).json()
    assert len(listed) == 3
