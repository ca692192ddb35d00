"""Taiga webhook payloads as taiga-back's webhooks/serializers.py and tasks.py send them: every type
(`userstory`, `task`, `issue`, `epic`, `relateduserstory`, `wikipage`, `milestone`) created, changed and
deleted through the API reaches a real receiver, signed, with each serializer's fields, custom attribute
values as {name: value}, points as [{role, name, value}] and the change's diff as taiga-back renders it;
a batch renders with a fixed number of queries whatever its size."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from starlette.testclient import TestClient

from planyard.core.webhooks.engine import DeliveryEngine
from planyard.dialects.taiga import webhook_payloads
from planyard.models import ChangeEntry, PointValue, Role, Sprint, WorkItemLink
from tests.webhook_receiver import Receiver

API = "/api/v1"
KEY = "s3cret"
USER = {"id", "permalink", "username", "full_name", "photo", "gravatar_id"}
PROJECT = {"id", "permalink", "name", "logo_big_url"}
MILESTONE = {"id", "name", "slug", "estimated_start", "estimated_finish", "created_date", "modified_date", "closed",
             "disponibility", "permalink", "project", "owner"}  # fmt: skip
STORY = {"id", "ref", "project", "is_closed", "created_date", "modified_date", "finish_date", "due_date",
         "due_date_reason", "subject", "client_requirement", "team_requirement", "generated_from_issue",
         "generated_from_task", "from_task_ref", "external_reference", "tribe_gig", "watchers", "is_blocked",
         "blocked_note", "description", "tags", "permalink", "owner", "assigned_to", "assigned_users", "points",
         "status", "milestone", "custom_attributes_values"}  # fmt: skip
TASK = {"id", "ref", "created_date", "modified_date", "finished_date", "due_date", "due_date_reason", "subject",
        "us_order", "taskboard_order", "is_iocaine", "external_reference", "watchers", "is_blocked", "blocked_note",
        "description", "tags", "permalink", "project", "owner", "assigned_to", "status", "user_story", "milestone",
        "promoted_to", "custom_attributes_values"}  # fmt: skip
ISSUE = {"id", "ref", "created_date", "modified_date", "finished_date", "due_date", "due_date_reason", "subject",
         "external_reference", "watchers", "description", "tags", "permalink", "project", "milestone", "owner",
         "assigned_to", "status", "type", "priority", "severity", "promoted_to",
         "custom_attributes_values"}  # fmt: skip
EPIC = {"id", "ref", "created_date", "modified_date", "subject", "watchers", "description", "tags", "permalink",
        "project", "owner", "assigned_to", "status", "epics_order", "color", "client_requirement",
        "team_requirement", "custom_attributes_values"}  # fmt: skip
WIKI = {"id", "slug", "content", "created_date", "modified_date", "permalink", "project", "owner", "last_modifier"}
RELATED = {"id", "user_story", "epic", "order"}
CHANGE = {"comment", "comment_html", "delete_comment_date", "comment_versions", "edit_comment_date", "diff"}
FIELDS = {"userstory": STORY, "task": TASK, "issue": ISSUE, "epic": EPIC, "wikipage": WIKI, "milestone": MILESTONE,
          "relateduserstory": RELATED}  # fmt: skip


def deliver(app: Any) -> int:
    return DeliveryEngine(app.state.session_factory, app.state.env).run_until_idle()


class Api:
    def __init__(self, client: TestClient, headers: dict[str, str]) -> None:
        self.client, self.headers = client, headers

    def __call__(self, method: str, path: str, status: int, **body: Any) -> Any:
        r = self.client.request(method, f"{API}/{path}", json=body or None, headers=self.headers)
        assert r.status_code == status, r.text
        return r.json() if r.content else None


def project_values(world: Any, project: Any) -> tuple[list[tuple[int, str]], dict[str, int]]:
    def load(ctx: Any) -> Any:
        roles = ctx.session.execute(select(Role.id, Role.name).where(Role.project_id == project.id,
                                    Role.computable.is_(True)).order_by(Role.order, Role.slug)).all()  # fmt: skip
        points = {p.name: p.id for p in ctx.session.scalars(select(PointValue).where(
            PointValue.project_id == project.id))}  # fmt: skip
        return [tuple(r) for r in roles], points

    return world.run(load)


def _events(hook_receiver: Receiver) -> list[dict[str, Any]]:
    got = hook_receiver.on("/taiga")
    assert got and all(r.signed_with(KEY) for r in got)
    assert all(r.headers["x-hub-signature"] == "sha1=" + r.headers["x-taiga-webhook-signature"] for r in got)
    return [r.json for r in got]


def _one(events: list[dict[str, Any]], action: str, kind: str) -> dict[str, Any]:
    (found,) = [e for e in events if (e["action"], e["type"]) == (action, kind)]
    return found


def _check_shapes(event: dict[str, Any]) -> None:
    expected = {"action", "type", "by", "date", "data"} | ({"change"} if event["action"] == "change" else set())
    assert set(event) == expected, event["type"]
    assert set(event["by"]) == USER
    data = event["data"]
    assert set(data) == FIELDS[event["type"]], (event["type"], set(data) ^ FIELDS[event["type"]])
    if event["action"] == "change":
        assert set(event["change"]) == CHANGE
    if "project" in data:
        assert set(data["project"]) == PROJECT
    if data.get("milestone"):
        assert set(data["milestone"]) == MILESTONE
    for nested, fields in (("user_story", STORY), ("epic", EPIC)):
        if isinstance(data.get(nested), dict):
            assert set(data[nested]) == fields


def test_items_with_custom_values_points_and_diffs(local, team, hook_receiver):
    client, app = local
    world, project, owner, member, _ = team
    api = Api(client, world.auth(owner))
    roles, points = project_values(world, project)
    api("POST", "webhooks", 201, project=project.id, name="All", url=f"{hook_receiver.url}/taiga", key=KEY)
    size = api("POST", "userstory-custom-attributes", 201, project=project.id, name="Size")["id"]
    api("POST", "userstory-custom-attributes", 201, project=project.id, name="Unset")
    risk = api("POST", "issue-custom-attributes", 201, project=project.id, name="Risk", type="number")["id"]
    api("POST", "task-custom-attributes", 201, project=project.id, name="Effort")
    theme = api("POST", "epic-custom-attributes", 201, project=project.id, name="Theme")["id"]
    sprint = api("POST", "milestones", 201, project=project.id, name="Sprint 1", estimated_start="2026-01-05",
                 estimated_finish="2026-01-16")  # fmt: skip
    story = api("POST", "userstories", 201, project=project.id, subject="Login", milestone=sprint["id"],
                points={str(roles[0][0]): points["3"]}, tags=["auth"], assigned_users=[member.id])  # fmt: skip
    deliver(app)  # rendered when handed out: the story as it is now
    api("PATCH", f"userstories/custom-attributes-values/{story['id']}", 200,
        attributes_values={str(size): "L"}, version=1)  # fmt: skip
    api("PATCH", f"userstories/{story['id']}", 200, version=story["version"], description="Now **bold**",
        points={str(roles[0][0]): points["5"]}, comment="sized")  # fmt: skip
    task = api("POST", "tasks", 201, project=project.id, subject="Form", user_story=story["id"])
    issue = api("POST", "issues", 201, project=project.id, subject="Crash")
    api("PATCH", f"issues/custom-attributes-values/{issue['id']}", 200, attributes_values={str(risk): 3}, version=1)
    epic = api("POST", "epics", 201, project=project.id, subject="Auth", color="#aabbcc")
    api("PATCH", f"epics/custom-attributes-values/{epic['id']}", 200, attributes_values={str(theme): "sec"}, version=1)
    deliver(app)
    api("DELETE", f"tasks/{task['id']}", 204)
    api("DELETE", f"issues/{issue['id']}", 204)
    api("DELETE", f"epics/{epic['id']}", 204)
    deliver(app)
    events = _events(hook_receiver)
    assert [(e["action"], e["type"]) for e in events] == [
        ("create", "milestone"), ("create", "userstory"), ("change", "userstory"), ("change", "userstory"),
        ("create", "task"), ("create", "issue"), ("change", "issue"), ("create", "epic"), ("change", "epic"),
        ("delete", "task"), ("delete", "issue"), ("delete", "epic"),
    ]  # fmt: skip
    for event in events:
        _check_shapes(event)
    role_names = [name for _, name in roles]
    created, valued, changed = [e for e in events if e["type"] == "userstory"]
    data = changed["data"]
    assert data["custom_attributes_values"] == {"Size": "L"}  # only the fields holding a value, by name
    assert data["points"] == [{"role": role_names[0], "name": "5", "value": 5.0}] + [
        {"role": name, "name": "?", "value": None} for name in role_names[1:]
    ]
    assert data["milestone"]["id"] == sprint["id"] and data["milestone"]["estimated_start"] == "2026-01-05"
    assert data["milestone"]["permalink"].endswith(f"/project/{project.slug}/taskboard/{sprint['slug']}")
    assert data["project"]["permalink"] == f"http://127.0.0.1:8000/project/{project.slug}"
    assert data["tags"] == ["auth"] and data["assigned_users"] == [member.id] and data["status"]["is_archived"] is False
    assert data["generated_from_issue"] is None and data["tribe_gig"] is None
    assert valued["change"]["diff"] == {"custom_attributes": {"new": [
        {"id": size, "name": "Size", "value": "L", "type": "text",
         "value_diff": '<ins style="background:#e6ffe6;">L</ins>'}], "changed": [], "deleted": []}}  # fmt: skip
    diff = changed["change"]["diff"]
    assert diff["points"] == {role_names[0]: {"from": "3", "to": "5"}}
    assert diff["description_diff"][0] is None and "<ins" in diff["description_diff"][1]
    assert diff["description_html"] == {"from": "", "to": "<p>Now <strong>bold</strong></p>\n"}
    assert changed["change"]["comment"] == "sized" and changed["change"]["comment_html"] == "<p>sized</p>\n"
    assert created["data"]["custom_attributes_values"] == {}
    task_data = _one(events, "create", "task")["data"]
    assert task_data["user_story"]["id"] == story["id"] and task_data["user_story"]["points"][0]["name"] == "5"
    assert task_data["user_story"]["custom_attributes_values"] == {"Size": "L"}
    assert task_data["custom_attributes_values"] == {} and task_data["promoted_to"] == []
    issue_change = _one(events, "change", "issue")
    assert issue_change["data"]["custom_attributes_values"] == {"Risk": 3}
    assert issue_change["change"]["diff"]["custom_attributes"]["new"][0]["value_diff"] == [None, 3]
    assert set(issue_change["data"]["type"]) == {"id", "name", "color"}
    epic_change = _one(events, "change", "epic")
    assert epic_change["data"]["custom_attributes_values"] == {"Theme": "sec"}
    assert epic_change["data"]["color"] == "#aabbcc"
    # Deleted: the object as it was, its custom values null (taiga-back reads them after the deletion).
    gone_task = _one(events, "delete", "task")["data"]
    assert (gone_task["id"], gone_task["subject"], gone_task["ref"]) == (task["id"], "Form", task["ref"])
    assert gone_task["custom_attributes_values"] is None and gone_task["user_story"]["id"] == story["id"]
    assert gone_task["owner"]["id"] == owner.id and gone_task["status"]["name"] == task["status_extra_info"]["name"]
    gone_issue = _one(events, "delete", "issue")["data"]
    assert gone_issue["subject"] == "Crash" and gone_issue["custom_attributes_values"] is None
    assert gone_issue["created_date"] == _one(events, "create", "issue")["data"]["created_date"]
    assert _one(events, "delete", "epic")["data"]["color"] == "#aabbcc"


def test_milestones_wiki_pages_and_epic_links(local, team, hook_receiver):
    client, app = local
    world, project, owner, *_ = team
    api = Api(client, world.auth(owner))
    api("POST", "webhooks", 201, project=project.id, name="All", url=f"{hook_receiver.url}/taiga", key=KEY)
    sprint = api("POST", "milestones", 201, project=project.id, name="S1", estimated_start="2026-02-02",
                 estimated_finish="2026-02-13")  # fmt: skip
    api("PATCH", f"milestones/{sprint['id']}", 200, name="S1b")
    api("POST", f"milestones/{sprint['id']}/watch", 200)  # Taiga keeps no milestone watchers in its history
    page = api("POST", "wiki", 201, project=project.id, slug="home", content="Hello")
    api("PATCH", f"wiki/{page['id']}", 200, content="Hello **all**", version=page["version"])
    epic = api("POST", "epics", 201, project=project.id, subject="E")
    story = api("POST", "userstories", 201, project=project.id, subject="S")
    link = api("POST", f"epics/{epic['id']}/related_userstories", 201, epic=epic["id"], user_story=story["id"])
    link["id"] = world.run(lambda ctx: ctx.session.scalar(select(WorkItemLink.id).where(
        WorkItemLink.from_id == epic["id"], WorkItemLink.to_id == story["id"])))  # fmt: skip
    api("PATCH", f"epics/{epic['id']}/related_userstories/{story['id']}", 200, order=link["order"] + 10)
    deliver(app)
    api("DELETE", f"epics/{epic['id']}/related_userstories/{story['id']}", 204)
    api("DELETE", f"wiki/{page['id']}", 204)
    api("DELETE", f"milestones/{sprint['id']}", 204)
    deliver(app)
    events = [e for e in _events(hook_receiver) if e["type"] in ("milestone", "wikipage", "relateduserstory")]
    assert [(e["action"], e["type"]) for e in events] == [
        ("create", "milestone"), ("change", "milestone"), ("create", "wikipage"), ("change", "wikipage"),
        ("create", "relateduserstory"), ("change", "relateduserstory"), ("delete", "relateduserstory"),
        ("delete", "wikipage"), ("delete", "milestone"),
    ]  # fmt: skip
    for event in events:
        _check_shapes(event)
    renamed = _one(events, "change", "milestone")
    assert renamed["change"]["diff"] == {"name": {"from": "S1", "to": "S1b"}}
    assert renamed["data"]["name"] == "S1b" and renamed["data"]["owner"]["id"] == owner.id
    assert (renamed["data"]["estimated_finish"], renamed["data"]["closed"]) == ("2026-02-13", False)
    gone_sprint = _one(events, "delete", "milestone")["data"]
    assert (gone_sprint["id"], gone_sprint["name"], gone_sprint["slug"]) == (sprint["id"], "S1b", sprint["slug"])
    edited = _one(events, "change", "wikipage")
    assert edited["data"]["content"] == "Hello **all**" and edited["data"]["last_modifier"]["id"] == owner.id
    assert edited["data"]["permalink"] == f"http://127.0.0.1:8000/project/{project.slug}/wiki/home"
    assert edited["change"]["diff"]["content_diff"]["from"] is None
    assert "<ins" in edited["change"]["diff"]["content_diff"]["to"]
    html = {"from": "<p>Hello</p>\n", "to": "<p>Hello <strong>all</strong></p>\n"}
    assert edited["change"]["diff"]["content_html"] == html
    gone_page = _one(events, "delete", "wikipage")["data"]
    assert (gone_page["id"], gone_page["slug"], gone_page["content"]) == (page["id"], "home", "Hello **all**")
    related = _one(events, "create", "relateduserstory")["data"]
    assert (related["id"], related["order"]) == (link["id"], link["order"] + 10)  # the link as it is when handed out
    assert related["user_story"]["id"] == story["id"] and related["epic"]["id"] == epic["id"]
    moved = _one(events, "change", "relateduserstory")
    assert moved["change"]["diff"] == {"order": {"from": link["order"], "to": link["order"] + 10}}
    unlinked = _one(events, "delete", "relateduserstory")["data"]
    assert (unlinked["id"], unlinked["order"], unlinked["user_story"]["id"]) == (link["id"], link["order"] + 10,
                                                                                story["id"])  # fmt: skip


def test_a_batch_renders_with_the_same_queries_whatever_its_size(client, team, query_counter):
    world, project, owner, *_ = team
    api = Api(client, world.auth(owner))
    roles, points = project_values(world, project)
    size = api("POST", "userstory-custom-attributes", 201, project=project.id, name="Size")["id"]
    sprint = world.run(lambda ctx: _sprint(ctx, project.id))

    def write(first: int, n: int) -> None:
        for i in range(first, first + n):
            story = api("POST", "userstories", 201, project=project.id, subject=f"S{i}", milestone=sprint,
                        points={str(roles[0][0]): points["2"]})  # fmt: skip
            api("PATCH", f"userstories/custom-attributes-values/{story['id']}", 200,
                attributes_values={str(size): str(i)}, version=1)  # fmt: skip
            task = api("POST", "tasks", 201, project=project.id, subject=f"T{i}", user_story=story["id"])
            api("POST", "tasks", 201, project=project.id, subject=f"U{i}", user_story=story["id"])
            api("DELETE", f"tasks/{task['id']}", 204)
            api("POST", "wiki", 201, project=project.id, slug=f"p{i}", content="x")

    def count(since: int) -> tuple[int, int]:
        def render(ctx: Any) -> tuple[int, int]:
            entries = list(ctx.session.scalars(select(ChangeEntry).where(ChangeEntry.id > since)
                                               .options(selectinload(ChangeEntry.comment))))  # fmt: skip
            query_counter.clear()
            rendered = webhook_payloads.render(ctx, entries)
            return len(rendered), len(query_counter)

        return world.run(render)

    write(0, 2)
    small = count(0)
    last = world.run(lambda ctx: ctx.session.scalar(select(ChangeEntry.id).order_by(ChangeEntry.id.desc()).limit(1)))
    write(2, 8)
    large = count(last)
    assert (small[0], large[0]) == (12, 48)
    assert large[1] == small[1] <= 30, (small, large)


def _sprint(ctx: Any, project_id: int) -> int:
    from datetime import date

    sprint = Sprint(project_id=project_id, name="S", slug="s", estimated_start=date(2026, 1, 1),
                    estimated_finish=date(2026, 1, 14))  # fmt: skip
    ctx.session.add(sprint)
    ctx.session.flush()
    return sprint.id


def test_attachment_changes_send_the_histories_attachment_diff(local, team, hook_receiver):
    """The `attachments` of a change's diff as taiga-back sends it: {new, changed, deleted} as they are,
    the same as the item's history shows."""
    client, app = local
    world, project, owner, *_ = team
    api = Api(client, world.auth(owner))
    api("POST", "webhooks", 201, project=project.id, name="All", url=f"{hook_receiver.url}/taiga", key=KEY)
    issue = api("POST", "issues", 201, project=project.id, subject="With a file")
    form = {"project": str(project.id), "object_id": str(issue["id"])}
    r = client.post(f"{API}/issues/attachments", data=form, files={"attached_file": ("plan.txt", b"data")},
                    headers=world.auth(owner))  # fmt: skip
    assert r.status_code == 201, r.text
    attachment = r.json()
    api("PATCH", f"issues/attachments/{attachment['id']}", 200, description="v2")
    api("DELETE", f"issues/attachments/{attachment['id']}", 204)
    deliver(app)
    changes = [e for e in _events(hook_receiver) if e["action"] == "change"]
    history = api("GET", f"history/issue/{issue['id']}", 200)
    assert [e["change"]["diff"] for e in changes] == [{"attachments": h["values_diff"]["attachments"]}
                                                     for h in reversed(history[:3])]  # fmt: skip
    added, edited, removed = (e["change"]["diff"]["attachments"] for e in changes)
    assert [a["filename"] for a in added["new"]] == ["plan.txt"] and added["changed"] == added["deleted"] == []
    assert edited["changed"][0]["changes"] == {"description": ["", "v2"]}
    assert [a["id"] for a in removed["deleted"]] == [attachment["id"]]


@pytest.mark.real_db
def test_parallel_writers_each_event_delivered_once_with_its_data(app_with, world, hook_receiver):
    """Writers in threads relate stories to one epic, give them custom values and add wiki pages while the
    delivery engine runs in threads of its own: every event reaches the receiver once, signed, with its data."""
    app = app_with(webhooks_allow_private=True, webhook_backoff_seconds=0, webhook_poll_seconds=0.05)
    owner = world.user("owner")
    project = world.project(owner)
    headers = world.auth(owner)
    with TestClient(app) as client:
        api = Api(client, headers)
        api("POST", "webhooks", 201, project=project.id, name="All", url=f"{hook_receiver.url}/taiga", key=KEY)
        size = api("POST", "userstory-custom-attributes", 201, project=project.id, name="Size")["id"]
        epic = api("POST", "epics", 201, project=project.id, subject="E")
        stories = [api("POST", "userstories", 201, project=project.id, subject=f"S{n}")["id"] for n in range(6)]

    def write(n: int) -> list[int]:
        with TestClient(app, raise_server_exceptions=False) as own:
            story = stories[n]
            return [
                own.post(f"{API}/epics/{epic['id']}/related_userstories",
                         json={"epic": epic["id"], "user_story": story}, headers=headers).status_code,
                own.patch(f"{API}/userstories/custom-attributes-values/{story}",
                          json={"attributes_values": {str(size): f"v{n}"}, "version": 1}, headers=headers).status_code,
                own.post(f"{API}/wiki", json={"project": project.id, "slug": f"page-{n}", "content": str(n)},
                         headers=headers).status_code,
            ]  # fmt: skip

    delivery = DeliveryEngine(app.state.session_factory, app.state.env)
    delivery.start(2)
    try:
        with ThreadPoolExecutor(max_workers=6) as pool:
            codes = list(pool.map(write, range(6)))
        assert codes == [[201, 200, 201]] * 6
        expected = 1 + 6 + 3 * 6  # the epic and the stories created, then three events per writer
        deadline = time.monotonic() + 60
        while len(hook_receiver.on("/taiga")) < expected:
            assert time.monotonic() < deadline, len(hook_receiver.on("/taiga"))
            time.sleep(0.05)
    finally:
        delivery.stop()
    events = _events(hook_receiver)
    assert len(events) == expected
    links = [e["data"] for e in events if e["type"] == "relateduserstory"]
    assert sorted(d["user_story"]["id"] for d in links) == sorted(stories)
    assert all(d["epic"]["id"] == epic["id"] for d in links)
    valued = {e["data"]["id"]: e["data"]["custom_attributes_values"] for e in events
              if (e["action"], e["type"]) == ("change", "userstory")}  # fmt: skip
    assert valued == {story: {"Size": f"v{n}"} for n, story in enumerate(stories)}
    pages = sorted(e["data"]["slug"] for e in events if e["type"] == "wikipage")
    assert pages == [f"page-{n}" for n in range(6)]
