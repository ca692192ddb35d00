"""HacknPlan's game design model: element types ([ADMIN] writes, delete moving elements, 409 on the last)
and design elements (the tree: parent, children, index moves, delete lifting or taking children), their
item counts and metrics."""

from __future__ import annotations

from planyard.models import WorkItem
from tests.dialects.hacknplan.conftest import API


def _type(client, project, headers, name="Character"):
    response = client.post(f"{API}/projects/{project.id}/designelementtypes", json={"name": name}, headers=headers)
    assert response.status_code == 200
    return response.json()


def test_element_types_crud(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    url, headers = f"{API}/projects/{project.id}/designelementtypes", hnp_auth(owner)
    character = _type(client, project, headers)
    assert (character["name"], character["projectId"]) == ("Character", project.id)
    level = _type(client, project, headers, "Level")
    assert client.get(url, headers=hnp_auth(member)).json() == [character, level]
    type_url = f"{url}/{character['designElementTypeId']}"
    assert client.get(type_url, headers=hnp_auth(member)).json() == character
    assert client.put(type_url, json={"name": "Hero"}, headers=headers).json()["name"] == "Hero"
    assert client.put(type_url, json={"name": "X"}, headers=hnp_auth(member)).status_code == 403
    assert client.post(url, json={"name": "X"}, headers=hnp_auth(member)).status_code == 403
    element = client.post(f"{API}/projects/{project.id}/designelements",
                          json={"designElementTypeId": character["designElementTypeId"], "name": "Knight"},
                          headers=hnp_auth(member)).json()  # fmt: skip
    bad = client.request("DELETE", type_url, json=999999, headers=headers)
    assert (bad.status_code, bad.json()) == (400, {"message": "The target design element type id does not exist."})
    assert client.delete(type_url, headers=headers).status_code == 200  # to the first other type
    moved = client.get(f"{API}/projects/{project.id}/designelements/{element['designElementId']}", headers=headers)
    assert moved.json()["type"]["designElementTypeId"] == level["designElementTypeId"]
    last = client.delete(f"{url}/{level['designElementTypeId']}", headers=headers)
    assert (last.status_code, last.json()) == (
        409,
        {"message": "The design element type is the last one and can't be deleted."},
    )


def test_the_element_tree(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    kind = _type(client, project, hnp_auth(owner))["designElementTypeId"]
    url, headers = f"{API}/projects/{project.id}/designelements", hnp_auth(member)

    def make(name, **fields):
        response = client.post(url, json={"designElementTypeId": kind, "name": name} | fields, headers=headers)
        assert response.status_code == 200
        return response.json()

    world_el = make("World", prefix="W", description="All of it", startDate="2026-01-01T00:00:00Z")
    assert (world_el["prefix"], world_el["description"], world_el["startDate"]) == ("W", "All of it",
                                                                                   "2026-01-01T00:00:00Z")  # fmt: skip
    assert world_el["user"]["user"]["id"] == member.id and world_el["index"] == 1 and world_el["parent"] is None
    forest = make("Forest", parentId=world_el["designElementId"])
    cave = make("Cave", parentId=world_el["designElementId"], index=1)
    bat = make("Bat", parentId=cave["designElementId"])
    assert forest["parent"]["designElementId"] == world_el["designElementId"]
    assert (cave["index"], client.get(f"{url}/{forest['designElementId']}", headers=headers).json()["index"]) == (1, 2)

    tree = client.get(f"{url}/{world_el['designElementId']}?includeChildren=true", headers=headers).json()
    assert [c["name"] for c in tree["children"]] == ["Cave", "Forest"]
    assert [c["name"] for c in tree["children"][0]["children"]] == ["Bat"]
    assert client.get(f"{url}/{world_el['designElementId']}", headers=headers).json()["children"] == []
    assert len(client.get(url, headers=headers).json()) == 4

    # move: the bat to the top level, first; the forest before the cave
    assert client.patch(f"{url}/{bat['designElementId']}", json={"parentId": None, "index": 1},
                        headers=headers).status_code == 200  # fmt: skip
    moved = client.get(f"{url}/{bat['designElementId']}", headers=headers).json()
    assert (moved["parent"], moved["index"], moved["name"]) == (None, 1, "Bat")
    client.patch(f"{url}/{forest['designElementId']}", json={"index": 1}, headers=headers)
    tree = client.get(f"{url}/{world_el['designElementId']}?includeChildren=true", headers=headers).json()
    assert [c["name"] for c in tree["children"]] == ["Forest", "Cave"]
    cycle = client.patch(f"{url}/{world_el['designElementId']}", json={"parentId": cave["designElementId"]},
                         headers=headers)  # fmt: skip
    assert cycle.status_code == 400

    # PUT replaces: prefix and dates gone, the element back at the top level
    assert client.put(f"{url}/{cave['designElementId']}", json={"designElementTypeId": kind, "name": "Grotto"},
                      headers=headers).status_code == 200  # fmt: skip
    grotto = client.get(f"{url}/{cave['designElementId']}", headers=headers).json()
    assert (grotto["name"], grotto["prefix"], grotto["parent"], grotto["description"]) == ("Grotto", None, None, "")
    assert client.patch(f"{url}/{cave['designElementId']}", json={"name": None}, headers=headers).status_code == 400

    # delete: children lift to the parent, or go with it
    client.patch(f"{url}/{bat['designElementId']}", json={"parentId": forest["designElementId"]}, headers=headers)
    assert client.delete(f"{url}/{forest['designElementId']}", headers=headers).status_code == 200
    assert client.get(f"{url}/{bat['designElementId']}", headers=headers).json()["parent"]["designElementId"] == (
        world_el["designElementId"])  # fmt: skip
    gone = client.request("DELETE", f"{url}/{world_el['designElementId']}", json={"deleteChildren": True},
                          headers=headers)  # fmt: skip
    assert gone.status_code == 200
    assert client.get(f"{url}/{bat['designElementId']}", headers=headers).json() == {
        "message": "Design element not found."
    }
    assert [e["name"] for e in client.get(url, headers=headers).json()] == ["Grotto"]


def test_counts_and_metrics_follow_linked_items(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    kind = _type(client, project, hnp_auth(owner))["designElementTypeId"]
    url, headers = f"{API}/projects/{project.id}/designelements", hnp_auth(member)
    parent = client.post(url, json={"designElementTypeId": kind, "name": "P"}, headers=headers).json()
    child = client.post(url, json={"designElementTypeId": kind, "name": "C", "parentId": parent["designElementId"]},
                        headers=headers).json()  # fmt: skip
    for element in (parent, child):
        item = world.item(owner, "story", project)
        world.run(lambda ctx, i=item, e=element: setattr(ctx.session.get(WorkItem, i.id), "design_element_id",
                                                         e["designElementId"]))  # fmt: skip
    got = client.get(f"{url}/{parent['designElementId']}", headers=headers).json()
    assert (got["totalWorkItemCount"], got["closedWorkItemCount"]) == (1, 0)
    assert client.get(f"{url}/{parent['designElementId']}/metrics", headers=headers).json()["totalWorkItems"] == 1
    whole = client.get(f"{url}/{parent['designElementId']}/metrics?includeChildren=true", headers=headers).json()
    assert (whole["totalWorkItems"], whole["openWorkItems"]) == (2, 2)


def test_markers_and_bad_bodies(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    url = f"{API}/projects/{project.id}/designelements"
    assert client.get(url, headers=hnp_auth(outsider)).status_code == 404
    assert client.get(f"{API}/projects/{team.public.id}/designelements", headers=hnp_auth(outsider)).status_code == 403
    for body in ({}, {"name": "x"}, {"designElementTypeId": 999999, "name": "x"}, {"designElementTypeId": "a"}):
        assert client.post(url, json=body, headers=hnp_auth(member)).status_code == 400
