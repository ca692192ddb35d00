"""History and timeline of custom attribute changes in Taiga's shape: `diff.custom_attributes` is
[old, new] lists of {id, name, value, type}; `values_diff.custom_attributes` is {new, changed, deleted}."""

from __future__ import annotations


def attribute(client, world, owner, project, name, type_="text"):
    r = client.post("/api/v1/userstory-custom-attributes", json={"project": project.id, "name": name, "type": type_},
                    headers=world.auth(owner))  # fmt: skip
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_custom_attribute_changes_in_history_and_timeline(client, team):
    world, project, owner, _, _ = team
    story = world.item(owner, "story", project, subject="Story")
    size, points = (
        attribute(client, world, owner, project, "Size"),
        attribute(client, world, owner, project, "N", "number"),
    )
    url = f"/api/v1/userstories/custom-attributes-values/{story.id}"
    h = world.auth(owner)
    assert client.patch(url, json={"attributes_values": {size: "big", points: 3}, "version": 1}, headers=h).is_success
    assert client.put(url, json={"attributes_values": {size: "small"}, "version": 2}, headers=h).is_success
    history = client.get(f"/api/v1/history/userstory/{story.id}", headers=h).json()
    changed, added = history[0], history[1]
    assert added["diff"]["custom_attributes"] == [[], [
        {"id": size, "name": "Size", "value": "big", "type": "text"},
        {"id": points, "name": "N", "value": 3, "type": "number"},
    ]]  # fmt: skip
    new = added["values_diff"]["custom_attributes"]
    assert new["changed"] == [] and new["deleted"] == []
    assert [{k: a[k] for k in ("id", "name", "type", "value")} for a in new["new"]] == [
        {"id": size, "name": "Size", "type": "text", "value": "big"},
        {"id": points, "name": "N", "type": "number", "value": 3},
    ]
    assert new["new"][1]["value_diff"] == [None, 3]
    diff = changed["values_diff"]["custom_attributes"]
    assert diff["new"] == []
    assert diff["deleted"] == [{"id": points, "name": "N", "value": 3, "type": "number"}]
    assert len(diff["changed"]) == 1
    assert diff["changed"][0]["name"] == "Size" and diff["changed"][0]["changes"] == {"value": ["big", "small"]}
    assert diff["changed"][0]["type"] == "text"
    timeline = client.get(f"/api/v1/timeline/project/{project.id}", headers=h).json()
    latest = timeline[0]
    assert latest["event_type"] == "userstories.userstory.change"
    assert latest["data"]["values_diff"]["custom_attributes"] == diff
