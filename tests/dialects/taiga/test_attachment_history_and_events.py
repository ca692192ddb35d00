"""Taiga's history and timeline around attachments and epics: adding, editing and removing an attachment
is a change of the item (`values_diff.attachments` new/changed/deleted with the filename); relating a
story to an epic is an `epics.relateduserstory.create` event; tag color and module settings make none."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from planyard.core.work_items import attachments
from planyard.core.work_items.kinds import STORY

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def history(client, world, user, path, item_id):
    r = client.get(f"/api/v1/history/{path}/{item_id}", headers=world.auth(user))
    assert r.status_code == 200, r.text
    return r.json()


def timeline(client, world, user, project):
    r = client.get(f"/api/v1/timeline/project/{project.id}", headers=world.auth(user))
    assert r.status_code == 200, r.text
    return r.json()


KINDS = [("story", "userstories", "userstory"), ("task", "tasks", "task"), ("issue", "issues", "issue"),
         ("epic", "epics", "epic")]  # fmt: skip


@pytest.mark.parametrize("kind, path, history_path", KINDS)
def test_attachment_add_edit_remove_are_item_history(client, team, kind, path, history_path):
    world, project, owner, member, _ = team
    item = world.item(owner, kind, project)
    h = world.auth(member)
    form = {"project": str(project.id), "object_id": str(item.id)}
    r = client.post(f"/api/v1/{path}/attachments", data=form, files={"attached_file": ("plan.txt", b"data")}, headers=h)
    assert r.status_code == 201, r.text
    attachment = r.json()
    r = client.patch(f"/api/v1/{path}/attachments/{attachment['id']}", json={"description": "v2"}, headers=h)
    assert r.status_code == 200, r.text
    assert client.delete(f"/api/v1/{path}/attachments/{attachment['id']}", headers=h).status_code == 204
    removed, edited, added = history(client, world, member, history_path, item.id)[:3]
    for entry in (removed, edited, added):
        assert entry["type"] == 1 and entry["user"]["pk"] == member.id
    new = added["values_diff"]["attachments"]
    assert new["changed"] == [] and new["deleted"] == []
    [frozen] = new["new"]
    assert frozen["id"] == attachment["id"] and frozen["filename"] == "plan.txt" and frozen["url"] == attachment["url"]
    assert {"description", "is_deprecated", "order"} <= set(frozen)
    assert added["diff"]["attachments"] == [[], [frozen]]
    changed = edited["values_diff"]["attachments"]
    assert changed["new"] == [] and changed["deleted"] == []
    assert changed["changed"] == [
        {"filename": "plan.txt", "url": attachment["url"], "thumb_url": "", "changes": {"description": ["", "v2"]}}
    ]
    gone = removed["values_diff"]["attachments"]
    assert gone["new"] == [] and [a["filename"] for a in gone["deleted"]] == ["plan.txt"]
    assert client.get(f"/api/v1/{path}/{item.id}", headers=h).json()["version"] == item.version
    events = timeline(client, world, member, project)[:3]
    assert [e["data"]["values_diff"]["attachments"] for e in events] == [gone, changed, new]


def test_relating_a_story_to_an_epic_is_a_timeline_event(client, team):
    world, project, owner, _, _ = team
    epic = world.item(owner, "epic", project, subject="Big epic")
    story = world.item(owner, "story", project, subject="Small story")
    r = client.post(f"/api/v1/epics/{epic.id}/related_userstories", json={"epic": epic.id, "user_story": story.id},
                    headers=world.auth(owner))  # fmt: skip
    assert r.status_code == 201, r.text
    event = timeline(client, world, owner, project)[0]
    assert event["event_type"] == "epics.relateduserstory.create"
    data = event["data"]
    assert data["relateduserstory"]["subject"] == "Small story" and isinstance(data["relateduserstory"]["id"], int)
    assert data["epic"] == {"id": epic.id, "ref": epic.ref, "subject": "Big epic"}
    project_info = {"id": project.id, "slug": project.slug, "name": project.name, "description": project.description}
    assert data["userstory"] == {"id": story.id, "ref": story.ref, "subject": "Small story", "project": project_info}
    assert data["project"] == project_info and data["user"]["id"] == owner.id
    body = {"project_id": project.id, "bulk_userstories": "One\nTwo"}
    r = client.post(f"/api/v1/epics/{epic.id}/related_userstories/bulk_create", json=body, headers=world.auth(owner))
    assert r.status_code == 200, r.text
    related = [e for e in timeline(client, world, owner, project) if e["event_type"] == "epics.relateduserstory.create"]
    assert sorted(e["data"]["relateduserstory"]["subject"] for e in related) == ["One", "Small story", "Two"]


def test_tag_colors_and_module_settings_are_no_timeline_events(client, team):
    world, project, owner, _, _ = team
    h = world.auth(owner)
    before = [e["id"] for e in timeline(client, world, owner, project)]
    assert client.post(f"/api/v1/projects/{project.id}/create_tag", json={"tag": "red", "color": "#ff0000"},
                       headers=h).status_code == 200  # fmt: skip
    assert client.get(f"/api/v1/projects/{project.id}/modules", headers=h).status_code == 200
    r = client.patch(f"/api/v1/projects/{project.id}/modules", json={"github": {"secret": "s"}}, headers=h)
    assert r.status_code == 204, r.text
    assert [e["id"] for e in timeline(client, world, owner, project)] == before
    r = client.patch(f"/api/v1/projects/{project.id}", json={"name": "Renamed"}, headers=h)
    assert r.status_code == 200
    assert timeline(client, world, owner, project)[0]["event_type"] == "projects.project.change"


@pytest.mark.real_db
def test_parallel_uploads_each_leave_their_history_entry(client, team):
    world, project, owner, _, _ = team
    story = world.item(owner, "story", project)

    def upload(n):
        return world.run(lambda ctx: attachments.create_attachment(
            ctx, STORY, project.id, story.id, f"f{n}.txt", b"x", {}).id, actor=owner)  # fmt: skip

    with ThreadPoolExecutor(max_workers=4) as pool:
        ids = set(pool.map(upload, range(8)))
    entries = history(client, world, owner, "userstory", story.id)
    added = {a["id"] for e in entries for a in e["values_diff"]["attachments"]["new"]}
    assert len(ids) == 8 and added == ids
