"""Taiga §10.7-10.12: bulk_update_order, modules, stats, issues_stats, issue filters data."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planyard.models import ChangeEntry


def _url(project, action: str) -> str:
    return f"/api/v1/projects/{project.id}/{action}"


def _my_order(client, world, user) -> list[int]:
    r = client.get(f"/api/v1/projects?member={user.id}&order_by=memberships__user_order", headers=world.auth(user))
    return [p["id"] for p in r.json()]


def test_bulk_update_order_sets_my_order(client, world):
    user = world.user()
    a, b, c = (world.project(user) for _ in range(3))
    assert _my_order(client, world, user) == [a.id, b.id, c.id]
    body = [{"project_id": c.id, "order": 1}, {"project_id": a.id, "order": 2}, {"project_id": b.id, "order": 3}]
    r = client.post("/api/v1/projects/bulk_update_order", json=body, headers=world.auth(user))
    assert r.status_code == 200 and r.content == b""
    assert _my_order(client, world, user) == [c.id, a.id, b.id]


def test_bulk_update_order_is_all_or_nothing(client, world):
    user, other = world.user(), world.user()
    mine = world.project(user)
    theirs = world.project(other)
    before = _my_order(client, world, user)
    for foreign, message in ((theirs.id, "You are not a member of this project"),
                             (999999, "There's no project with that id")):  # fmt: skip
        body = [{"project_id": mine.id, "order": 50}, {"project_id": foreign, "order": 1}]
        r = client.post("/api/v1/projects/bulk_update_order", json=body, headers=world.auth(user))
        assert r.status_code == 400
        assert r.json() == {"project_id": [message]}
    assert _my_order(client, world, user) == before
    changes = world.run(lambda ctx: ctx.session.scalar(
        select(ChangeEntry.id).where(ChangeEntry.target_type == "membership")))  # fmt: skip
    assert changes is None


@pytest.mark.parametrize(
    "body, field",
    [([{"order": 1}], "project_id"), ([{"project_id": 1}], "order"), ([{"project_id": "x", "order": 1}], "project_id")],
)
def test_bulk_update_order_validates_items(client, world, body, field):
    r = client.post("/api/v1/projects/bulk_update_order", json=body, headers=world.auth(world.user()))
    assert r.status_code == 400 and field in r.json()


def test_bulk_update_order_needs_login(client, world):
    assert client.post("/api/v1/projects/bulk_update_order", json=[]).status_code == 401


def test_modules_have_secrets_and_webhook_urls(client, world, settings):
    owner = world.user()
    project = world.project(owner)
    r = client.get(_url(project, "modules"), headers=world.auth(owner))
    assert r.status_code == 200
    config = r.json()
    assert set(config) == {"github", "gitlab", "bitbucket", "gogs"}
    for name, module in config.items():
        assert isinstance(module["secret"], str) and len(module["secret"]) == 32
        assert module["webhooks_url"].startswith(f"{settings.public_url}/api/v1/{name}-hook?project={project.id}")
    assert config["gitlab"]["webhooks_url"].endswith(f"&key={config['gitlab']['secret']}")
    assert isinstance(config["github"]["close_status"], int)
    assert client.get(_url(project, "modules"), headers=world.auth(owner)).json() == config  # secrets are kept


def test_patch_modules_returns_204_and_merges(client, world):
    owner = world.user()
    project = world.project(owner)
    headers = world.auth(owner)
    r = client.patch(_url(project, "modules"), json={"github": {"secret": "my-secret"}}, headers=headers)
    assert r.status_code == 204 and r.content == b""
    config = client.get(_url(project, "modules"), headers=headers).json()
    assert config["github"]["secret"] == "my-secret"
    assert config["github"]["webhooks_url"].endswith(f"github-hook?project={project.id}")
    assert len(config["gogs"]["secret"]) == 32
    log = world.run(lambda ctx: list(ctx.session.scalars(select(ChangeEntry.diff).where(
        ChangeEntry.target_type == "project", ChangeEntry.action == "change"))))  # fmt: skip
    assert log and "my-secret" not in repr(log)


@pytest.mark.parametrize("body, field", [({"github": "nope"}, "github"), ([1, 2], "non_field_errors")])
def test_patch_modules_validates(client, world, body, field):
    owner = world.user()
    project = world.project(owner)
    r = client.patch(_url(project, "modules"), json=body, headers=world.auth(owner))
    assert r.status_code == 400 and field in r.json()


@pytest.mark.parametrize("method", ["get", "patch"])
def test_modules_are_for_admins(client, world, method):
    owner, member = world.user(), world.user()
    project = world.project(owner)
    world.member(project, member)
    call = getattr(client, method)
    kwargs = {"json": {"gogs": {}}} if method == "patch" else {}
    assert call(_url(project, "modules"), **kwargs).status_code == 401
    assert call(_url(project, "modules"), headers=world.auth(member), **kwargs).status_code == 403
    assert call("/api/v1/projects/999999/modules", headers=world.auth(owner), **kwargs).status_code == 404


def test_stats_shape(client, world):
    owner = world.user()
    project = world.project(owner, total_milestones=4, total_story_points=40.0)
    r = client.get(_url(project, "stats"))
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == project.name and body["total_milestones"] == 4 and body["total_points"] == 40.0
    for key in ("closed_points", "defined_points", "assigned_points", "speed"):
        assert body[key] == 0
    roles = client.get(f"/api/v1/projects/{project.id}").json()["roles"]
    computable = {str(r["id"]) for r in roles if r["computable"]}
    for key in ("closed_points_per_role", "defined_points_per_role", "assigned_points_per_role"):
        assert set(body[key]) == computable and set(body[key].values()) == {0}
    names = [m["name"] for m in body["milestones"]]
    assert names == ["Future sprint"] * 4 + ["Project End"]
    assert [m["optimal"] for m in body["milestones"]] == [40.0, 30.0, 20.0, 10.0, 0.0]
    assert body["milestones"][0]["evolution"] == 40.0 and body["milestones"][1]["evolution"] is None
    assert set(body["milestones"][0]) == {"name", "optimal", "evolution", "team-increment", "client-increment"}


def test_stats_without_plan(client, world):
    project = world.project(world.user())
    body = client.get(_url(project, "stats")).json()
    assert body["total_milestones"] is None and body["total_points"] is None
    assert body["milestones"] == [
        {"name": "Project End", "optimal": 0.0, "evolution": None, "team-increment": 0.0, "client-increment": 0.0}
    ]


def test_issues_stats_keys_come_from_the_project(client, world):
    owner, member = world.user("owner"), world.user("member")
    project = world.project(owner)
    world.member(project, member)
    detail = client.get(f"/api/v1/projects/{project.id}").json()
    body = client.get(_url(project, "issues_stats")).json()
    assert (body["total_issues"], body["opened_issues"], body["closed_issues"]) == (0, 0, 0)
    pairs = {"issues_per_status": "issue_statuses", "issues_per_type": "issue_types",
             "issues_per_priority": "priorities", "issues_per_severity": "severities"}  # fmt: skip
    for key, attribute in pairs.items():
        expected = {str(a["id"]): {"id": a["id"], "name": a["name"], "color": a["color"], "count": 0}
                    for a in detail[attribute]}  # fmt: skip
        assert body[key] == expected, key
    people = body["issues_per_assigned_to"]
    assert set(people) == {str(owner.id), str(member.id)} and body["issues_per_owner"] == people
    assert people[str(member.id)] == {"id": member.id, "name": "Member", "username": "member", "color": "",
                                      "count": 0}  # fmt: skip
    weeks = body["last_four_weeks_days"]
    assert weeks["by_open_closed"] == {"open": [0] * 28, "closed": [0] * 28}
    assert set(weeks["by_severity"]) == {str(s["id"]) for s in detail["severities"]}
    assert all(v["data"] == [0] * 28 for v in weeks["by_priority"].values())
    assert weeks["by_status"] == {}


@pytest.mark.parametrize("path", ["issues_filters_data", "issue_filters_data"])
def test_issue_filters_data_pairs(client, world, path):
    owner = world.user()
    project = world.project(owner)
    client.post(_url(project, "create_tag"), json={"tag": "ui"}, headers=world.auth(owner))
    detail = client.get(f"/api/v1/projects/{project.id}").json()
    body = client.get(_url(project, path)).json()
    assert body["statuses"] == [[s["id"], 0] for s in detail["issue_statuses"]]
    assert body["types"] == [[t["id"], 0] for t in detail["issue_types"]]
    assert body["priorities"] == [[p["id"], 0] for p in detail["priorities"]]
    assert body["severities"] == [[s["id"], 0] for s in detail["severities"]]
    assert body["assigned_to"] == [[owner.id, 0], [None, 0]]
    assert body["owners"] == body["created_by"] == [[owner.id, 0]]
    assert body["tags"] == [["ui", 0]]


@pytest.mark.parametrize("path", ["stats", "issues_stats", "issues_filters_data", "issue_filters_data"])
def test_figures_of_private_projects_are_for_members(client, world, path):
    owner = world.user()
    project = world.project(owner, private=True)
    assert client.get(_url(project, path)).status_code == 404
    assert client.get(_url(project, path), headers=world.auth(world.user())).status_code == 404
    assert client.get(_url(project, path), headers=world.auth(owner)).status_code == 200
    assert client.get(f"/api/v1/projects/999999/{path}").status_code == 404
