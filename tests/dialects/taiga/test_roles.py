"""Taiga roles: list per visible project, admin-only writes, valid permission names, moveTo on delete."""

from __future__ import annotations

import pytest

BASE = "/api/v1/roles"
ROLE_FIELDS = {
    "id": int, "name": str, "slug": str, "order": int, "computable": bool, "permissions": list, "project": int,
    "members_count": int,
}  # fmt: skip
SCRUM_SLUGS = ["ux", "design", "front", "back", "product-owner", "stakeholder"]


def _headers(world, people, who):
    return {} if who == "anonymous" else world.auth(people[who])


def _roles(client, world, project_id, headers=None):
    r = client.get(BASE, params={"project": project_id}, headers=headers or {})
    assert r.status_code == 200
    return r.json()


def _role_id(client, world, owner, project_id, slug):
    return next(r["id"] for r in _roles(client, world, project_id, world.auth(owner)) if r["slug"] == slug)


def test_list_roles_of_a_project_with_fields_and_order(client, world, team):
    projects = team.projects
    roles = _roles(client, world, projects["public"].id)
    assert [r["slug"] for r in roles] == SCRUM_SLUGS
    for role in roles:
        for name, kind in ROLE_FIELDS.items():
            assert isinstance(role[name], kind), name
        assert role["project"] == projects["public"].id
    counts = {r["slug"]: r["members_count"] for r in roles}
    assert counts == {"ux": 0, "design": 1, "front": 0, "back": 1, "product-owner": 1, "stakeholder": 0}


@pytest.mark.parametrize(
    ("privacy", "who", "visible"),
    [("public", "anonymous", True), ("public", "outsider", True), ("public", "member", True),
     ("private", "anonymous", False), ("private", "outsider", False), ("private", "member", True),
     ("private", "admin", True), ("private", "owner", True)],
)  # fmt: skip
def test_list_shows_only_visible_projects(client, world, team, privacy, who, visible):
    people, projects = team.people, team.projects
    roles = _roles(client, world, projects[privacy].id, _headers(world, people, who))
    assert len(roles) == (6 if visible else 0)
    everything = client.get(BASE, headers=_headers(world, people, who)).json()
    assert any(r["project"] == projects[privacy].id for r in everything) is visible


def test_list_is_paginated_without_n_plus_one(client, world, team, query_counter):
    people, _ = team.people, team.projects  # the roles of both projects are listed
    query_counter.clear()
    r = client.get(BASE, params={"page_size": 2}, headers=world.auth(people["owner"]))
    few = len(query_counter)
    assert r.status_code == 200 and len(r.json()) == 2 and r.headers["x-pagination-count"] == "12"
    query_counter.clear()
    assert len(client.get(BASE, params={"page_size": 12}, headers=world.auth(people["owner"])).json()) == 12
    assert len(query_counter) == few
    assert client.get(BASE, params={"project": "abc"}).status_code == 400


@pytest.mark.parametrize(
    ("privacy", "who", "status"),
    [("public", "anonymous", 401), ("public", "outsider", 403), ("public", "member", 403),
     ("public", "admin", 201), ("public", "owner", 201), ("private", "anonymous", 401),
     ("private", "outsider", 400), ("private", "member", 403), ("private", "admin", 201)],
)  # fmt: skip
def test_create_role_needs_project_admin(client, world, team, privacy, who, status):
    people, projects = team.people, team.projects
    project = projects[privacy]
    body = {"project": project.id, "name": "QA Team", "permissions": ["view_project", "view_us"], "order": 7}
    r = client.post(BASE, json=body, headers=_headers(world, people, who))
    assert r.status_code == status, r.text
    if status == 201:
        role = r.json()
        assert role["slug"] == "qa-team" and role["permissions"] == ["view_project", "view_us"]
        assert role["order"] == 7 and role["computable"] is True and role["members_count"] == 0
        assert client.get(f"{BASE}/{role['id']}", headers=world.auth(people["owner"])).json() == role
    if status == 400:
        assert "project" in r.json()


def test_create_role_validation(client, world, team):
    people, projects = team.people, team.projects
    headers = world.auth(people["owner"])
    pid = projects["public"].id
    r = client.post(BASE, json={"project": pid}, headers=headers)
    assert r.status_code == 400 and r.json() == {"name": ["This field is required."]}
    r = client.post(BASE, json={"name": "X"}, headers=headers)
    assert r.status_code == 400 and r.json() == {"project": ["This field is required."]}
    r = client.post(BASE, json={"project": pid, "name": "X", "permissions": ["view_us", "root"]}, headers=headers)
    assert r.status_code == 400 and list(r.json()) == ["permissions"] and "root" in r.json()["permissions"][0]
    r = client.post(BASE, json={"project": 999999, "name": "X"}, headers=headers)
    assert r.status_code == 400 and "project" in r.json()
    r = client.post(BASE, json={"project": 2**63, "name": "X", "order": 2**40}, headers=headers)
    assert r.status_code == 400 and set(r.json()) == {"project", "order"}
    r = client.post(BASE, json={"project": pid, "name": "UX"}, headers=headers)
    assert r.status_code == 201 and r.json()["slug"] == "ux-2"


def test_get_role_visibility(client, world, team):
    people, projects = team.people, team.projects
    public_role = _role_id(client, world, people["owner"], projects["public"].id, "back")
    private_role = _role_id(client, world, people["owner"], projects["private"].id, "back")
    assert client.get(f"{BASE}/{public_role}").status_code == 200
    assert client.get(f"{BASE}/{private_role}").status_code == 404
    assert client.get(f"{BASE}/{private_role}", headers=world.auth(people["outsider"])).status_code == 404
    r = client.get(f"{BASE}/{private_role}", headers=world.auth(people["member"]))
    assert r.status_code == 200 and r.json()["slug"] == "back" and r.json()["members_count"] == 1
    assert client.get(f"{BASE}/999999").status_code == 404
    assert client.get(f"{BASE}/{2**63}").status_code == 400


@pytest.mark.parametrize(
    ("privacy", "who", "status"),
    [("public", "anonymous", 401), ("public", "outsider", 403), ("public", "member", 403),
     ("public", "admin", 200), ("private", "anonymous", 404), ("private", "outsider", 404),
     ("private", "member", 403), ("private", "owner", 200)],
)  # fmt: skip
def test_edit_role_needs_project_admin(client, world, team, privacy, who, status):
    people, projects = team.people, team.projects
    role_id = _role_id(client, world, people["owner"], projects[privacy].id, "ux")
    for method in ("patch", "put"):
        r = getattr(client, method)(f"{BASE}/{role_id}", json={"name": f"UX {method}", "computable": False},
                                    headers=_headers(world, people, who))  # fmt: skip
        assert r.status_code == status
    if status == 200:
        assert r.json()["name"] == "UX put" and r.json()["computable"] is False and r.json()["slug"] == "ux"


def test_edit_role_rejects_invalid_permissions_and_blank_name(client, world, team):
    people, projects = team.people, team.projects
    role_id = _role_id(client, world, people["owner"], projects["public"].id, "ux")
    url, headers = f"{BASE}/{role_id}", world.auth(people["owner"])
    r = client.patch(url, json={"permissions": ["view_us", "delete_universe"]}, headers=headers)
    assert r.status_code == 400 and list(r.json()) == ["permissions"]
    assert client.patch(url, json={"name": ""}, headers=headers).status_code == 400
    assert client.patch(url, json={"permissions": "view_us"}, headers=headers).status_code == 400
    r = client.put(url, json={"permissions": ["view_us"]}, headers=headers)
    assert r.status_code == 400 and r.json() == {"name": ["This field is required."]}
    assert client.get(url).json()["name"] == "UX"


def test_role_permission_changes_apply_to_members_at_once(client, world, team):
    people, projects = team.people, team.projects
    project_id = projects["private"].id
    role_id = _role_id(client, world, people["owner"], project_id, "back")
    member = world.auth(people["member"])
    before = client.get(f"/api/v1/projects/{project_id}", headers=member).json()["my_permissions"]
    assert "add_us" in before and "delete_us" in before
    r = client.patch(f"{BASE}/{role_id}", json={"permissions": ["view_project", "view_us"]},
                     headers=world.auth(people["owner"]))  # fmt: skip
    assert r.status_code == 200
    after = client.get(f"/api/v1/projects/{project_id}", headers=member).json()["my_permissions"]
    assert sorted(after) == ["view_project", "view_us"]
    client.patch(f"{BASE}/{role_id}", json={"permissions": ["view_project", "admin_roles"]},
                 headers=world.auth(people["owner"]))  # fmt: skip
    r = client.post(BASE, json={"project": project_id, "name": "Granted"}, headers=member)
    assert r.status_code == 201


@pytest.mark.parametrize(
    ("privacy", "who", "status"),
    [("public", "anonymous", 401), ("public", "outsider", 403), ("public", "member", 403),
     ("private", "outsider", 404), ("private", "admin", 204), ("public", "owner", 204)],
)  # fmt: skip
def test_delete_empty_role_needs_project_admin(client, world, team, privacy, who, status):
    people, projects = team.people, team.projects
    role_id = _role_id(client, world, people["owner"], projects[privacy].id, "stakeholder")
    assert client.delete(f"{BASE}/{role_id}", headers=_headers(world, people, who)).status_code == status
    remaining = [r["slug"] for r in _roles(client, world, projects[privacy].id, world.auth(people["owner"]))]
    assert ("stakeholder" in remaining) is (status != 204)


def test_delete_role_with_members_moves_them(client, world, team):
    people, projects = team.people, team.projects
    pid = projects["public"].id
    headers = world.auth(people["owner"])
    back, ux = (_role_id(client, world, people["owner"], pid, slug) for slug in ("back", "ux"))
    r = client.delete(f"{BASE}/{back}", headers=headers)
    assert r.status_code == 400 and r.json()["_error_message"] == "Query param 'moveTo' is required"
    other_project_role = _role_id(client, world, people["owner"], projects["private"].id, "ux")
    assert client.delete(f"{BASE}/{back}", params={"moveTo": other_project_role}, headers=headers).status_code == 404
    assert client.delete(f"{BASE}/{back}", params={"moveTo": back}, headers=headers).status_code == 404
    assert client.delete(f"{BASE}/{back}", params={"moveTo": ux}, headers=headers).status_code == 204
    roles = {r["slug"]: r for r in _roles(client, world, pid)}
    assert "back" not in roles and roles["ux"]["members_count"] == 1
    members = client.get(f"/api/v1/projects/{pid}", headers=headers).json()["members"]
    assert next(m for m in members if m["username"] == "member")["role"] == ux
    assert client.delete(f"{BASE}/{back}", headers=headers).status_code == 404
