"""HacknPlan stages, categories, importance levels and project tags: CRUD with PUT/PATCH, their delete
rules, the markers, and the same rows through Taiga (statuses, priorities, tags) both ways."""

from __future__ import annotations

import pytest

from planyard.core.work_items.kinds import KINDS
from planyard.core.work_items.service import ItemChanges, create_item
from tests.dialects.hacknplan.conftest import API


def test_stages_are_the_story_statuses_both_ways(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    url, headers = f"{API}/projects/{project.id}/stages", hnp_auth(owner)
    taiga_names = [s["name"] for s in client.get(f"/api/v1/userstory-statuses?project={project.id}",
                                                 headers=world.auth(owner)).json()]  # fmt: skip
    listed = client.get(url, headers=hnp_auth(member)).json()
    assert [s["name"] for s in listed] == taiga_names
    assert listed[0]["status"] == "Created" and listed[-1]["status"] == "Completed"

    created = client.post(url, json={"name": "Review", "color": "#112233", "icon": "eye", "isUnblocker": True},
                          headers=headers)  # fmt: skip
    assert created.status_code == 201
    stage = created.json()
    assert (stage["name"], stage["color"], stage["icon"], stage["isUnblocker"]) == ("Review", "#112233", "eye", True)
    taiga = client.get(f"/api/v1/userstory-statuses/{stage['stageId']}", headers=world.auth(owner)).json()
    assert (taiga["name"], taiga["color"]) == ("Review", "#112233")

    client.patch(f"/api/v1/userstory-statuses/{stage['stageId']}", json={"name": "Reviewed"}, headers=world.auth(owner))
    stage_url = f"{url}/{stage['stageId']}"
    assert client.get(stage_url, headers=hnp_auth(member)).json()["name"] == "Reviewed"
    patched = client.patch(stage_url, json={"status": "Completed"}, headers=headers).json()
    assert (patched["name"], patched["status"], patched["icon"]) == ("Reviewed", "Completed", "eye")
    replaced = client.put(stage_url, json={"name": "Check"}, headers=headers)
    assert replaced.status_code == 200
    body = replaced.json()
    assert (body["name"], body["icon"], body["isUnblocker"], body["color"]) == ("Check", None, False, "#999999")
    assert isinstance(body["status"], int) and isinstance(body["displayOrder"], int)

    assert client.post(url, json={"name": "X"}, headers=hnp_auth(member)).status_code == 403
    assert client.post(url, json={"name": "X", "status": "Nope"}, headers=headers).status_code == 400
    assert client.delete(stage_url, headers=hnp_auth(member)).status_code == 403
    assert client.delete(stage_url, headers=headers).status_code == 200
    assert client.get(stage_url, headers=headers).json() == {"message": "Stage not found."}


def test_deleting_a_stage_moves_its_items_to_a_stage_of_its_category(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    stages = client.get(f"{API}/projects/{project.id}/stages", headers=hnp_auth(owner)).json()
    doing = [s for s in stages if s["status"] == "Started"]
    item = world.item(owner, "story", project, status_id=doing[0]["stageId"])
    response = client.delete(f"{API}/projects/{project.id}/stages/{doing[0]['stageId']}", headers=hnp_auth(owner))
    assert response.status_code == 200
    story = client.get(f"/api/v1/userstories/{item.id}", headers=world.auth(owner)).json()
    assert story["status"] == doing[1]["stageId"]


def test_categories_crud_and_delete_rules(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    url, headers = f"{API}/projects/{project.id}/categories", hnp_auth(owner)
    before = client.get(url, headers=hnp_auth(member)).json()
    created = client.post(url, json={"name": "Art", "color": "#ff0000", "icon": "brush"}, headers=headers)
    assert created.status_code == 200
    art = created.json()
    assert (art["name"], art["color"], art["icon"]) == ("Art", "#ff0000", "brush")
    assert len(client.get(url, headers=headers).json()) == len(before) + 1
    art_url = f"{url}/{art['categoryId']}"
    assert client.patch(art_url, json={"name": "Arts"}, headers=headers).json()["icon"] == "brush"
    assert client.put(art_url, json={"name": "Paint"}, headers=headers).json() == art | {
        "name": "Paint", "icon": None, "color": "#999999"}  # fmt: skip
    changes = ItemChanges({"subject": "Sketch"}, item_type_id=art["categoryId"])
    world.run(lambda ctx: create_item(ctx, KINDS["story"], project.id, changes), actor=owner)
    in_use = client.delete(art_url, headers=headers)
    assert in_use.status_code == 409
    task_type = next(c for c in before if c["name"] == "Task")
    last = client.delete(f"{url}/{task_type['categoryId']}", headers=headers)
    assert (last.status_code, last.json()) == (400, {"message": "You can't delete the last category."})
    unused = client.post(url, json={"name": "Audio"}, headers=headers).json()
    assert client.delete(f"{url}/{unused['categoryId']}", headers=headers).status_code == 200
    assert client.get(f"{url}/{unused['categoryId']}", headers=headers).status_code == 404
    assert unused["categoryId"] not in [c["categoryId"] for c in client.get(url, headers=headers).json()]
    assert client.post(url, json={"name": "X"}, headers=hnp_auth(member)).status_code == 403
    assert client.get(f"{url}/999999", headers=headers).status_code == 404


def test_importance_levels_are_priorities_and_the_default_stays(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    url, headers = f"{API}/projects/{project.id}/importancelevels", hnp_auth(owner)
    levels = client.get(url, headers=hnp_auth(member)).json()
    taiga = client.get(f"/api/v1/priorities?project={project.id}", headers=world.auth(owner)).json()
    assert [lv["name"] for lv in levels] == [p["name"] for p in taiga]
    assert sum(lv["isDefault"] for lv in levels) == 1
    created = client.post(url, json={"name": "Urgent", "color": "#ff0000", "isDefault": True}, headers=headers)
    assert created.status_code == 200 and created.json()["isDefault"] is True
    level_url = f"{url}/{created.json()['importanceLevelId']}"
    refused = client.delete(level_url, headers=headers)
    assert (refused.status_code, refused.json()) == (409, {"message": "The default importance level can't be deleted."})
    old_default = next(lv for lv in levels if lv["isDefault"])
    assert client.patch(f"{url}/{old_default['importanceLevelId']}", json={"isDefault": True},
                        headers=headers).json()["isDefault"] is True  # fmt: skip
    assert client.put(level_url, json={"name": "Asap"}, headers=headers).json()["name"] == "Asap"
    assert client.delete(level_url, headers=hnp_auth(member)).status_code == 403
    assert client.delete(level_url, headers=headers).status_code == 200
    names = [
        p["name"] for p in client.get(f"/api/v1/priorities?project={project.id}", headers=world.auth(owner)).json()
    ]
    assert "Asap" not in names


def test_project_tags_crud(client, team, hnp_auth):
    world, project, owner, member, outsider = team
    url, headers = f"{API}/projects/{project.id}/tags", hnp_auth(owner)
    created = client.post(url, json={"name": "boss", "color": "#00ff00", "icon": "skull"}, headers=headers)
    assert created.status_code == 201
    tag = created.json()
    assert (tag["name"], tag["color"], tag["icon"], tag["displayIconOnly"]) == ("boss", "#00ff00", "skull", False)
    assert client.get(url, headers=hnp_auth(member)).json() == [tag]
    tag_url = f"{url}/{tag['tagId']}"
    assert client.patch(tag_url, json={"displayIconOnly": True}, headers=headers).json() == tag | {
        "displayIconOnly": True
    }
    replaced = client.put(tag_url, json={"name": "final boss"}, headers=headers).json()
    assert (replaced["name"], replaced["color"], replaced["icon"]) == ("final boss", None, None)
    taiga = client.get(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).json()
    assert "final boss" in dict(taiga["tags_colors"])
    assert client.delete(tag_url, headers=hnp_auth(member)).status_code == 403
    assert client.delete(tag_url, headers=headers).status_code == 200
    assert client.get(url, headers=headers).json() == []


@pytest.mark.parametrize("path", ["stages", "categories", "importancelevels", "tags"])
def test_an_outsider_sees_none_of_them(client, team, hnp_auth, path):
    world, project, owner, member, outsider = team
    assert client.get(f"{API}/projects/{project.id}/{path}", headers=hnp_auth(outsider)).status_code == 404
    assert client.get(f"{API}/projects/{team.public.id}/{path}", headers=hnp_auth(outsider)).status_code == 403
