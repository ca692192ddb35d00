"""Taiga notify policies (§33): one per project of the user, made with the membership (level involved;
listing writes nothing), edited with PUT/PATCH; the level shows as the project's `notify_level` and
decides watching; a policy with the web off silences the bell in that project."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

API = "/api/v1/notify-policies"
FIELDS = {"id", "project", "project_name", "notify_level", "live_notify_level", "web_notify_level"}


def policies(client, world, user):
    res = client.get(API, headers=world.auth(user))
    assert res.status_code == 200, res.text
    return res.json()


def project_view(client, world, project, user):
    return client.get(f"/api/v1/projects/{project.id}", headers=world.auth(user)).json()


def test_list_shows_the_policy_each_membership_made(client, team):
    world, project, owner, member, outsider = team
    public = team.public
    listed = policies(client, world, member)
    assert {p["project"] for p in listed} == {project.id, public.id}
    first = next(p for p in listed if p["project"] == project.id)
    assert set(first) == FIELDS and first["project_name"] == project.name
    assert (first["notify_level"], first["live_notify_level"], first["web_notify_level"]) == (1, 1, True)
    assert policies(client, world, member) == listed
    view = project_view(client, world, project, member)
    assert view["notify_level"] == 1 and view["is_watcher"] is True
    assert policies(client, world, outsider) == []
    assert client.get(API).status_code == 401


def test_edit_get_and_the_project_watch_share_the_policy(client, team):
    world, project, owner, member, outsider = team
    policy = next(p for p in policies(client, world, member) if p["project"] == project.id)
    url = f"{API}/{policy['id']}"
    res = client.patch(url, json={"notify_level": 3}, headers=world.auth(member))
    assert res.status_code == 200 and res.json()["notify_level"] == 3
    view = project_view(client, world, project, member)
    assert view["notify_level"] == 3 and view["is_watcher"] is False
    watchers = client.get(f"/api/v1/projects/{project.id}/watchers", headers=world.auth(owner)).json()
    assert member.id not in [w["id"] for w in watchers]
    assert client.post(f"/api/v1/projects/{project.id}/watch", json={"notify_level": 2},
                       headers=world.auth(member)).status_code == 200  # fmt: skip
    assert client.get(url, headers=world.auth(member)).json()["notify_level"] == 2
    assert client.post(f"/api/v1/projects/{project.id}/unwatch", headers=world.auth(member)).status_code == 200
    got = client.get(url, headers=world.auth(member)).json()
    assert got["notify_level"] == 3 and got["id"] == policy["id"]  # the policy stays
    put = client.put(url, json={"notify_level": 2, "live_notify_level": 3, "web_notify_level": False},
                     headers=world.auth(member))  # fmt: skip
    assert put.status_code == 200
    assert (put.json()["notify_level"], put.json()["live_notify_level"], put.json()["web_notify_level"]) == (
        2,
        3,
        False,
    )
    # bad input and other users' policies
    assert client.put(url, json={"live_notify_level": 1}, headers=world.auth(member)).status_code == 400
    assert client.patch(url, json={"notify_level": 7}, headers=world.auth(member)).json() == {
        "notify_level": ['"7" is not a valid choice.']}  # fmt: skip
    assert client.patch(url, json={"notify_level": "x"}, headers=world.auth(member)).status_code == 400
    assert client.patch(url, json={"web_notify_level": "x"}, headers=world.auth(member)).status_code == 400
    assert client.get(url, headers=world.auth(owner)).status_code == 404
    assert client.patch(url, json={"notify_level": 1}, headers=world.auth(outsider)).status_code == 404
    assert client.get(f"{API}/999999", headers=world.auth(member)).status_code == 404
    assert client.get(url).status_code == 401


def test_a_policy_with_the_web_off_silences_the_bell_in_its_project(client, team):
    world, project, owner, member, outsider = team
    policy = next(p for p in policies(client, world, member) if p["project"] == project.id)
    client.patch(f"{API}/{policy['id']}", json={"web_notify_level": False}, headers=world.auth(member))
    issue = client.post("/api/v1/issues", json={"project": project.id, "subject": "x", "assigned_to": member.id},
                        headers=world.auth(owner))  # fmt: skip
    assert issue.status_code == 201
    bell = client.get("/api/v1/web-notifications", headers=world.auth(member)).json()
    assert bell["objects"] == [] if isinstance(bell, dict) else bell == []
    client.patch(f"{API}/{policy['id']}", json={"web_notify_level": True}, headers=world.auth(member))
    other = client.post("/api/v1/issues", json={"project": project.id, "subject": "y", "assigned_to": member.id},
                        headers=world.auth(owner))  # fmt: skip
    bell = client.get("/api/v1/web-notifications", headers=world.auth(member)).json()
    objects = bell["objects"] if isinstance(bell, dict) else bell
    assert [n["data"]["obj"]["id"] for n in objects] == [other.json()["id"]]


@pytest.mark.real_db
def test_parallel_lists_answer_alike(app, world):
    owner = world.user("owner")
    project = world.project(owner, private=True)
    headers = world.auth(owner)

    def listing(_: int) -> tuple[int, list[int]]:
        with TestClient(app, raise_server_exceptions=False) as own:
            res = own.get(API, headers=headers)
            return res.status_code, [p["id"] for p in res.json()] if res.status_code == 200 else []

    with ThreadPoolExecutor(max_workers=5) as pool:
        results = list(pool.map(listing, range(5)))
    codes = [code for code, _ in results]
    assert set(codes) == {200}  # listing writes nothing: no write lock to wait for
    assert len({tuple(ids) for code, ids in results if code == 200}) == 1
    with TestClient(app) as client:
        assert [p["project"] for p in client.get(API, headers=headers).json()] == [project.id]
