"""Taiga project value resources (§14 US statuses, §15 points, §19 task statuses, §23 issue statuses,
§24 issue types, §25 priorities, §26 severities, and epic statuses): one family, tested per resource."""

from __future__ import annotations

import pytest

# path, bulk parameter, a valid create body, the read fields
RESOURCES = [
    ("epic-statuses", "bulk_epic_statuses", {"color": "#aaaaaa", "is_closed": False},
     {"id", "name", "slug", "order", "is_closed", "color", "project"}),
    ("userstory-statuses", "bulk_userstory_statuses", {"color": "#aaaaaa", "is_closed": True, "wip_limit": 3},
     {"id", "name", "slug", "order", "is_closed", "is_archived", "color", "wip_limit", "project"}),
    ("task-statuses", "bulk_task_statuses", {"is_closed": True}, {"id", "name", "slug", "order", "is_closed", "color",
                                                                  "project"}),
    ("issue-statuses", "bulk_issue_statuses", {}, {"id", "name", "slug", "order", "is_closed", "color", "project"}),
    ("points", "bulk_points", {"value": 21}, {"id", "name", "order", "value", "project"}),
    ("issue-types", "bulk_issue_types", {"color": "#123456"}, {"id", "name", "order", "color", "project"}),
    ("priorities", "bulk_priorities", {}, {"id", "name", "order", "color", "project"}),
    ("severities", "bulk_severities", {}, {"id", "name", "order", "color", "project"}),
]  # fmt: skip
PATHS = [r[0] for r in RESOURCES]


@pytest.fixture
def setup(world):
    owner, member, outsider = world.user(), world.user(), world.user()
    project = world.project(owner, private=True)
    world.member(project, member)
    return world, project, owner, member, outsider


@pytest.mark.parametrize("path, bulk, extra, fields", RESOURCES)
def test_crud_round_trip(client, setup, path, bulk, extra, fields):
    world, project, owner, *_ = setup
    h = world.auth(owner)
    listed = client.get(f"/api/v1/{path}", params={"project": project.id}, headers=h)
    assert listed.status_code == 200 and listed.json()
    assert set(listed.json()[0]) == fields
    created = client.post(f"/api/v1/{path}", json={"project": project.id, "name": "Brand new", **extra}, headers=h)
    assert created.status_code == 201, created.text
    body = created.json()
    assert set(body) == fields and body["project"] == project.id and body["name"] == "Brand new"
    for key, value in extra.items():
        assert body[key] == value
    assert body["order"] > max(v["order"] for v in listed.json())
    url = f"/api/v1/{path}/{body['id']}"
    assert client.get(url, headers=h).json() == body
    patched = client.patch(url, json={"name": "Renamed"}, headers=h)
    assert patched.status_code == 200 and patched.json()["name"] == "Renamed"
    assert client.put(url, json={"order": 3}, headers=h).status_code == 400
    assert client.put(url, json={"name": "Whole", "order": 3}, headers=h).json()["order"] == 3
    move_to = listed.json()[0]["id"]
    assert client.delete(url, headers=h).status_code == 400
    assert client.delete(url, params={"moveTo": body["id"]}, headers=h).status_code == 400
    assert client.delete(url, params={"moveTo": move_to}, headers=h).status_code == 204
    assert client.get(url, headers=h).status_code == 404


@pytest.mark.parametrize("path", PATHS)
def test_permissions(client, setup, path):
    world, project, owner, member, outsider = setup
    value_id = client.get(f"/api/v1/{path}", params={"project": project.id}, headers=world.auth(owner)).json()[0]["id"]
    url, body = f"/api/v1/{path}/{value_id}", {"project": project.id, "name": "X"}
    assert client.get(url, headers=world.auth(member)).status_code == 200
    assert client.get(url, headers=world.auth(outsider)).status_code == 404
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/{path}", params={"project": project.id}, headers=world.auth(outsider)).json() == []
    assert client.patch(url, json={"name": "Y"}, headers=world.auth(member)).status_code == 403
    assert client.post(f"/api/v1/{path}", json=body, headers=world.auth(member)).status_code == 403
    assert client.post(f"/api/v1/{path}", json=body).status_code == 404
    assert client.post(f"/api/v1/{path}", json=body, headers=world.auth(outsider)).status_code == 404


@pytest.mark.parametrize("path, bulk", [(r[0], r[1]) for r in RESOURCES])
def test_bulk_update_order_is_all_or_nothing(client, setup, path, bulk):
    world, project, owner, *_ = setup
    h = world.auth(owner)
    rows = client.get(f"/api/v1/{path}", params={"project": project.id}, headers=h).json()
    first, second = rows[0]["id"], rows[1]["id"]
    bad = client.post(f"/api/v1/{path}/bulk_update_order", headers=h,
                      json={"project": project.id, bulk: [[first, 50], [999999, 60]]})  # fmt: skip
    assert bad.status_code == 400
    assert client.get(f"/api/v1/{path}/{first}", headers=h).json()["order"] == rows[0]["order"]
    ok = client.post(f"/api/v1/{path}/bulk_update_order", headers=h,
                     json={"project": project.id, bulk: [[first, 50], [second, 40]]})  # fmt: skip
    assert ok.status_code == 204
    reordered = [r["id"] for r in client.get(f"/api/v1/{path}", params={"project": project.id}, headers=h).json()]
    assert reordered[-2:] == [second, first]
    malformed = client.post(f"/api/v1/{path}/bulk_update_order", headers=h, json={"project": project.id, bulk: "x"})
    assert malformed.status_code == 400 and bulk in malformed.json()


@pytest.mark.parametrize("path", PATHS)
def test_bad_input_names_the_field(client, setup, path):
    world, project, owner, *_ = setup
    h = world.auth(owner)
    existing = client.get(f"/api/v1/{path}", params={"project": project.id}, headers=h).json()[0]
    assert "name" in client.post(f"/api/v1/{path}", json={"project": project.id}, headers=h).json()
    assert "project" in client.post(f"/api/v1/{path}", json={"name": "n"}, headers=h).json()
    assert client.post(f"/api/v1/{path}", json={"project": 999999, "name": "n"}, headers=h).status_code == 400
    dup = client.post(f"/api/v1/{path}", json={"project": project.id, "name": existing["name"]}, headers=h)
    assert dup.status_code == 400 and dup.json() == {"name": ["Duplicated name"]}
    null = client.patch(f"/api/v1/{path}/{existing['id']}", json={"name": None}, headers=h)
    assert null.status_code == 400 and "name" in null.json()
    assert client.patch(f"/api/v1/{path}/{existing['id']}", json={"order": "x"}, headers=h).status_code == 400
    assert client.get(f"/api/v1/{path}/999999", headers=h).status_code == 404


def test_deleting_the_default_status_moves_the_project_default(client, setup):
    world, project, owner, *_ = setup
    h = world.auth(owner)
    detail = client.get(f"/api/v1/projects/{project.id}", headers=h).json()
    default, other = detail["default_us_status"], detail["us_statuses"][1]["id"]
    r = client.delete(f"/api/v1/userstory-statuses/{default}", params={"moveTo": other}, headers=h)
    assert r.status_code == 204
    assert client.get(f"/api/v1/projects/{project.id}", headers=h).json()["default_us_status"] == other


def test_status_slugs_follow_names_and_stay_unique(client, setup):
    world, project, owner, *_ = setup
    h = world.auth(owner)
    r = client.post("/api/v1/task-statuses", json={"project": project.id, "name": "In review"}, headers=h)
    assert r.json()["slug"] == "in-review"
    r2 = client.post("/api/v1/task-statuses", json={"project": project.id, "name": "In Review!"}, headers=h)
    assert r2.json()["slug"] == "in-review-2"


def test_values_of_another_kind_are_not_reachable(client, setup):
    world, project, owner, *_ = setup
    h = world.auth(owner)
    task_status = client.get("/api/v1/task-statuses", params={"project": project.id}, headers=h).json()[0]["id"]
    assert client.get(f"/api/v1/issue-statuses/{task_status}", headers=h).status_code == 404
    us = client.get("/api/v1/userstory-statuses", params={"project": project.id}, headers=h).json()
    r = client.delete(f"/api/v1/userstory-statuses/{us[0]['id']}", params={"moveTo": task_status}, headers=h)
    assert r.status_code == 400


def test_list_query_count_is_constant(client, setup, query_counter):
    world, project, owner, *_ = setup
    other = world.project(owner, private=False)
    h = world.auth(owner)
    query_counter.clear()
    one = client.get("/api/v1/points", params={"project": project.id}, headers=h)
    single = len(query_counter)
    query_counter.clear()
    both = client.get("/api/v1/points", headers={**h, "x-disable-pagination": "1"})
    assert len(both.json()) == 2 * len(one.json()) and other.id in {p["project"] for p in both.json()}
    assert len(query_counter) <= single


def test_deleting_a_status_or_priority_moves_its_items_to_move_to(client, setup):
    world, project, owner, *_ = setup
    h = world.auth(owner)
    statuses = client.get("/api/v1/userstory-statuses", params={"project": project.id}, headers=h).json()
    story = world.item(owner, "story", project, status_id=statuses[1]["id"])
    done = next(s for s in statuses if s["is_closed"])
    r = client.delete(f"/api/v1/userstory-statuses/{statuses[1]['id']}", params={"moveTo": done["id"]}, headers=h)
    assert r.status_code == 204
    moved = client.get(f"/api/v1/userstories/{story.id}", headers=h).json()
    assert (moved["status"], moved["is_closed"]) == (done["id"], True)
    priorities = client.get("/api/v1/priorities", params={"project": project.id}, headers=h).json()
    issue = world.item(owner, "issue", project, priority_id=priorities[0]["id"])
    client.delete(f"/api/v1/priorities/{priorities[0]['id']}", params={"moveTo": priorities[1]["id"]}, headers=h)
    assert client.get(f"/api/v1/issues/{issue.id}", headers=h).json()["priority"] == priorities[1]["id"]
