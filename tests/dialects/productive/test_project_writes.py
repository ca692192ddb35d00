"""Productive project writes of seed 003: create with its relationships, update, archive, restore, and
what the other APIs see of them."""

from __future__ import annotations

from tests.dialects.productive.conftest import BASE, errors_of, project_body, related

KAITEN = "/kaiten/api/v1"


def _create(client, productive, user, **attributes):
    r = client.post(f"{BASE}/projects", json=project_body(productive.workflow, **attributes),
                    headers=productive.headers(user))  # fmt: skip
    assert r.status_code == 201, r.text
    return r.json()["data"]


def _company(client, productive, user, name="Acme"):
    body = {"data": {"type": "companies", "attributes": {"name": name}}}
    r = client.post(f"{BASE}/companies", json=body, headers=productive.headers(user))
    assert r.status_code == 201, r.text
    return r.json()["data"]["id"]


def test_create_with_company_manager_and_workflow_as_the_seed_sends_them(client, productive, team):
    company = _company(client, productive, team.owner)
    body = project_body(name="test name", project_type_id=2)
    body["data"]["relationships"] = {
        "company": related("companies", company),
        "project_manager": related("people", team.member.id),
        "workflow": related("workflows", productive.workflow),
    }
    r = client.post(f"{BASE}/projects?include=company,project_manager,workflow", json=body,
                    headers=productive.headers(team.owner))  # fmt: skip
    assert r.status_code == 201, r.text
    data = r.json()["data"]
    assert data["relationships"]["company"] == related("companies", company)
    assert data["relationships"]["project_manager"] == related("people", team.member.id)
    assert data["relationships"]["workflow"] == related("workflows", productive.workflow)
    included = {(i["type"], i["id"]) for i in r.json()["included"]}
    assert included == {
        ("companies", company),
        ("people", str(team.member.id)),
        ("workflows", str(productive.workflow)),
    }


def test_create_without_a_workflow_is_the_seeds_422(client, productive, team):
    r = client.post(f"{BASE}/projects", json=project_body(name=""), headers=productive.headers(team.owner))
    assert errors_of(r) == [("data/attributes/workflow", "attribute is invalid")]


def test_create_with_unknown_relationships_names_each(client, productive, team):
    body = project_body(productive.workflow, name="X")
    body["data"]["relationships"] |= {
        "company": related("companies", 99999),
        "project_manager": related("people", 99999),
    }
    r = client.post(f"{BASE}/projects", json=body, headers=productive.headers(team.owner))
    assert set(errors_of(r)) == {("data/attributes/company", "attribute is invalid"),
                                 ("data/attributes/project_manager", "attribute is invalid")}  # fmt: skip


def test_update_changes_the_name_and_blank_is_422(client, productive, team):
    url, headers = f"{BASE}/projects/{team.project.id}", productive.headers(team.owner)
    body = {"data": {"type": "projects", "attributes": {"name": "new name"}}}
    r = client.patch(url, json=body, headers=headers)
    assert r.status_code == 200 and r.json()["data"]["attributes"]["name"] == "new name"
    assert r.json()["meta"] == {}
    body = {"data": {"type": "projects", "attributes": {"name": ""}}}
    assert errors_of(client.patch(url, json=body, headers=headers)) == [("data/attributes/name", "can't be blank")]
    assert client.get(url, headers=headers).json()["data"]["attributes"]["name"] == "new name"


def test_update_with_workflow_id_does_not_change_the_workflow(client, productive, team):
    url, headers = f"{BASE}/projects/{team.project.id}?include=workflow", productive.headers(team.owner)
    before = client.get(url, headers=headers).json()["data"]["relationships"]["workflow"]
    body = {"data": {"type": "projects", "attributes": {"workflow_id": productive.workflow}}}
    r = client.patch(url, json=body, headers=headers)
    assert r.status_code == 200
    assert r.json()["data"]["relationships"]["workflow"] == before != related("workflows", productive.workflow)


def test_update_sets_company_manager_type_and_public_access(client, productive, team):
    company = _company(client, productive, team.owner)
    body = {"data": {"type": "projects", "attributes": {"project_type_id": 2, "public_access": True},
                     "relationships": {"company": related("companies", company),
                                       "project_manager": related("people", team.member.id)}}}  # fmt: skip
    url = f"{BASE}/projects/{team.project.id}?include=company,project_manager"
    data = client.patch(url, json=body, headers=productive.headers(team.owner)).json()["data"]
    assert data["attributes"]["project_type_id"] == 2 and data["attributes"]["public_access"] is True
    assert data["relationships"]["company"] == related("companies", company)
    assert data["relationships"]["project_manager"] == related("people", team.member.id)


def test_a_member_without_modify_rights_cannot_update(client, productive, team):
    body = {"data": {"type": "projects", "attributes": {"name": "nope"}}}
    r = client.patch(f"{BASE}/projects/{team.project.id}", json=body, headers=productive.headers(team.outsider))
    assert r.status_code == 404


def test_archive_and_restore_show_in_every_api(client, world, productive, team):
    headers = productive.headers(team.owner)
    r = client.patch(f"{BASE}/projects/{team.project.id}/archive", headers=headers)
    assert r.status_code == 200
    assert r.json()["data"]["attributes"]["archived_at"].endswith("+00:00")
    listed = client.get(f"{BASE}/projects", params={"filter[status]": "2"}, headers=headers).json()["data"]
    assert [p["id"] for p in listed] == [str(team.project.id)]
    assert client.get(f"{BASE}/projects", params={"filter[status]": "1"}, headers=headers).json()["data"] == []
    space = client.get(f"{KAITEN}/spaces/{team.project.id}", headers=productive.bearer(team.owner)).json()
    assert space["archived"] is True
    taiga = client.get(f"/api/v1/projects/{team.project.id}", headers=world.auth(team.owner))
    assert taiga.status_code == 200
    r = client.patch(f"{BASE}/projects/{team.project.id}/restore", headers=headers)
    assert r.status_code == 200 and r.json()["data"]["attributes"]["archived_at"] is None
    space = client.get(f"{KAITEN}/spaces/{team.project.id}", headers=productive.bearer(team.owner)).json()
    assert space["archived"] is False


def test_archive_of_an_unknown_project_is_404(client, productive, team):
    r = client.patch(f"{BASE}/projects/999999/archive", headers=productive.headers(team.owner))
    assert r.status_code == 404 and r.json()["errors"][0]["status"] == "404"


def test_a_write_without_content_type_is_415_and_writes_nothing(client, productive, team):
    headers = productive.headers(team.owner)
    del headers["Content-Type"]
    body = b'{"data": {"type": "projects", "attributes": {"name": "bare"}}}'
    r = client.patch(f"{BASE}/projects/{team.project.id}", content=body, headers=headers)
    assert r.status_code == 415 and r.json()["errors"][0]["code"] == "unsupported_media_type"
    headers["Content-Type"] = "application/vnd.api+json"
    assert (
        client.get(f"{BASE}/projects/{team.project.id}", headers=headers).json()["data"]["attributes"]["name"]
        == "Closed"
    )
    r = client.patch(f"{BASE}/projects/{team.project.id}/archive", headers=headers | {"Content-Type": ""})
    assert r.status_code == 200  # no body, no media type needed


def test_written_in_productive_edited_in_taiga_and_back_nothing_is_lost(client, world, productive, team):
    made = _create(client, productive, team.owner, name="Round", project_type_id=2, description="from P")
    taiga, url = world.auth(team.owner), f"/api/v1/projects/{made['id']}"
    version = client.get(url, headers=taiga).json()["version"]
    r = client.patch(url, json={"name": "Round (Taiga)", "version": version}, headers=taiga)
    assert r.status_code == 200, r.text
    body = {"data": {"type": "projects", "attributes": {"description": "back in P"}}}
    data = client.patch(f"{BASE}/projects/{made['id']}", json=body, headers=productive.headers(team.owner)).json()
    attributes = data["data"]["attributes"]
    assert attributes["name"] == "Round (Taiga)" and attributes["project_type_id"] == 2
    shown = client.get(url, headers=taiga).json()
    assert shown["name"] == "Round (Taiga)" and shown["description"] == "back in P"
