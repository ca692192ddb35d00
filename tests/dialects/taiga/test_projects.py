"""Taiga §10 Projects: list, create, get, by_slug, edit, delete; OCC; pagination; permission matrix."""

from __future__ import annotations

import pytest

DETAIL_TYPES = {
    "id": int, "name": str, "slug": str, "description": str, "created_date": str, "modified_date": str,
    "owner": dict, "members": list, "is_private": bool, "anon_permissions": list, "public_permissions": list,
    "my_permissions": list, "i_am_owner": bool, "i_am_admin": bool, "i_am_member": bool, "is_fan": bool,
    "is_watcher": bool, "total_watchers": int, "total_fans": int, "total_activity": int, "tags": list,
    "tags_colors": dict, "us_statuses": list, "points": list, "task_statuses": list, "issue_statuses": list,
    "issue_types": list, "priorities": list, "severities": list, "roles": list, "default_us_status": int,
    "default_points": int, "default_task_status": int, "default_issue_status": int, "default_issue_type": int,
    "default_priority": int, "default_severity": int, "is_backlog_activated": bool, "is_kanban_activated": bool,
    "is_wiki_activated": bool, "is_issues_activated": bool, "total_closed_milestones": int, "version": int,
}  # fmt: skip


def test_create_project_applies_the_default_template(client, world):
    owner = world.user("owner")
    r = client.post("/api/v1/projects", json={"name": "Rocket", "description": "Go up"}, headers=world.auth(owner))
    assert r.status_code == 201
    body = r.json()
    for name, kind in DETAIL_TYPES.items():
        assert isinstance(body[name], kind), name
    assert body["slug"] == "owner-rocket"
    assert [s["name"] for s in body["us_statuses"]] == ["New", "Ready", "In progress", "Ready for test", "Done",
                                                        "Archived"]  # fmt: skip
    assert [p["name"] for p in body["points"]][:3] == ["?", "0", "1/2"]
    assert {r["slug"] for r in body["roles"]} >= {"ux", "design", "front", "back", "product-owner", "stakeholder"}
    assert body["i_am_owner"] and body["i_am_admin"] and body["i_am_member"]
    assert "modify_project" in body["my_permissions"]
    assert body["owner"]["id"] == owner.id
    assert body["members"][0]["role_name"] == "Product Owner"
    assert body["default_us_status"] == body["us_statuses"][0]["id"]
    assert body["is_private"] is True and body["anon_permissions"] == []


def test_create_with_kanban_template_and_flags(client, world):
    owner = world.user()
    r = client.post("/api/v1/projects", headers=world.auth(owner), json={
        "name": "Board", "description": "d", "is_private": False, "is_kanban_activated": True,
        "is_backlog_activated": False})  # fmt: skip
    assert r.status_code == 201
    body = r.json()
    assert body["is_kanban_activated"] and not body["is_backlog_activated"]
    assert "view_project" in body["anon_permissions"]


def test_slugs_are_unique(client, world):
    owner = world.user("sam")
    slugs = {client.post("/api/v1/projects", json={"name": "Same", "description": "x"},
                         headers=world.auth(owner)).json()["slug"] for _ in range(3)}  # fmt: skip
    assert slugs == {"sam-same", "sam-same-2", "sam-same-3"}


@pytest.mark.parametrize(
    "payload, field",
    [({"description": "no name"}, "name"), ({"name": "x"}, "description"), ({"name": "", "description": "d"}, "name"),
     ({"name": "x", "description": "d", "is_private": "maybe"}, "is_private"),
     ({"name": "x", "description": "d", "creation_template": 999}, "creation_template"),
     ({"name": "x", "description": "d", "tags": None}, "tags"),
     ({"name": "x", "description": "d", "is_private": None}, "is_private")],
)  # fmt: skip
def test_create_rejects_bad_input_naming_the_field(client, world, payload, field):
    user = world.user()
    r = client.post("/api/v1/projects", json=payload, headers=world.auth(user))
    assert r.status_code == 400
    assert field in r.json()
    assert client.get("/api/v1/projects", headers=world.auth(user)).json() == []


def test_create_needs_authentication(client):
    r = client.post("/api/v1/projects", json={"name": "x", "description": "d"})
    assert r.status_code == 401


def test_get_by_id_and_slug(client, world):
    owner = world.user()
    project = world.project(owner, private=False)
    by_id = client.get(f"/api/v1/projects/{project.id}")
    by_slug = client.get("/api/v1/projects/by_slug", params={"slug": project.slug})
    assert by_id.status_code == by_slug.status_code == 200
    assert by_id.json()["id"] == by_slug.json()["id"] == project.id
    assert by_id.json()["my_permissions"] == by_id.json()["anon_permissions"]
    assert "transfer_token" not in by_id.json() or by_id.json()["transfer_token"] is None
    assert client.get("/api/v1/projects/999999").status_code == 404
    assert client.get("/api/v1/projects/by_slug", params={"slug": "nope"}).status_code == 404
    assert client.get("/api/v1/projects/by_slug").status_code == 400


def test_private_project_is_invisible_to_outsiders(client, world):
    owner, outsider = world.user(), world.user()
    project = world.project(owner, private=True)
    assert client.get(f"/api/v1/projects/{project.id}").status_code == 404
    assert client.get(f"/api/v1/projects/{project.id}", headers=world.auth(outsider)).status_code == 404
    assert client.get("/api/v1/projects", headers=world.auth(outsider)).json() == []
    assert client.get(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).status_code == 200


# (role, public?) -> expected status of GET, PATCH, DELETE
MATRIX = {
    ("anonymous", False): (200, 401, 401), ("outsider", False): (200, 403, 403), ("member", False): (200, 403, 403),
    ("admin", False): (200, 200, 204), ("owner", False): (200, 200, 204),
    ("anonymous", True): (404, 404, 404), ("outsider", True): (404, 404, 404), ("member", True): (200, 403, 403),
    ("admin", True): (200, 200, 204), ("owner", True): (200, 200, 204),
}  # fmt: skip


@pytest.mark.parametrize("who, private", list(MATRIX))
def test_permission_matrix(client, world, who, private):
    owner = world.user()
    project = world.project(owner, private=private)
    actor = {"owner": owner}.get(who) or (world.user() if who != "anonymous" else None)
    if who in ("member", "admin"):
        world.member(project, actor, admin=who == "admin")
    headers = world.auth(actor) if actor else {}
    get_status, patch_status, delete_status = MATRIX[(who, private)]
    url = f"/api/v1/projects/{project.id}"
    assert client.get(url, headers=headers).status_code == get_status
    assert client.patch(url, json={"description": "changed"}, headers=headers).status_code == patch_status
    assert client.delete(url, headers=headers).status_code == delete_status


def test_member_sees_role_permissions(client, world):
    owner, member = world.user(), world.user()
    project = world.project(owner, private=True)
    world.member(project, member, role_slug="stakeholder")
    body = client.get(f"/api/v1/projects/{project.id}", headers=world.auth(member)).json()
    assert body["i_am_member"] and not body["i_am_admin"] and not body["i_am_owner"]
    assert "add_us" not in body["my_permissions"] and "add_issue" in body["my_permissions"]


def test_edit_bumps_version_and_records_changes(client, world):
    owner = world.user()
    project = world.project(owner)
    url = f"/api/v1/projects/{project.id}"
    r = client.patch(url, json={"name": "Renamed", "version": 1}, headers=world.auth(owner))
    assert r.status_code == 200
    assert r.json()["name"] == "Renamed" and r.json()["version"] == 2
    assert r.json()["total_activity"] == 2


def test_occ_rejects_stale_version_only_for_fields_changed_since(client, world):
    owner = world.user()
    project = world.project(owner)
    url, h = f"/api/v1/projects/{project.id}", world.auth(owner)
    assert client.patch(url, json={"name": "First", "version": 1}, headers=h).status_code == 200
    stale_same = client.patch(url, json={"name": "Second", "version": 1}, headers=h)
    assert stale_same.status_code == 400
    assert stale_same.json() == {"version": "The version doesn't match with the current one"}
    stale_other = client.patch(url, json={"description": "Other field", "version": 1}, headers=h)
    assert stale_other.status_code == 200 and stale_other.json()["version"] == 3
    future = client.patch(url, json={"description": "x", "version": 99}, headers=h)
    assert future.status_code == 400
    assert client.get(url, headers=h).json()["name"] == "First"


def test_edit_rejects_unknown_default_status(client, world):
    owner = world.user()
    project = world.project(owner)
    r = client.patch(f"/api/v1/projects/{project.id}", json={"default_us_status": 999999}, headers=world.auth(owner))
    assert r.status_code == 400 and "default_us_status" in r.json()


def test_making_project_private_hides_it(client, world):
    owner = world.user()
    project = world.project(owner, private=False)
    r = client.patch(f"/api/v1/projects/{project.id}", json={"is_private": True}, headers=world.auth(owner))
    assert r.status_code == 200 and r.json()["anon_permissions"] == []
    assert client.get(f"/api/v1/projects/{project.id}").status_code == 404


def test_delete_removes_project(client, world):
    owner = world.user()
    project = world.project(owner)
    assert client.delete(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).status_code == 204
    assert client.get(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).status_code == 404


def test_list_pagination_headers(client, world):
    owner = world.user()
    for i in range(5):
        world.project(owner, name=f"P{i}")
    r = client.get("/api/v1/projects", params={"page_size": 2, "page": 2}, headers=world.auth(owner))
    assert r.status_code == 200 and len(r.json()) == 2
    h = r.headers
    assert h["x-paginated"] == "true" and h["x-paginated-by"] == "2"
    assert h["x-pagination-count"] == "5" and h["x-pagination-current"] == "2"
    assert "page=3" in h["x-pagination-next"] and "page=1" in h["x-pagination-prev"]
    for flag in ("True", "1"):
        full = client.get("/api/v1/projects", headers={**world.auth(owner), "x-disable-pagination": flag})
        assert len(full.json()) == 5 and "x-paginated" not in full.headers
    assert client.get("/api/v1/projects", params={"page": 9}, headers=world.auth(owner)).status_code == 404
    assert client.get("/api/v1/projects", params={"page": "x"}, headers=world.auth(owner)).status_code == 400


def test_list_filters_and_user_order(client, world):
    alice, bob = world.user(), world.user()
    a1 = world.project(alice, name="A1", is_featured=True)
    a2 = world.project(alice, name="A2", is_looking_for_people=True)
    b1 = world.project(bob, name="B1", private=False)
    world.member(b1, alice)
    h = world.auth(alice)
    ids = lambda params: [p["id"] for p in client.get("/api/v1/projects", params=params, headers=h).json()]  # noqa: E731
    assert ids({"member": bob.id}) == [b1.id]
    assert set(ids({"members": f"{bob.id},{alice.id}"})) == {a1.id, a2.id, b1.id}
    assert ids({"is_featured": "true"}) == [a1.id]
    assert ids({"is_looking_for_people": "true"}) == [a2.id]
    assert ids({"member": alice.id, "order_by": "memberships__user_order"}) == [a1.id, a2.id, b1.id]
    assert ids({"member": alice.id, "order_by": "-memberships__user_order"}) == [b1.id, a2.id, a1.id]
    bad = client.get("/api/v1/projects", params={"order_by": "nonsense"}, headers=h)
    assert bad.status_code == 400 and "order_by" in bad.json()
    assert client.get("/api/v1/projects", params={"member": "x"}, headers=h).status_code == 400


def test_list_query_count_is_constant(client, world, query_counter):
    owner = world.user()
    for i in range(2):
        world.project(owner, name=f"Few {i}")
    query_counter.clear()
    client.get("/api/v1/projects", headers=world.auth(owner))
    few = len(query_counter)
    for i in range(8):
        world.project(owner, name=f"More {i}")
    query_counter.clear()
    r = client.get("/api/v1/projects", headers=world.auth(owner))
    assert len(r.json()) == 10
    assert len(query_counter) == few


def test_put_needs_the_whole_object(client, world):
    owner = world.user()
    project = world.project(owner)
    url, h = f"/api/v1/projects/{project.id}", world.auth(owner)
    partial = client.put(url, json={"description": "only this"}, headers=h)
    assert partial.status_code == 400 and "name" in partial.json()
    whole = client.put(url, json={"name": "Whole", "description": "all of it", "is_private": False}, headers=h)
    assert whole.status_code == 200
    assert (whole.json()["name"], whole.json()["is_private"]) == ("Whole", False)


def test_ids_beyond_the_database_range_are_400_not_500(client, world):
    owner = world.user()
    h = world.auth(owner)
    for url in ("/api/v1/projects/9223372036854775808", "/api/v1/projects/99999999999999999999"):
        r = client.get(url, headers=h)
        assert r.status_code in (400, 404), (url, r.status_code)
        assert "_error_message" in r.json()
    r = client.patch(f"/api/v1/projects/{world.project(owner).id}", json={"default_points": 2**70}, headers=h)
    assert r.status_code == 400


def test_detail_lists_custom_attributes_and_counts_closed_milestones(client, world):
    owner = world.user()
    project = world.project(owner)
    h = world.auth(owner)
    for path, name in (("userstory-custom-attributes", "Risk"), ("issue-custom-attributes", "Browser")):
        assert client.post(f"/api/v1/{path}", json={"project": project.id, "name": name}, headers=h).status_code == 201
    for i, closed in enumerate((True, False)):
        r = client.post("/api/v1/milestones", headers=h, json={
            "project": project.id, "name": f"Sprint {i}", "estimated_start": "2026-01-01",
            "estimated_finish": "2026-01-14"})  # fmt: skip
        if closed:
            client.patch(f"/api/v1/milestones/{r.json()['id']}", json={"closed": True}, headers=h)
    body = client.get(f"/api/v1/projects/{project.id}", headers=h).json()
    assert [a["name"] for a in body["userstory_custom_attributes"]] == ["Risk"]
    assert [a["name"] for a in body["issue_custom_attributes"]] == ["Browser"]
    assert body["task_custom_attributes"] == [] and body["epic_custom_attributes"] == []
    assert body["total_closed_milestones"] == 1
    listed = client.get("/api/v1/projects", headers=h).json()[0]
    assert listed["total_closed_milestones"] == 1
