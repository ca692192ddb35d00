"""Company custom properties (workspace fields) in Taiga: listed read-only after a project's own user story
attributes (the list and the project detail), refused on write; a select's value shows as its option text
in Taiga's custom-attributes-values, and a Taiga write of that text is the option again for Kaiten."""

from __future__ import annotations

import pytest

from tests.dialects.kaiten.board_fixtures import make_board, make_card
from tests.dialects.kaiten.conftest import API

PROPS = f"{API}/company/custom-properties"


@pytest.fixture
def shared(client, team, world, kaiten_auth):
    """(select property, its options by text, number property, admin headers) of the company."""
    admin = kaiten_auth(world.user(superuser=True))
    color = client.post(PROPS, json={"name": "Color", "type": "select", "multi_select": True}, headers=admin).json()
    options = {}
    for text in ("Red", "Green"):
        made = client.post(f"{PROPS}/{color['id']}/select-values", json={"value": text}, headers=admin)
        options[text] = made.json()["id"]
    size = client.post(PROPS, json={"name": "Size", "type": "number"}, headers=admin).json()
    return color, options, size, admin


def test_workspace_fields_are_listed_after_the_projects_own_and_read_only(client, team, shared):
    world, project, owner, member, outsider = team
    color, options, size, admin = shared
    taiga = world.auth(member)
    own = client.post("/api/v1/userstory-custom-attributes", json={"project": project.id, "name": "Estimate"},
                      headers=world.auth(owner)).json()  # fmt: skip
    listed = client.get(f"/api/v1/userstory-custom-attributes?project={project.id}", headers=taiga).json()
    assert [(a["id"], a["project"], a["type"]) for a in listed] == [
        (own["id"], project.id, "text"),
        (color["id"], project.id, "dropdown"),
        (size["id"], project.id, "number"),
    ]
    assert listed[1]["extra"] == ["Red", "Green"] and listed[1]["name"] == "Color"
    detail = client.get(f"/api/v1/projects/{project.id}", headers=taiga).json()
    assert [a["id"] for a in detail["userstory_custom_attributes"]] == [own["id"], color["id"], size["id"]]
    assert [a["id"] for a in detail["task_custom_attributes"]] == []  # listed with the stories only
    tasks = client.get(f"/api/v1/task-custom-attributes?project={project.id}", headers=taiga).json()
    assert tasks == []
    alone = client.get(f"/api/v1/userstory-custom-attributes/{color['id']}", headers=taiga)
    assert (alone.status_code, alone.json()["project"], alone.json()["extra"]) == (200, None, ["Red", "Green"])
    owner_h = world.auth(owner)
    for method, body in (("patch", {"name": "Hue"}), ("put", {"name": "Hue"}), ("delete", None)):
        refused = client.request(method, f"/api/v1/userstory-custom-attributes/{color['id']}", json=body,
                                 headers=owner_h)  # fmt: skip
        assert refused.status_code == 403, refused.text
        assert "_error_message" in refused.json()
    order = {"project": project.id, "bulk_userstory_custom_attributes": [[color["id"], 1]]}
    refused = client.post("/api/v1/userstory-custom-attributes/bulk_update_order", json=order, headers=owner_h)
    assert refused.status_code == 400
    assert client.get(f"{PROPS}/{color['id']}", headers=admin).json()["name"] == "Color"  # nothing changed
    assert client.get(f"/api/v1/userstory-custom-attributes?project={project.id}",
                      headers=world.auth(outsider)).json() == []  # fmt: skip


def test_a_select_value_is_its_option_text_in_taiga_both_ways(client, team, shared, kaiten_auth):
    world, project, owner, member, outsider = team
    color, options, size, admin = shared
    headers = kaiten_auth(owner)
    card = make_card(
        client,
        headers,
        make_board(client, headers, project.id),
        properties={f"id_{color['id']}": [options["Red"], options["Green"]], f"id_{size['id']}": 3},
    )
    url, taiga = f"/api/v1/userstories/custom-attributes-values/{card['id']}", world.auth(owner)
    values = client.get(url, headers=taiga).json()
    assert values["attributes_values"] == {str(color["id"]): "Red, Green", str(size["id"]): 3}
    # the Taiga client sends every value back: the unchanged text keeps the options
    same = client.put(url, json={"attributes_values": values["attributes_values"], "version": values["version"]},
                      headers=taiga)  # fmt: skip
    assert same.status_code == 200, same.text
    assert client.get(f"{API}/cards/{card['id']}", headers=headers).json()["properties"][f"id_{color['id']}"] == [
        options["Red"], options["Green"]]  # fmt: skip
    changed = client.patch(url, json={"attributes_values": {str(color["id"]): "Green"},
                                      "version": same.json()["version"]}, headers=taiga)  # fmt: skip
    assert (changed.status_code, changed.json()["attributes_values"][str(color["id"])]) == (200, "Green")
    card_now = client.get(f"{API}/cards/{card['id']}", headers=headers).json()
    assert card_now["properties"] == {f"id_{color['id']}": [options["Green"]], f"id_{size['id']}": 3}
    bad = client.patch(url, json={"attributes_values": {str(color["id"]): "Blue"},
                                  "version": changed.json()["version"]}, headers=taiga)  # fmt: skip
    assert bad.status_code == 400 and "attributes_values" in bad.json()
    assert client.get(url, headers=taiga).json()["attributes_values"][str(color["id"])] == "Green"
    assert client.patch(url, json={"attributes_values": {str(color["id"]): "Green"}, "version": 1},
                        headers=world.auth(outsider)).status_code == 404  # fmt: skip
