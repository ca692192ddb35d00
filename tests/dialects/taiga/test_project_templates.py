"""Taiga §9 Project templates: anyone reads them, only superusers write them; projects use them."""

from __future__ import annotations

import pytest

BASE = "/api/v1/project-templates"
DETAIL_FIELDS = {
    "id": int, "name": str, "slug": str, "description": str, "order": int, "created_date": str,
    "modified_date": str, "default_owner_role": str, "is_epics_activated": bool, "is_backlog_activated": bool,
    "is_kanban_activated": bool, "is_wiki_activated": bool, "is_issues_activated": bool,
    "default_options": dict, "epic_statuses": list, "us_statuses": list, "points": list, "task_statuses": list,
    "issue_statuses": list, "issue_types": list, "priorities": list, "severities": list, "roles": list,
}  # fmt: skip

CUSTOM = {
    "name": "Support desk",
    "description": "Tickets in, answers out",
    "default_owner_role": "lead",
    "is_backlog_activated": False,
    "is_kanban_activated": True,
    "is_issues_activated": True,
    "videoconferences": "jitsi",
    "default_options": {"us_status": "Inbox", "points": "1", "task_status": "Todo", "issue_status": "Open",
                        "issue_type": "Question", "priority": "Urgent", "severity": "Minor"},
    "us_statuses": [{"name": "Inbox", "slug": "inbox", "is_closed": False, "color": "#111111", "order": 1},
                    {"name": "Answered", "is_closed": True, "color": "#222222", "order": 2, "wip_limit": 3}],
    "points": [{"name": "1", "value": 1, "order": 1}, {"name": "2", "value": 2, "order": 2}],
    "task_statuses": [{"name": "Todo", "order": 1}, {"name": "Done", "is_closed": True, "order": 2}],
    "issue_statuses": [{"name": "Open", "order": 1}],
    "issue_types": [{"name": "Question", "color": "#abcdef", "order": 1}],
    "priorities": [{"name": "Urgent", "order": 1}],
    "severities": [{"name": "Minor", "order": 1}],
    "roles": [{"name": "Lead", "slug": "lead", "order": 1, "computable": False,
               "permissions": ["view_project", "view_us", "add_us"]},
              {"name": "Agent", "slug": "agent", "order": 2, "permissions": ["view_project", "view_us"]}],
}  # fmt: skip


@pytest.fixture
def admin_headers(world):
    return world.auth(world.user(superuser=True))


def _create(client, headers, **changes):
    r = client.post(BASE, json=CUSTOM | changes, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


def test_list_has_seeded_scrum_and_kanban_for_anonymous(client, world):
    r = client.get(BASE)
    assert r.status_code == 200
    assert r.headers["x-paginated"] == "true"
    body = r.json()
    assert [t["slug"] for t in body] == ["scrum", "kanban"]
    for template in body:
        for name, kind in DETAIL_FIELDS.items():
            assert isinstance(template[name], kind), name
        assert template["default_owner_role"] == "product-owner"
        assert {r["slug"] for r in template["roles"]} >= {"ux", "back", "product-owner"}
    assert body[1]["is_kanban_activated"] is True and body[0]["is_backlog_activated"] is True


def test_get_one_and_unknown_is_404(client, world):
    scrum = client.get(BASE).json()[0]
    r = client.get(f"{BASE}/{scrum['id']}", headers=world.auth(world.user()))
    assert r.status_code == 200 and r.json() == scrum
    assert client.get(f"{BASE}/999999").status_code == 404
    assert client.get(f"{BASE}/{2**63}").status_code == 400


def test_superuser_creates_template_with_all_fields(client, admin_headers):
    body = _create(client, admin_headers)
    for name, kind in DETAIL_FIELDS.items():
        assert isinstance(body[name], kind), name
    assert body["slug"] == "support-desk" and body["videoconferences"] == "jitsi"
    assert body["us_statuses"][1] == {"name": "Answered", "is_closed": True, "color": "#222222", "order": 2,
                                      "wip_limit": 3}  # fmt: skip
    assert body["roles"][0]["permissions"] == ["view_project", "view_us", "add_us"]
    assert client.get(f"{BASE}/{body['id']}").json() == body
    again = _create(client, admin_headers)
    assert again["slug"] == "support-desk-2"


@pytest.mark.parametrize("who", ["anonymous", "user", "project_owner"])
def test_only_superusers_write_templates(client, world, who):
    scrum = client.get(BASE).json()[0]
    user = world.user()
    if who == "project_owner":
        world.project(user)
    headers = {} if who == "anonymous" else world.auth(user)
    expected = 401 if who == "anonymous" else 403
    assert client.post(BASE, json=CUSTOM, headers=headers).status_code == expected
    assert client.patch(f"{BASE}/{scrum['id']}", json={"name": "Mine"}, headers=headers).status_code == expected
    assert client.put(f"{BASE}/{scrum['id']}", json=CUSTOM, headers=headers).status_code == expected
    assert client.delete(f"{BASE}/{scrum['id']}", headers=headers).status_code == expected
    assert client.get(f"{BASE}/{scrum['id']}").json()["name"] == "Scrum"


def test_create_requires_name_description_and_owner_role(client, admin_headers):
    r = client.post(BASE, json={"slug": "x"}, headers=admin_headers)
    assert r.status_code == 400
    assert set(r.json()) == {"name", "description", "default_owner_role"}
    r = client.post(BASE, json=CUSTOM | {"name": "  "}, headers=admin_headers)
    assert r.status_code == 400 and "name" in r.json()


def test_create_rejects_bad_items_and_permissions(client, admin_headers):
    r = client.post(BASE, json=CUSTOM | {"us_statuses": [{"color": "#fff"}]}, headers=admin_headers)
    assert r.status_code == 400 and "us_statuses" in r.json()
    role = {"name": "X", "permissions": ["view_project", "fly_to_moon"]}
    r = client.post(BASE, json=CUSTOM | {"roles": [role]}, headers=admin_headers)
    assert r.status_code == 400 and "fly_to_moon" in r.json()["roles"][0]
    r = client.post(BASE, json=CUSTOM | {"points": "many"}, headers=admin_headers)
    assert r.status_code == 400 and "points" in r.json()


def test_duplicate_slug_is_400(client, admin_headers):
    r = client.post(BASE, json=CUSTOM | {"slug": "scrum"}, headers=admin_headers)
    assert r.status_code == 400 and r.json() == {"slug": ["Project template with this Slug already exists."]}


def test_patch_and_put_edit_template(client, admin_headers):
    template = _create(client, admin_headers)
    url = f"{BASE}/{template['id']}"
    r = client.patch(url, json={"description": "New words"}, headers=admin_headers)
    assert r.status_code == 200
    assert r.json()["description"] == "New words" and r.json()["name"] == "Support desk"
    r = client.put(url, json=CUSTOM | {"name": "Helpdesk", "priorities": [{"name": "Low"}]}, headers=admin_headers)
    assert r.status_code == 200
    assert r.json()["name"] == "Helpdesk" and r.json()["priorities"] == [{"name": "Low"}]
    assert client.patch(f"{BASE}/999999", json={"name": "x"}, headers=admin_headers).status_code == 404
    r = client.put(url, json={"name": "Only a name"}, headers=admin_headers)
    assert r.status_code == 400 and set(r.json()) == {"description", "default_owner_role"}
    r = client.patch(url, json={"is_kanban_activated": "maybe"}, headers=admin_headers)
    assert r.status_code == 400 and "is_kanban_activated" in r.json()


def test_delete_template_keeps_projects_made_from_it(client, world, admin_headers):
    template = _create(client, admin_headers)
    owner = world.user()
    r = client.post("/api/v1/projects", json={"name": "Desk", "description": "d", "creation_template": template["id"]},
                    headers=world.auth(owner))  # fmt: skip
    assert r.status_code == 201
    assert client.delete(f"{BASE}/{template['id']}", headers=admin_headers).status_code == 204
    assert client.get(f"{BASE}/{template['id']}").status_code == 404
    project = client.get(f"/api/v1/projects/{r.json()['id']}", headers=world.auth(owner)).json()
    assert project["creation_template"] is None and project["name"] == "Desk"
    assert client.delete(f"{BASE}/{template['id']}", headers=admin_headers).status_code == 404


def test_project_created_from_custom_template_copies_it(client, world, admin_headers):
    template = _create(client, admin_headers)
    owner = world.user()
    body = {"name": "Helpdesk", "description": "d", "creation_template": template["id"]}
    r = client.post("/api/v1/projects", json=body, headers=world.auth(owner))
    assert r.status_code == 201
    project = r.json()
    assert project["creation_template"] == template["id"]
    assert project["is_kanban_activated"] is True and project["is_backlog_activated"] is False
    assert project["videoconferences"] == "jitsi"
    assert [s["name"] for s in project["us_statuses"]] == ["Inbox", "Answered"]
    assert project["us_statuses"][1]["wip_limit"] == 3 and project["us_statuses"][1]["is_closed"] is True
    assert [r["slug"] for r in project["roles"]] == ["lead", "agent"]
    assert [p["name"] for p in project["points"]] == ["1", "2"]
    by_id = {s["id"]: s["name"] for s in project["us_statuses"]}
    assert by_id[project["default_us_status"]] == "Inbox"
    assert {p["id"]: p["name"] for p in project["priorities"]}[project["default_priority"]] == "Urgent"
    lead = next(r for r in project["roles"] if r["slug"] == "lead")
    assert project["members"][0]["role"] == lead["id"] and "members_count" not in lead  # a table row in taiga-back
