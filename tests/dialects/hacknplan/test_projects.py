"""HacknPlan projects: CRUD with PUT replacing and PATCH merging, closure (409 when already so), owner
transfer, metrics, the permission markers, and the same rows through Taiga."""

from __future__ import annotations

import pytest

from tests.dialects.hacknplan.conftest import API


def test_create_get_put_patch_and_delete_a_project(client, world, hnp_auth):
    owner = world.user("kira")
    headers = hnp_auth(owner)
    created = client.post(f"{API}/projects", json={"name": "Rocket", "description": "Launch", "generalInfo": "GDD",
                                                     "hoursPerDay": 6}, headers=headers)  # fmt: skip
    assert created.status_code == 201
    body = created.json()
    assert (body["name"], body["description"], body["generalInfo"], body["hoursPerDay"]) == ("Rocket", "Launch",
                                                                                                "GDD", 6)  # fmt: skip
    assert body["owner"]["id"] == owner.id and body["closingDate"] is None and body["creationDate"].endswith("Z")
    assert body["moduleConfig"]["workItems"] is True and body["costMetric"] == "Hours"
    url = f"{API}/projects/{body['id']}"
    assert client.get(url, headers=headers).json() == body
    assert [p["id"] for p in client.get(f"{API}/projects", headers=headers).json()] == [body["id"]]

    patched = client.patch(url, json={"description": "Later"}, headers=headers)
    assert patched.status_code == 200
    assert (patched.json()["name"], patched.json()["description"], patched.json()["generalInfo"]) == (
        "Rocket", "Later", "GDD")  # fmt: skip

    replaced = client.put(url, json={"name": "Moon"}, headers=headers)
    assert replaced.status_code == 200
    assert (replaced.json()["name"], replaced.json()["description"], replaced.json()["generalInfo"]) == (
        "Moon", "", None)  # fmt: skip
    assert replaced.json()["hoursPerDay"] == 8

    removed = client.delete(url, headers=headers)
    assert removed.status_code == 200
    assert client.get(url, headers=headers).status_code == 404
    assert client.delete(url, headers=headers).json() == {"message": "Project not found."}


@pytest.mark.parametrize(
    "body", [{}, {"name": ""}, {"name": 5}, {"name": "x" * 251}, [1], {"name": "a", "hoursPerDay": 0}]
)
def test_an_invalid_create_body_is_400_invalid_values(client, world, hnp_auth, body):
    response = client.post(f"{API}/projects", json=body, headers=hnp_auth(world.user()))
    assert (response.status_code, response.json()) == (400, {"message": "Invalid values object."})


def test_malformed_json_is_400(client, world, hnp_auth):
    headers = hnp_auth(world.user()) | {"Content-Type": "application/json"}
    response = client.post(f"{API}/projects", content=b"{nope", headers=headers)
    assert (response.status_code, response.json()) == (400, {"message": "Invalid values object."})


def test_patch_with_a_null_name_is_400_and_changes_nothing(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    response = client.patch(f"{API}/projects/{project.id}", json={"name": None, "description": "x"},
                            headers=hnp_auth(owner))  # fmt: skip
    assert response.status_code == 400
    assert client.get(f"{API}/projects/{project.id}", headers=hnp_auth(owner)).json()["description"] != "x"


def test_closing_and_reopening_answer_409_when_already_so(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    url, headers = f"{API}/projects/{project.id}", hnp_auth(owner)
    assert client.delete(f"{url}/closure", headers=headers).json() == {"message": "The project is already open."}
    assert client.post(f"{url}/closure", headers=headers).status_code == 200
    assert client.get(url, headers=headers).json()["closingDate"].endswith("Z")
    again = client.post(f"{url}/closure", headers=headers)
    assert (again.status_code, again.json()) == (409, {"message": "The project is already closed."})
    assert client.delete(f"{url}/closure", headers=headers).status_code == 200
    assert client.get(url, headers=headers).json()["closingDate"] is None


def test_the_markers_of_project_writes(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    url = f"{API}/projects/{project.id}"
    assert client.get(url, headers=hnp_auth(member)).status_code == 200
    assert client.get(url, headers=hnp_auth(outsider)).status_code == 404
    for user in (member, outsider):
        expected = 403 if user is member else 404
        assert client.patch(url, json={"name": "Mine"}, headers=hnp_auth(user)).status_code == expected
        assert client.put(url, json={"name": "Mine"}, headers=hnp_auth(user)).status_code == expected
        assert client.post(f"{url}/closure", headers=hnp_auth(user)).status_code == expected
        assert client.delete(url, headers=hnp_auth(user)).status_code == expected
    admin = team.admin
    assert client.patch(url, json={"name": "Ours"}, headers=hnp_auth(admin)).status_code == 200
    assert client.delete(url, headers=hnp_auth(admin)).json() == {"message": "Forbidden"}


def test_an_outsider_of_a_public_project_is_forbidden(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    response = client.get(f"{API}/projects/{team.public.id}", headers=hnp_auth(outsider))
    assert (response.status_code, response.json()) == (403, {"message": "Forbidden"})


def test_the_owner_hands_the_project_to_a_member(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    url = f"{API}/projects/{project.id}/owner"
    assert client.put(url, json=member.id, headers=hnp_auth(member)).status_code == 403
    assert client.put(url, json=outsider.id, headers=hnp_auth(owner)).status_code == 404
    assert client.put(url, json="x", headers=hnp_auth(owner)).status_code == 400
    assert client.put(url, json=member.id, headers=hnp_auth(owner)).status_code == 200
    body = client.get(f"{API}/projects/{project.id}", headers=hnp_auth(member)).json()
    assert body["owner"]["id"] == member.id
    assert (
        client.patch(f"{API}/projects/{project.id}", json={"name": "New"}, headers=hnp_auth(member)).status_code == 200
    )
    taiga = client.get(f"/api/v1/projects/{project.id}", headers=world.auth(member)).json()
    assert taiga["owner"]["id"] == member.id and taiga["name"] == "New"


def test_metrics_count_the_projects_items(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    world.item(owner, "story", project)
    response = client.get(f"{API}/projects/{project.id}/metrics", headers=hnp_auth(member))
    assert response.status_code == 200
    body = response.json()
    assert body["totalWorkItems"] >= 1 and body["openWorkItems"] + body["closedWorkItems"] == body["totalWorkItems"]
    assert sum(c["totalWorkItems"] for c in body["categories"]) == body["totalWorkItems"]


def test_a_project_made_through_hacknplan_is_a_taiga_project_and_back(client, world, hnp_auth):
    owner = world.user()
    made = client.post(f"{API}/projects", json={"name": "Both ways"}, headers=hnp_auth(owner)).json()
    taiga = client.get(f"/api/v1/projects/{made['id']}", headers=world.auth(owner))
    assert taiga.status_code == 200 and taiga.json()["name"] == "Both ways"
    changed = client.patch(f"/api/v1/projects/{made['id']}", json={"description": "From Taiga"},
                           headers=world.auth(owner))  # fmt: skip
    assert changed.status_code == 200
    back = client.get(f"{API}/projects/{made['id']}", headers=hnp_auth(owner)).json()
    assert (back["name"], back["description"]) == ("Both ways", "From Taiga")


def test_an_id_beyond_int32_is_404(client, world, hnp_auth):
    response = client.get(f"{API}/projects/{2**31}", headers=hnp_auth(world.user()))
    assert (response.status_code, response.json()) == (404, {"message": "Project not found."})
