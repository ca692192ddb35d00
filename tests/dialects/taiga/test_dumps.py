"""Taiga §35 export/import: the exporter's two answers, load_dump's, a lossless round trip, a dump in
taiga-back's own shape, permissions and bad dumps (400, nothing written)."""

from __future__ import annotations

import base64
import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from planyard.core.dumps import background
from planyard.models import Project

VOLATILE = {"created_date", "modified_date", "created_at", "edit_comment_date", "slug", "user_order", "sha1",
            "version", "backlog_order", "sprint_order", "kanban_order", "us_order", "taskboard_order",
            "epics_order", "order_", "id"}  # fmt: skip


def _dump_file(app, url: str) -> dict[str, Any]:
    key = url.split("/media/", 1)[1]
    return json.loads((app.state.env.settings.media_dir / key).read_text())


def _normalized(value: Any) -> Any:
    """The dump without what differs between two projects of the same content (ids, dates, slugs); a
    history entry's ids named by its `values`."""
    if isinstance(value, dict) and isinstance(value.get("values"), dict) and isinstance(value.get("diff"), dict):
        named = {k: v for k, v in value["values"].items() if isinstance(v, dict) and k in value["diff"]}
        diff = {k: [named[k].get(str(i)) for i in pair] if k in named else pair for k, pair in value["diff"].items()}
        value = value | {"diff": diff, "values": {k: v for k, v in value["values"].items() if k not in named}}
    if isinstance(value, dict):
        return {k: _normalized(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_normalized(v) for v in value]
    return value


def _export(client, app, world, owner, project_id: int) -> dict[str, Any]:
    r = client.get(f"/api/v1/exporter/{project_id}", headers=world.auth(owner))
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"url"} and "/media/exports/" in r.json()["url"]
    return _dump_file(app, r.json()["url"])


def _load(client, world, user, body: bytes | str, content_type: str = "application/json"):
    data = body.encode() if isinstance(body, str) else body
    return client.post("/api/v1/importer/load_dump", files={"dump": ("dump.json", data, content_type)},
                       headers=world.auth(user))  # fmt: skip


def _rich_project(client, world, team) -> Project:
    """A project with something in every list the dump carries, made through the API."""
    world_, project, owner, member, _ = team
    h, pid = world.auth(owner), project.id
    post = lambda url, body: client.post(f"/api/v1/{url}", json=body, headers=h)  # noqa: E731
    assert post("userstory-custom-attributes", {"project": pid, "name": "Size"}).status_code == 201
    assert post("issue-custom-attributes", {"project": pid, "name": "Browser"}).status_code == 201
    assert post("swimlanes", {"project": pid, "name": "Fast lane"}).status_code == 201
    sprint = post("milestones", {"project": pid, "name": "Sprint 1", "estimated_start": "2026-01-01",
                                 "estimated_finish": "2026-01-15"}).json()  # fmt: skip
    story = post("userstories", {"project": pid, "subject": "Login", "tags": ["auth", "ui"], "milestone": sprint["id"],
                                 "assigned_users": [member.id], "watchers": [member.id], "description": "as a user",
                                 "is_blocked": True, "blocked_note": "waiting"}).json()  # fmt: skip
    values = client.get(f"/api/v1/userstories/custom-attributes-values/{story['id']}", headers=h).json()
    size = client.get(f"/api/v1/userstory-custom-attributes?project={pid}", headers=h).json()[0]["id"]
    r = client.patch(f"/api/v1/userstories/custom-attributes-values/{story['id']}", headers=h,
                     json={"attributes_values": {str(size): "XL"}, "version": values["version"]})  # fmt: skip
    assert r.status_code == 200, r.text
    r = client.patch(f"/api/v1/userstories/{story['id']}", json={"comment": "first comment", "version": 1}, headers=h)
    assert r.status_code == 200, r.text
    ready = client.get(f"/api/v1/userstory-statuses?project={pid}", headers=h).json()[1]["id"]
    edit = {"status": ready, "assigned_to": member.id, "description": "as a user, I log in"}
    r = client.patch(f"/api/v1/userstories/{story['id']}", headers=h, json=edit | {"version": r.json()["version"]})
    assert r.status_code == 200, r.text
    assert post("userstory-due-dates", {"project": pid, "name": "Soon", "color": "#ff8800", "days_to_due": 3,
                                        "order": 2}).status_code == 201  # fmt: skip
    assert post("task-due-dates", {"project": pid, "name": "Late", "days_to_due": 0}).status_code == 201
    page = post("wiki", {"project": pid, "slug": "home", "content": "Welcome"}).json()
    r = client.patch(f"/api/v1/wiki/{page['id']}", json={"content": "Welcome home", "version": 1}, headers=h)
    assert r.status_code == 200, r.text
    assert post("wiki-links", {"project": pid, "title": "Home", "href": "home"}).status_code == 201
    r = client.post("/api/v1/userstories/attachments", data={"project": pid, "object_id": story["id"]},
                    files={"attached_file": ("notes.txt", b"hello dump")}, headers=h)  # fmt: skip
    assert r.status_code == 201, r.text
    assert (
        post("tasks", {"project": pid, "subject": "Form", "user_story": story["id"], "tags": ["ui"]}).status_code == 201
    )
    assert post("issues", {"project": pid, "subject": "Crash", "assigned_to": member.id}).status_code == 201
    epic = post("epics", {"project": pid, "subject": "Accounts", "color": "#aabbcc"}).json()
    r = post(f"epics/{epic['id']}/related_userstories", {"epic": epic["id"], "user_story": story["id"]})
    assert r.status_code == 201, r.text
    return project


def test_round_trip_is_lossless(client, app, world, team):
    project = _rich_project(client, world, team)
    owner = team.owner
    first = _export(client, app, world, owner, project.id)
    assert first["name"] == "Closed" and first["owner"] == owner.email
    assert [s["subject"] for s in first["user_stories"]] == ["Login"]
    story = first["user_stories"][0]
    assert story["tags"] == ["auth", "ui"] and story["milestone"] == "Sprint 1"
    assert story["custom_attributes_values"] == {"Size": "XL"}
    assert story["attachments"][0]["attached_file"] == {"data": base64.b64encode(b"hello dump").decode(),
                                                        "name": "notes.txt"}  # fmt: skip
    assert [h["comment"] for h in story["history"] if h["comment"]] == ["first comment"]
    assert [h["type"] for h in story["history"]][0] == 2  # the creation, then the changes
    status_change = next(h for h in story["history"] if "status" in h["diff"])
    assert status_change["diff"]["assigned_to"] == [None, team.member.email]
    assert set(status_change["values"]["status"].values()) == {"New", "Ready"}
    assert status_change["diff"]["description"] == ["as a user", "as a user, I log in"]
    assert [(d["name"], d["days_to_due"]) for d in first["us_duedates"]] == [("Soon", 3)]
    assert [d["name"] for d in first["task_duedates"]] == ["Late"] and first["issue_duedates"] == []
    assert first["wiki_links"] == [{"title": "Home", "href": "home", "order": first["wiki_links"][0]["order"]}]
    [page] = first["wiki_pages"]
    assert page["content"] == "Welcome home" and page["owner"] == owner.email
    assert [h["type"] for h in page["history"]] == [2, 1]
    assert page["history"][1]["diff"]["content"] == ["Welcome", "Welcome home"]
    assert first["epics"][0]["related_user_stories"][0]["user_story"] == story["ref"]
    assert first["tasks"][0]["user_story"] == story["ref"]
    assert {m["user"] for m in first["memberships"]} == {owner.email, team.member.email}

    r = _load(client, world, owner, json.dumps(first))
    assert r.status_code == 201, r.text
    copy = r.json()
    assert copy["name"] == "Closed" and copy["id"] != project.id and copy["slug"] != first["slug"]
    second = _export(client, app, world, owner, copy["id"])
    assert _normalized(second) == _normalized(first)
    story_id = client.get(f"/api/v1/userstories?project={copy['id']}", headers=world.auth(owner)).json()[0]["id"]
    entries = client.get(f"/api/v1/history/userstory/{story_id}", headers=world.auth(owner)).json()
    changed = next(e for e in entries if "status" in e["values_diff"])
    assert changed["values_diff"]["status"] == ["New", "Ready"] and changed["user"]["username"] == owner.username


def test_a_dump_in_taiga_backs_shape_loads(client, world):
    """A minimal dump written the way taiga-back writes one (its keys, names for values, emails for users)."""
    owner, known = world.user(), world.user()
    dump = {
        "name": "Imported", "slug": "imported-from-taiga", "description": "From taiga-back", "is_private": True,
        "is_backlog_activated": True, "is_kanban_activated": True, "anon_permissions": [],
        "public_permissions": [], "tags": [], "tags_colors": [["backend", "#ff0000"]],
        "roles": [{"name": "Product Owner", "slug": "product-owner", "order": 10, "computable": False,
                   "permissions": ["view_project", "view_us", "add_us", "modify_us"]},
                  {"name": "Back", "slug": "back", "order": 20, "computable": True,
                   "permissions": ["view_project", "view_us"]}],
        "memberships": [{"user": known.email, "email": known.email, "role": "Back", "is_admin": False,
                         "invited_by": None, "created_at": "2021-03-01T10:00:00.000Z", "user_order": 1,
                         "invitation_extra_text": None},
                        {"user": None, "email": "nobody@example.org", "role": "Back", "is_admin": False,
                         "invited_by": None, "created_at": "2021-03-01T10:00:00.000Z", "user_order": 2,
                         "invitation_extra_text": None}],
        "points": [{"name": "?", "order": 1, "value": None}, {"name": "3", "order": 2, "value": 3.0}],
        "us_statuses": [{"name": "New", "slug": "new", "order": 1, "is_closed": False, "is_archived": False,
                         "color": "#999999", "wip_limit": None},
                        {"name": "Done", "slug": "done", "order": 2, "is_closed": True, "is_archived": False,
                         "color": "#669900", "wip_limit": None}],
        "task_statuses": [{"name": "New", "slug": "new", "order": 1, "is_closed": False, "color": "#999999"}],
        "issue_statuses": [{"name": "New", "slug": "new", "order": 1, "is_closed": False, "color": "#999999"}],
        "epic_statuses": [{"name": "New", "slug": "new", "order": 1, "is_closed": False, "color": "#999999"}],
        "issue_types": [{"name": "Bug", "order": 1, "color": "#89BAB4"}],
        "priorities": [{"name": "Normal", "order": 3, "color": "#999999"}],
        "severities": [{"name": "Normal", "order": 3, "color": "#999999"}],
        "us_duedates": [], "task_duedates": [], "issue_duedates": [], "swimlanes": [],
        "default_points": "?", "default_us_status": "New", "default_task_status": "New",
        "default_issue_status": "New", "default_epic_status": "New", "default_issue_type": "Bug",
        "default_priority": "Normal", "default_severity": "Normal", "default_swimlane": None,
        "epiccustomattributes": [], "taskcustomattributes": [], "issuecustomattributes": [],
        "userstorycustomattributes": [{"name": "Risk", "description": "", "type": "text", "order": 1,
                                       "created_date": "2021-03-01T10:00:00.000Z",
                                       "modified_date": "2021-03-01T10:00:00.000Z"}],
        "milestones": [{"name": "Sprint A", "slug": "sprint-a", "owner": owner.email, "estimated_start": "2021-03-01",
                        "estimated_finish": "2021-03-14", "closed": False, "disponibility": 0.0, "order": 1,
                        "created_date": "2021-03-01T10:00:00.000Z", "modified_date": "2021-03-01T10:00:00.000Z",
                        "watchers": []}],
        "user_stories": [{"ref": 7, "subject": "Imported story", "status": "Done", "owner": known.email,
                          "assigned_to": None, "assigned_users": [known.email], "milestone": "Sprint A",
                          "role_points": [{"role": "Back", "points": "3"}], "tags": ["backend"],
                          "watchers": [known.email], "custom_attributes_values": {"Risk": "high"},
                          "history": [{"user": [known.email, "Known"], "comment": "old comment", "type": 1,
                                       "created_at": "2021-03-02T10:00:00.000Z", "diff": {}, "values": {},
                                       "snapshot": None, "is_hidden": False, "is_snapshot": False,
                                       "delete_comment_date": None, "delete_comment_user": [],
                                       "comment_versions": None, "edit_comment_date": None}],
                          "attachments": [], "created_date": "2021-03-01T10:00:00.000Z",
                          "modified_date": "2021-03-01T10:00:00.000Z", "finish_date": None, "is_closed": True,
                          "backlog_order": 1, "sprint_order": 1, "kanban_order": 1, "version": 3,
                          "description": "", "client_requirement": False, "team_requirement": False,
                          "external_reference": None, "tribe_gig": None, "blocked_note": "", "is_blocked": False,
                          "generated_from_issue": None, "generated_from_task": None, "from_task_ref": None,
                          "swimlane": None, "due_date": None, "due_date_reason": ""}],
        "tasks": [{"ref": 8, "subject": "Imported task", "status": "New", "user_story": 7, "owner": "gone@example.org",
                   "milestone": "Sprint A", "tags": [], "watchers": [], "attachments": [], "history": [],
                   "custom_attributes_values": {}}],
        "issues": [{"ref": 9, "subject": "Imported issue", "status": "New", "type": "Bug", "priority": "Normal",
                    "severity": "Normal", "owner": owner.email, "votes": [known.email], "tags": [], "watchers": [],
                    "attachments": [], "history": []}],
        "epics": [{"ref": 10, "subject": "Imported epic", "status": "New", "owner": owner.email, "color": "#ff8800",
                   "related_user_stories": [{"user_story": 7, "order": 1, "source_project_slug": None}],
                   "tags": [], "watchers": [], "attachments": [], "history": []}],
        "wiki_pages": [], "wiki_links": [], "timeline": [],
    }  # fmt: skip
    r = _load(client, world, owner, json.dumps(dump))
    assert r.status_code == 201, r.text
    project = r.json()
    assert project["name"] == "Imported" and project["slug"] == "imported-from-taiga"
    assert project["owner"]["id"] == owner.id
    h, pid = world.auth(owner), project["id"]
    stories = client.get(f"/api/v1/userstories?project={pid}", headers=h).json()
    assert [(s["ref"], s["subject"], s["status_extra_info"]["name"], s["is_closed"]) for s in stories] == [
        (7, "Imported story", "Done", True)]  # fmt: skip
    story = stories[0]
    assert story["tags"] == [["backend", "#ff0000"]] and story["milestone_name"] == "Sprint A"
    assert story["assigned_users"] == [known.id] and story["owner"] == known.id
    tasks = client.get(f"/api/v1/tasks?project={pid}", headers=h).json()
    assert tasks[0]["ref"] == 8 and tasks[0]["user_story"] == story["id"] and tasks[0]["owner"] == owner.id
    issue = client.get(f"/api/v1/issues?project={pid}", headers=h).json()[0]
    assert issue["ref"] == 9 and issue["total_voters"] == 1
    epic = client.get(f"/api/v1/epics?project={pid}", headers=h).json()[0]
    related = client.get(f"/api/v1/epics/{epic['id']}/related_userstories", headers=h).json()
    assert [r["user_story"] for r in related] == [story["id"]]
    comments = client.get(f"/api/v1/history/userstory/{story['id']}?type=comment", headers=h).json()
    assert [c["comment"] for c in comments] == ["old comment"]
    members = client.get(f"/api/v1/memberships?project={pid}", headers=h).json()
    assert {(m["email"], m["user"] is None) for m in members} >= {(known.email, False), ("nobody@example.org", True)}
    new_story = client.post("/api/v1/userstories", json={"project": pid, "subject": "after"}, headers=h).json()
    assert new_story["ref"] == 11  # refs go on after the dump's


def test_only_admins_export(client, world, team):
    r = client.get(f"/api/v1/exporter/{team.project.id}", headers=world.auth(team.member))
    assert r.status_code == 403
    assert client.get(f"/api/v1/exporter/{team.project.id}", headers=world.auth(team.outsider)).status_code == 404
    assert client.get(f"/api/v1/exporter/{team.project.id}").status_code == 404  # private: not seen
    assert client.get(f"/api/v1/exporter/{team.public.id}").status_code == 401
    assert client.get(f"/api/v1/exporter/{team.public.id}", headers=world.auth(team.outsider)).status_code == 403
    assert client.get("/api/v1/exporter/999999", headers=world.auth(team.owner)).status_code == 404


def test_load_dump_needs_a_user(client):
    r = client.post("/api/v1/importer/load_dump", files={"dump": ("d.json", b"{}", "application/json")})
    assert r.status_code == 401
    assert client.post("/api/v1/importer/load_dump", data={"x": "1"}).status_code == 401


def _projects(world) -> int:
    return world.run(lambda ctx: ctx.session.scalar(select(func.count(Project.id))))


@pytest.mark.parametrize(
    "body, error",
    [
        ("not json at all", "Invalid dump format"),
        ("[1, 2]", "Invalid dump format"),
        ('{"name": "Cut', "Invalid dump format"),
    ],
)
def test_a_file_that_is_no_dump_is_refused(client, world, body, error):
    user, before = world.user(), _projects(world)
    r = _load(client, world, user, body)
    assert r.status_code == 400
    assert r.json()["_error_message"] == error and r.json()["_error_type"].endswith("WrongArguments")
    assert _projects(world) == before


def test_odd_history_entries_load_as_far_as_they_make_sense(client, world):
    """History entries of types or shapes the loader does not know are skipped or kept as they are, never
    a 500: deletions (type 3) and non-objects are left out, an unknown user or value becomes null."""
    owner = world.user()
    story = {"ref": 1, "subject": "a", "history": [
        {"type": 3, "diff": {"subject": ["a", None]}}, "text", {"type": 1, "diff": [1]},
        {"type": 1, "user": ["nobody@example.com", "Nobody"], "diff": {"status": [1, 2], "assigned_to": [None, 9],
                                                                      "points": "many", "description": [1, 2],
                                                                      "assigned_users": [5, 6]}, "values": "none"},
        {"type": 1, "diff": {"status": [1, 2]}, "values": {"status": {"1": ["x"], "2": "New"}}},
    ]}  # fmt: skip
    dump = {"name": "Odd", "roles": [{"name": "Dev", "permissions": []}], "us_statuses": [{"name": "New"}],
            "user_stories": [story]}  # fmt: skip
    r = _load(client, world, owner, json.dumps(dump))
    assert r.status_code == 201, r.text
    [row] = client.get(f"/api/v1/userstories?project={r.json()['id']}", headers=world.auth(owner)).json()
    r = client.get(f"/api/v1/history/userstory/{row['id']}", headers=world.auth(owner))
    assert r.status_code == 200, r.text
    assert [e["values_diff"]["status"] for e in r.json() if "status" in e["values_diff"]] == [
        [None, "New"],
        [None, None],
    ]
    assert r.json()[1]["values_diff"]["description_diff"]


def test_load_dump_without_file(client, world):
    user = world.user()
    r = client.post("/api/v1/importer/load_dump", data={"x": "1"}, headers=world.auth(user))
    assert r.status_code == 400 and r.json()["_error_message"] == "Needed dump file"


@pytest.mark.parametrize(
    "change",
    [
        {"roles": []},
        {"name": ""},
        {"user_stories": [{"ref": 1, "subject": "a"}, {"ref": 1, "subject": "b"}]},
        {
            "user_stories": [
                {"ref": 1, "subject": "a", "attachments": [{"attached_file": {"data": "%%%", "name": "x"}}]}
            ]
        },
        {"milestones": [{"name": "S"}]},
        {"milestones": [{"name": "S", "estimated_start": "soon", "estimated_finish": "2026-01-02"}]},
        {"is_private": "yes"},
        {"memberships": "everyone"},
        {"roles": [{"name": "R", "permissions": 5}]},
        {"user_stories": [{"ref": 1, "subject": "a", "status": ["New"]}]},
        {"user_stories": [{"ref": 1, "subject": "a", "created_date": 5}]},
        {"user_stories": [5]},
        {"tasks": [{"ref": "1", "subject": "a"}]},
        {"wiki_pages": [{"slug": "home"}, {"slug": "Home"}]},
        {"wiki_pages": [{"slug": ""}]},
        {"wiki_pages": [7]},
        {"wiki_links": [{"title": "no href"}]},
        {"wiki_links": "home"},
        {"us_duedates": [{"order": 1}]},
        {"us_duedates": [{"name": "Soon", "order": "first"}]},
        {"us_duedates": [{"name": "Soon", "days_to_due": "3"}]},
        {"user_stories": [{"ref": 1, "subject": "a", "history": [{"created_at": "yesterday"}]}]},
        {
            "user_stories": [
                {"ref": 1, "subject": "a", "history": [{"diff": {"custom_attributes": [[], [{"name": []}]]}}]}
            ]
        },
    ],
)
def test_a_dump_that_cannot_load_writes_nothing(client, app, world, team, change):
    first = _export(client, app, world, team.owner, _rich_project(client, world, team).id)
    before = _projects(world)
    r = _load(client, world, team.owner, json.dumps(first | change))
    assert r.status_code == 400, r.text
    assert isinstance(r.json()["error"], str) and r.json()["details"]
    assert _projects(world) == before


@pytest.mark.real_db
def test_large_projects_go_to_the_background(client, app, app_with, world, team):
    project = _rich_project(client, world, team)
    small = app_with(dump_sync_max_items=2)
    from fastapi.testclient import TestClient

    with TestClient(small) as background:
        r = background.get(f"/api/v1/exporter/{project.id}", headers=world.auth(team.owner))
        assert r.status_code == 202 and set(r.json()) == {"export_id"}
        export_id = r.json()["export_id"]
        target = Path(small.state.env.settings.media_dir) / f"exports/{project.id}/{project.slug}-{export_id}.json"
        _wait_for(lambda: target.exists())
        dump = json.loads(target.read_text())
        assert [s["subject"] for s in dump["user_stories"]] == ["Login"]
        before = _projects(world)
        r = _load(background, world, team.owner, json.dumps(dump))
        assert r.status_code == 202 and set(r.json()) == {"import_id"}
        _wait_for(lambda: _projects(world) == before + 1)


def _wait_for(done) -> None:
    deadline = time.monotonic() + 30
    while not done():
        assert time.monotonic() < deadline, "the background job did not finish"
        time.sleep(0.05)
    while background.THREADS:
        time.sleep(0.05)


@pytest.mark.real_db
def test_parallel_imports_each_make_their_project(client, app, world, team):
    """Writers in parallel: two loads of one dump at once, each a whole project of its own."""
    first = _export(client, app, world, team.owner, _rich_project(client, world, team).id)
    body, before = json.dumps(first), _projects(world)
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda _: _load(client, world, team.owner, body), range(2)))
    assert [r.status_code for r in answers] == [201, 201], [r.text for r in answers]
    ids = {r.json()["id"] for r in answers}
    assert len(ids) == 2 and len({r.json()["slug"] for r in answers}) == 2
    assert _projects(world) == before + 2
    h = world.auth(team.owner)
    for project_id in ids:
        stories = client.get(f"/api/v1/userstories?project={project_id}", headers=h).json()
        assert [s["subject"] for s in stories] == ["Login"]
