"""GET /userstories/filters_data: the facets the backlog and kanban filters show, with counts."""

from __future__ import annotations

from planyard.core.work_items import service
from planyard.core.work_items.kinds import EPIC, STORY
from planyard.core.work_items.service import ItemChanges


def test_filters_data_counts_each_facet(client, world):
    owner, member = world.user(), world.user()
    project = world.project(owner, private=True)
    world.member(project, member)

    def story(**kw):
        changes = ItemChanges({"subject": "S", **kw.pop("fields", {})}, **kw)
        return world.run(lambda ctx: service.create_item(ctx, STORY, project.id, changes), actor=owner)

    first = story(fields={"tags": ["ui"], "assigned_to_id": member.id}, assignees=[member.id])
    story(fields={"tags": ["ui", "api"]})
    story()
    epic = world.run(lambda ctx: service.create_item(ctx, EPIC, project.id, ItemChanges({"subject": "E"})),
                     actor=owner)  # fmt: skip
    h = world.auth(owner)
    assert client.post(f"/api/v1/epics/{epic.id}/related_userstories", json={"user_story": first.id, "epic": epic.id},
                       headers=h).status_code == 201  # fmt: skip
    r = client.get("/api/v1/userstories/filters_data", params={"project": project.id}, headers=h)
    assert r.status_code == 200
    data = r.json()
    assert set(data) == {"statuses", "assigned_to", "assigned_users", "owners", "tags", "epics", "roles"}
    assert sum(s["count"] for s in data["statuses"]) == 3
    assert {t["name"]: t["count"] for t in data["tags"]} == {"ui": 2, "api": 1}
    assert {a["id"]: a["count"] for a in data["assigned_users"]}[member.id] == 1
    assert {a["id"]: a["count"] for a in data["assigned_users"]}[None] == 2
    assert {e["id"]: e["count"] for e in data["epics"]} == {None: 2, epic.id: 1}
    assert [o["id"] for o in data["owners"]] == [owner.id]
    # a facet ignores its own filter, the others apply
    narrowed = client.get("/api/v1/userstories/filters_data", params={"project": project.id, "tags": "api"},
                          headers=h).json()  # fmt: skip
    assert sum(s["count"] for s in narrowed["statuses"]) == 1
    assert {t["name"]: t["count"] for t in narrowed["tags"]} == {"ui": 2, "api": 1}
    assert client.get("/api/v1/userstories/filters_data", params={"project": project.id},
                      headers=world.auth(world.user())).status_code == 404  # fmt: skip
    assert client.get("/api/v1/userstories/filters_data", headers=h).status_code == 400


def test_owners_and_assigned_users_show_their_faces(client, team):
    world, project, owner, member, _ = team
    world.item(owner, STORY, project, assignees=[member.id])
    world.item(owner, STORY, project)
    data = client.get("/api/v1/userstories/filters_data", params={"project": project.id},
                      headers=world.auth(owner)).json()  # fmt: skip
    face = {"photo", "big_photo", "gravatar_id"}
    for name in ("owners", "assigned_users"):
        for row in data[name]:
            assert face <= set(row), name
            if row["id"] is None:
                assert (row["photo"], row["big_photo"], row["gravatar_id"]) == (None, None, None)
            else:
                assert isinstance(row["gravatar_id"], str) and len(row["gravatar_id"]) == 32
    assert [o["id"] for o in data["owners"]] == [owner.id]
    assert "photo" not in data["assigned_to"][0]  # taiga-back shows no faces there
