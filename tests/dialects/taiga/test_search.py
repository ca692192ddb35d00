"""Taiga §7 Search (`GET /search?project=&text=`, §40.10 results). The web client calls it from the search
page and while a user types `#12` in a comment (to link the item with that ref)."""

from __future__ import annotations

import pytest


def _make(client, h, path, **body):
    r = client.post(f"/api/v1/{path}", json=body, headers=h)
    assert r.status_code == 201, r.text
    return r.json()


@pytest.fixture
def project_with_items(client, world):
    owner = world.user()
    project = world.project(owner, private=True)
    h = world.auth(owner)
    pid = project.id
    sprint = _make(client, h, "milestones", project=pid, name="Sprint A", estimated_start="2027-01-01",
                   estimated_finish="2027-01-14")  # fmt: skip
    login = _make(client, h, "userstories", project=pid, subject="Login page", milestone=sprint["id"])
    other = _make(client, h, "userstories", project=pid, subject="Profile", description="shown after LOGIN")
    task = _make(client, h, "tasks", project=pid, subject="Style the login form", user_story=login["id"])
    issue = _make(client, h, "issues", project=pid, subject="Crash on save")
    epic = _make(client, h, "epics", project=pid, subject="Login epic")
    return {"owner": owner, "project": project, "h": h, "sprint": sprint, "login": login, "other": other,
            "task": task, "issue": issue, "epic": epic}  # fmt: skip


def test_search_finds_items_by_subject_description_and_ref(client, project_with_items):
    p = project_with_items
    h, pid = p["h"], p["project"].id
    detail = client.get(f"/api/v1/projects/{pid}", headers=h).json()
    role = next(r for r in detail["roles"] if r["computable"])
    five = next(pt for pt in detail["points"] if pt["value"] == 5)
    r = client.patch(f"/api/v1/userstories/{p['login']['id']}", headers=h,
                     json={"points": {str(role["id"]): five["id"]}, "version": p["login"]["version"]})  # fmt: skip
    assert r.status_code == 200, r.text
    body = client.get("/api/v1/search", params={"project": pid, "text": "login"}, headers=h).json()
    # the subject hit ranks before the description hit
    assert body["userstories"] == [
        {"id": p["login"]["id"], "ref": p["login"]["ref"], "subject": "Login page", "status": p["login"]["status"],
         "total_points": 5.0, "milestone_name": "Sprint A", "milestone_slug": p["sprint"]["slug"]},
        {"id": p["other"]["id"], "ref": p["other"]["ref"], "subject": "Profile", "status": p["other"]["status"],
         "total_points": None, "milestone_name": None, "milestone_slug": None},
    ]  # fmt: skip
    assert body["tasks"] == [{"id": p["task"]["id"], "ref": p["task"]["ref"], "subject": "Style the login form",
                              "status": p["task"]["status"], "assigned_to": None}]  # fmt: skip
    assert [e["id"] for e in body["epics"]] == [p["epic"]["id"]]
    assert body["issues"] == [] and body["wikipages"] == []
    assert body["count"] == 4
    by_ref = client.get("/api/v1/search", params={"project": pid, "text": str(p["issue"]["ref"])}, headers=h)
    assert [i["id"] for i in by_ref.json()["issues"]] == [p["issue"]["id"]]
    both_words = client.get("/api/v1/search", params={"project": pid, "text": "LOGIN form"}, headers=h).json()
    assert both_words["count"] == 1 and both_words["tasks"][0]["id"] == p["task"]["id"]
    nothing = client.get("/api/v1/search", params={"project": pid, "text": "100%_"}, headers=h).json()
    assert nothing["count"] == 0


def test_search_without_text_lists_every_item_in_ref_order(client, project_with_items):
    p = project_with_items
    body = client.get("/api/v1/search", params={"project": p["project"].id}, headers=p["h"]).json()
    assert [s["id"] for s in body["userstories"]] == [p["login"]["id"], p["other"]["id"]]
    assert body["count"] == 5


def test_search_leaves_out_what_the_user_may_not_see(client, world, project_with_items):
    p = project_with_items
    pid = p["project"].id
    outsider = world.user()
    assert client.get("/api/v1/search", params={"project": pid}, headers=world.auth(outsider)).status_code == 404
    r = client.patch(f"/api/v1/projects/{pid}", headers=p["h"], json={"is_private": False, "anon_permissions": [
        "view_project", "view_us"], "public_permissions": ["view_project", "view_us"]})  # fmt: skip
    assert r.status_code == 200, r.text
    anonymous = client.get("/api/v1/search", params={"project": pid, "text": "login"})
    assert anonymous.status_code == 200
    assert set(anonymous.json()) == {"userstories", "count"} and anonymous.json()["count"] == 2


@pytest.mark.parametrize("params", [{}, {"project": "x"}, {"project": 0}, {"project": 2**70}])
def test_search_rejects_a_bad_project(client, world, params):
    h = world.auth(world.user())
    r = client.get("/api/v1/search", params=params, headers=h)
    assert r.status_code == 400 and "project" in r.text


def test_search_costs_the_same_queries_for_any_number_of_hits(client, world, query_counter):
    owner = world.user()
    project = world.project(owner)
    h = world.auth(owner)
    sprint = _make(client, h, "milestones", project=project.id, name="S", estimated_start="2027-01-01",
                   estimated_finish="2027-01-14")  # fmt: skip

    def count(n):
        for i in range(n):
            _make(client, h, "userstories", project=project.id, subject=f"Item {n}-{i}", milestone=sprint["id"])
            _make(client, h, "tasks", project=project.id, subject=f"Item task {n}-{i}")
        query_counter.clear()
        body = client.get("/api/v1/search", params={"project": project.id, "text": "item"}, headers=h).json()
        return len(query_counter), body["count"]

    small, large = count(1), count(6)
    assert small[1] == 2 and large[1] == 14 and small[0] == large[0]
