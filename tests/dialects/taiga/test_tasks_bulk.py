"""Taiga §18.7 bulk creation, the bulk order and sprint endpoints, the taskboard's `set-orders` move,
promote to user story and filters_data (001 doc)."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from planyard.core.tags import store as tag_store
from planyard.core.work_items.kinds import STORY, TASK
from planyard.models import Attachment, Comment, Role, Vote, Watch, WorkItem
from tests.dialects.taiga.test_tasks import make_sprint
from tests.dialects.taiga.test_userstories_bulk import statements_of_bulk_creates


def task_count(world, project):
    return world.run(lambda ctx: ctx.session.scalar(select(func.count()).select_from(WorkItem).where(
        WorkItem.project_id == project.id, WorkItem.kind == "task")))  # fmt: skip


def test_bulk_create_in_a_story(client, team):
    world, project, owner, member, _ = team
    sprint = make_sprint(world, owner, project)
    story = world.item(owner, STORY, project, sprint_id=sprint.id)
    body = {"project_id": project.id, "us_id": story.id, "milestone_id": sprint.id, "bulk_tasks": "One\n\n Two \nThree"}
    r = client.post("/api/v1/tasks/bulk_create", json=body, headers=world.auth(member))
    assert r.status_code == 200, r.text
    created = r.json()
    assert [t["subject"] for t in created] == ["One", "Two", "Three"]
    assert {(t["user_story"], t["milestone"], t["owner"]) for t in created} == {(story.id, sprint.id, member.id)}
    assert len({t["ref"] for t in created}) == 3 and "description_html" in created[0]
    default = client.get(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).json()["default_task_status"]
    assert {t["status"] for t in created} == {default}


def test_bulk_create_runs_as_many_statements_for_200_lines_as_for_10(client, team, query_counter):
    world, project, owner, *_ = team
    sprint = make_sprint(world, owner, project)

    def body_of(lines):  # in a story of its own
        story = world.item(owner, STORY, project, sprint_id=sprint.id)
        return {"project_id": project.id, "us_id": story.id, "bulk_tasks": "\n".join(map(str, range(lines)))}

    ten, two_hundred = statements_of_bulk_creates(client, query_counter, "/api/v1/tasks/bulk_create", body_of,
                                                  world.auth(owner))  # fmt: skip
    assert ten == two_hundred and task_count(world, project) == 210


def test_bulk_create_is_all_or_nothing(client, team):
    world, project, owner, member, outsider = team
    other = world.project(owner)
    foreign_story = world.item(owner, STORY, other)
    sprint = make_sprint(world, owner, project)
    story = world.item(owner, STORY, project)
    h = world.auth(owner)
    base = {"project_id": project.id, "bulk_tasks": "a\nb"}
    cases = [({"us_id": foreign_story.id}, "us_id"), ({"status_id": 999999}, "status_id"),
             ({"milestone_id": 999999}, "milestone_id"), ({"bulk_tasks": " \n "}, "bulk_tasks"),
             ({"us_id": story.id, "milestone_id": sprint.id}, "us_id"), ({"project_id": 999999}, "project_id"),
             ({"bulk_tasks": None}, "bulk_tasks")]  # fmt: skip
    for extra, field in cases:
        r = client.post("/api/v1/tasks/bulk_create", json=base | extra, headers=h)
        assert r.status_code == 400 and field in r.json(), (extra, r.text)
    r = client.post("/api/v1/tasks/bulk_create", json=base, headers=world.auth(outsider))
    assert r.status_code == 400 and "project_id" in r.json()
    assert task_count(world, project) == 0


def test_bulk_update_taskboard_order_shifts_the_others(client, team):
    world, project, owner, member, _ = team
    statuses = client.get(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).json()["task_statuses"]
    status = statuses[0]["id"]
    tasks = [world.item(owner, TASK, project, subject=f"T{i}", status_id=status, board_order=i) for i in range(4)]
    h = world.auth(member)
    body = {"project_id": project.id, "status_id": status, "bulk_tasks": [{"task_id": tasks[3].id, "order": 1}]}
    r = client.post("/api/v1/tasks/bulk_update_taskboard_order", json=body, headers=h)
    assert r.status_code == 200, r.text
    assert r.json() == {str(tasks[3].id): 1, str(tasks[1].id): 2, str(tasks[2].id): 3}
    listed = client.get("/api/v1/tasks", params={"project": project.id, "order_by": "taskboard_order"}, headers=h)
    assert [t["subject"] for t in listed.json()] == ["T0", "T3", "T1", "T2"]
    assert [t["taskboard_order"] for t in listed.json()] == [0, 1, 2, 3]


def test_bulk_update_us_order(client, team):
    world, project, owner, *_ = team
    story = world.item(owner, STORY, project)
    tasks = [world.item(owner, TASK, project, subject=f"T{i}", parent_id=story.id, parent_order=i) for i in range(3)]
    h = world.auth(owner)
    body = {"project_id": project.id, "us_id": story.id,
            "bulk_tasks": [{"task_id": tasks[0].id, "order": 2}, {"task_id": tasks[2].id, "order": 0}]}  # fmt: skip
    r = client.post("/api/v1/tasks/bulk_update_us_order", json=body, headers=h)
    assert r.status_code == 200, r.text
    listed = client.get("/api/v1/tasks", params={"user_story": story.id, "order_by": "us_order"}, headers=h).json()
    assert [t["subject"] for t in listed] == ["T2", "T0", "T1"]  # T1 moved along behind T0


def test_bulk_orders_reject_bad_input_without_writing(client, team):
    world, project, owner, member, outsider = team
    story = world.item(owner, STORY, project)
    inside = world.item(owner, TASK, project, parent_id=story.id, parent_order=5)
    outside = world.item(owner, TASK, project, parent_order=6)
    foreign = world.item(owner, TASK, world.project(owner))
    h = world.auth(owner)
    url = "/api/v1/tasks/bulk_update_us_order"
    cases = [
        ({"bulk_tasks": [{"task_id": inside.id, "order": -1}]}, "bulk_tasks"),
        ({"bulk_tasks": [{"task_id": inside.id, "order": "x"}]}, "bulk_tasks"),
        ({"bulk_tasks": [{"task_id": inside.id, "order": 1}, {"task_id": outside.id, "order": 2}]}, "bulk_tasks"),
        ({"bulk_tasks": [{"task_id": foreign.id, "order": 1}]}, "bulk_tasks"),
        ({"status_id": 999999, "bulk_tasks": []}, "status_id"),
        ({"milestone_id": 999999, "bulk_tasks": []}, "milestone_id"),
        ({"project_id": 999999, "bulk_tasks": []}, "project_id"),
    ]
    for extra, field in cases:
        r = client.post(url, json={"project_id": project.id, "us_id": story.id} | extra, headers=h)
        assert r.status_code == 400 and field in r.json(), (extra, r.text)
    body = {"project_id": project.id, "us_id": story.id, "bulk_tasks": [{"task_id": inside.id, "order": 1}]}
    for headers in ({}, world.auth(outsider)):  # the private project can't be seen
        r = client.post(url, json=body, headers=headers)
        assert r.status_code == 400 and "project_id" in r.json()
    orders = client.get("/api/v1/tasks", params={"project": project.id}, headers=h).json()
    assert sorted(t["us_order"] for t in orders) == [5, 6]


def test_bulk_update_milestone(client, team):
    world, project, owner, *_ = team
    sprint = make_sprint(world, owner, project)
    present = world.item(owner, TASK, project, sprint_id=sprint.id, board_order=1)
    joining = world.item(owner, TASK, project)
    h = world.auth(owner)
    body = {"project_id": project.id, "milestone_id": sprint.id, "bulk_tasks": [{"task_id": joining.id, "order": 1}]}
    r = client.post("/api/v1/tasks/bulk_update_milestone", json=body, headers=h)
    assert r.status_code == 200 and r.json() == {str(joining.id): sprint.id}
    listed = client.get("/api/v1/tasks", params={"milestone": sprint.id, "order_by": "taskboard_order"}, headers=h)
    assert [(t["id"], t["taskboard_order"]) for t in listed.json()] == [(joining.id, 1), (present.id, 2)]
    assert client.get(f"/api/v1/tasks/{joining.id}", headers=h).json()["version"] == 2
    bad = client.post("/api/v1/tasks/bulk_update_milestone", json=body | {"milestone_id": 999999}, headers=h)
    assert bad.status_code == 400 and "milestone_id" in bad.json()


def test_taskboard_move_with_set_orders_header(client, team):
    world, project, owner, *_ = team
    statuses = client.get(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).json()["task_statuses"]
    first, second = statuses[0]["id"], statuses[1]["id"]
    a = world.item(owner, TASK, project, status_id=second, board_order=1)
    b = world.item(owner, TASK, project, status_id=second, board_order=2)
    moving = world.item(owner, TASK, project, status_id=first, board_order=1)
    h = world.auth(owner) | {"set-orders": json.dumps({str(b.id): 3})}
    r = client.patch(f"/api/v1/tasks/{moving.id}", json={"status": second, "taskboard_order": 2, "version": 1},
                     headers=h)  # fmt: skip
    assert r.status_code == 200, r.text
    assert json.loads(r.headers["taiga-info-order-updated"]) == {str(moving.id): 2, str(b.id): 3}
    orders = {t["id"]: t["taskboard_order"] for t in client.get(
        "/api/v1/tasks", params={"status": second}, headers=world.auth(owner)).json()}  # fmt: skip
    assert orders == {a.id: 1, moving.id: 2, b.id: 3}
    bad = client.patch(f"/api/v1/tasks/{moving.id}", json={"subject": "x"}, headers=world.auth(owner) | {
        "set-orders": "not json"})  # fmt: skip
    assert bad.status_code == 400 and "set-orders" in bad.json()


def test_promote_task_to_user_story(client, team, settings):
    world, project, owner, member, outsider = team
    sprint = make_sprint(world, owner, project)
    task = world.item(
        member,
        TASK,
        project,
        subject="Big task",
        description="desc",
        tags=["x"],
        sprint_id=sprint.id,
        assigned_to_id=member.id,
        is_blocked=True,
        blocked_note="why",
    )
    h = world.auth(owner)
    client.post(f"/api/v1/tasks/{task.id}/upvote", headers=h)
    client.post(f"/api/v1/tasks/{task.id}/watch", headers=world.auth(member))
    client.patch(f"/api/v1/tasks/{task.id}", json={"comment": "note this", "version": 1}, headers=h)
    form = {"project": str(project.id), "object_id": str(task.id)}
    client.post("/api/v1/tasks/attachments", data=form, files={"attached_file": ("f.txt", b"data")}, headers=h)
    url = f"/api/v1/tasks/{task.id}/promote_to_user_story"
    assert client.post(url, json={"project_id": project.id}, headers=world.auth(outsider)).status_code == 404
    assert client.post(url, json={}, headers=h).status_code == 400
    r = client.post(url, json={"project_id": project.id}, headers=h)
    assert r.status_code == 200, r.text
    [ref] = r.json()
    assert client.get(f"/api/v1/tasks/{task.id}", headers=h).status_code == 404

    def story_facts(ctx):
        story = ctx.session.scalar(select(WorkItem).where(WorkItem.project_id == project.id, WorkItem.ref == ref))
        of = {"target_id": story.id}
        tags = tag_store.item_tag_names(ctx.session, story.id)
        return (story.kind, story.subject, story.description, tags, story.sprint_id, story.owner_id,
                story.is_blocked, story.blocked_note, story.extra.get("from_task_ref"),
                ctx.session.scalar(select(func.count()).select_from(Vote).filter_by(target_type="story", **of)),
                sorted(ctx.session.scalars(select(Watch.user_id).filter_by(target_type="story", **of))),
                list(ctx.session.scalars(select(Comment.text).filter_by(target_type="story", **of)
                                         .where(Comment.text != ""))),
                list(ctx.session.scalars(select(Attachment.name).filter_by(target_type="story", **of))),
                ctx.session.scalar(select(func.count(Attachment.id)).filter_by(target_type="task")))  # fmt: skip

    watchers = sorted([member.id, owner.id])  # the owner watches the task since commenting on it
    assert world.run(story_facts) == ("story", "Big task", "desc", ["x"], sprint.id, member.id, True, "why",
                                      f"Task #{task.ref}", 1, watchers, ["note this"], ["f.txt"], 0)  # fmt: skip


def test_filters_data_counts(client, team):
    world, project, owner, member, _ = team
    statuses = client.get(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).json()["task_statuses"]
    s1, s2 = statuses[0]["id"], statuses[1]["id"]
    world.item(owner, TASK, project, status_id=s1, assigned_to_id=member.id, tags=["ui", "api"])
    world.item(owner, TASK, project, status_id=s1, tags=["ui"])
    world.item(member, TASK, project, status_id=s2)
    h = world.auth(member)
    r = client.get("/api/v1/tasks/filters_data", params={"project": project.id}, headers=h)
    assert r.status_code == 200, r.text
    data = r.json()
    assert list(data) == ["statuses", "assigned_to", "owners", "tags", "roles"]
    counts = {s["id"]: s["count"] for s in data["statuses"]}
    assert counts[s1] == 2 and counts[s2] == 1 and len(data["statuses"]) == len(statuses)
    assert set(data["statuses"][0]) == {"id", "name", "color", "order", "count"}
    assert {p["id"]: p["count"] for p in data["assigned_to"]} == {owner.id: 0, member.id: 1, None: 2}
    assert {p["id"]: p["count"] for p in data["owners"]} == {owner.id: 2, member.id: 1}
    assert {t["name"]: t["count"] for t in data["tags"]} == {"ui": 2, "api": 1}
    back = world.run(lambda ctx: ctx.session.scalar(select(Role.id).where(Role.project_id == project.id,
                                                                          Role.slug == "back")))  # fmt: skip
    assert {r["id"]: r["count"] for r in data["roles"]}[back] == 1
    narrowed = client.get("/api/v1/tasks/filters_data", params={"project": project.id, "status": s1, "tags": "api"},
                          headers=h).json()  # fmt: skip
    assert {s["id"]: s["count"] for s in narrowed["statuses"]}[s2] == 0  # status facet ignores its own filter
    assert {s["id"]: s["count"] for s in narrowed["statuses"]}[s1] == 1
    assert {t["name"]: t["count"] for t in narrowed["tags"]} == {"ui": 2, "api": 1}  # tags facet ignores tags
    assert client.get("/api/v1/tasks/filters_data", params={"project": project.id}).status_code == 404
    assert client.get("/api/v1/tasks/filters_data", headers=h).status_code == 400
