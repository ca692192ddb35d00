"""Taiga §18 Tasks: fields and types, create/get/by_ref/edit/delete, a story's sprint, OCC, comments and
history, filters, permissions per role, no N+1 in lists."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from planyard.core.work_items.kinds import ISSUE, STORY, TASK
from planyard.models import ChangeEntry, Comment, Role, Sprint

LIST_FIELDS = {
    "id", "ref", "project", "project_extra_info", "subject", "status", "status_extra_info", "is_closed",
    "assigned_to", "assigned_to_extra_info", "owner", "owner_extra_info", "milestone", "milestone_slug", "tags",
    "is_blocked", "blocked_note", "external_reference", "version", "watchers", "total_watchers", "is_watcher",
    "total_voters", "is_voter", "attachments", "created_date", "modified_date", "finished_date", "due_date",
    "due_date_reason", "due_date_status", "user_story", "user_story_extra_info", "us_order", "taskboard_order",
    "is_iocaine", "total_comments",
}  # fmt: skip
DETAIL_FIELDS = LIST_FIELDS | {"comment", "generated_user_stories", "description", "description_html",
                               "blocked_note_html"}  # fmt: skip


def make_sprint(world, actor, project, name="Sprint 1"):
    def work(ctx):
        sprint = Sprint(project_id=project.id, name=name, slug=name.lower().replace(" ", "-"), owner_id=actor.id,
                        estimated_start=date(2024, 1, 1), estimated_finish=date(2024, 1, 14))  # fmt: skip
        ctx.session.add(sprint)
        ctx.session.flush()
        return sprint

    return world.run(work, actor=actor)


def test_create_task_in_a_story_takes_its_sprint(client, team):
    world, project, owner, member, _ = team
    sprint = make_sprint(world, owner, project)
    story = world.item(owner, STORY, project, sprint_id=sprint.id, subject="S")
    body = {"project": project.id, "subject": "Write tests", "user_story": story.id, "tags": [["api", "#fff"]],
            "description": "**bold**", "_attrs": {"junk": 1}, "is_closed": False}  # fmt: skip
    r = client.post("/api/v1/tasks", json=body, headers=world.auth(member))
    assert r.status_code == 201, r.text
    task = r.json()
    assert set(task) == DETAIL_FIELDS
    assert (task["user_story"], task["milestone"], task["milestone_slug"]) == (story.id, sprint.id, sprint.slug)
    assert task["ref"] == story.ref + 1 and task["owner"] == member.id and task["version"] == 1
    assert task["tags"] == [["api", "#fff"]] and task["description_html"] == "<p><strong>bold</strong></p>\n"
    assert task["user_story_extra_info"] == {"id": story.id, "ref": story.ref, "subject": "S", "epics": None}
    assert (
        task["status"]
        == client.get(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).json()["default_task_status"]
    )
    assert task["status_extra_info"]["is_closed"] is False and task["owner_extra_info"]["username"] == "member"
    assert task["project_extra_info"]["slug"] == project.slug and task["attachments"] == []
    assert isinstance(task["us_order"], int) and isinstance(task["taskboard_order"], int)
    assert task["due_date_status"] == "not_set" and task["generated_user_stories"] is None


def test_bad_references_name_the_wire_field(client, team):
    world, project, owner, *_ = team
    other = world.project(owner)
    foreign_story = world.item(owner, STORY, other, subject="S")
    h = world.auth(owner)
    cases = [({"user_story": foreign_story.id}, "user_story"), ({"status": 999999}, "status"),
             ({"milestone": 999999}, "milestone"), ({"assigned_to": 999999}, "assigned_to"),
             ({"watchers": [999999]}, "watchers"), ({"us_order": -1}, "us_order"), ({"subject": ""}, "subject"),
             ({"subject": None}, "subject")]  # fmt: skip
    for extra, field in cases:
        r = client.post("/api/v1/tasks", json={"project": project.id, "subject": "x"} | extra, headers=h)
        assert r.status_code == 400 and field in r.json(), (extra, r.text)
    assert client.post("/api/v1/tasks", json={"subject": "x"}, headers=h).json() == {
        "project": ["This field is required."]}  # fmt: skip
    r = client.post("/api/v1/tasks", json={"project": 999999, "subject": "x"}, headers=h)
    assert r.status_code == 400 and "project" in r.json()
    assert client.get("/api/v1/tasks", params={"project": project.id}, headers=h).json() == []


def test_get_by_id_and_ref_with_neighbors(client, team):
    world, project, owner, member, outsider = team
    first, second, third = (world.item(owner, TASK, project, subject=f"T{i}") for i in range(3))
    h = world.auth(member)
    body = client.get(f"/api/v1/tasks/{second.id}", headers=h).json()
    assert set(body) == DETAIL_FIELDS | {"neighbors"}
    assert body["neighbors"] == {"previous": {"id": first.id, "ref": first.ref, "subject": "T0"},
                                 "next": {"id": third.id, "ref": third.ref, "subject": "T2"}}  # fmt: skip
    by_ref = client.get("/api/v1/tasks/by_ref", params={"ref": third.ref, "project": project.id}, headers=h)
    assert by_ref.status_code == 200 and by_ref.json()["id"] == third.id
    assert by_ref.json()["neighbors"]["next"] is None
    assert client.get(f"/api/v1/tasks/{second.id}", headers=world.auth(outsider)).status_code == 404
    assert client.get(f"/api/v1/tasks/{second.id}").status_code == 404
    assert client.get("/api/v1/tasks/999999", headers=h).status_code == 404
    assert client.get("/api/v1/tasks/by_ref", params={"ref": 999, "project": project.id}, headers=h).status_code == 404
    assert client.get("/api/v1/tasks/by_ref", params={"ref": 1}, headers=h).status_code == 400
    story = world.item(owner, STORY, project, subject="S")
    assert client.get(f"/api/v1/tasks/{story.id}", headers=h).status_code == 404


def test_edit_with_comment_occ_and_history(client, team):
    world, project, owner, member, _ = team
    task = world.item(owner, TASK, project, subject="S")
    h = world.auth(member)
    url = f"/api/v1/tasks/{task.id}"
    r = client.patch(url, json={"subject": "New", "version": 1}, headers=h)
    assert r.status_code == 200 and r.json()["version"] == 2 and r.json()["subject"] == "New"
    assert r.headers["taiga-info-order-updated"] == "{}"
    stale = client.patch(url, json={"subject": "Other", "version": 1}, headers=h)
    assert stale.status_code == 400 and "version" in stale.json()
    other_field = client.patch(url, json={"is_iocaine": True, "version": 1}, headers=h)
    assert other_field.status_code == 200 and other_field.json()["version"] == 3
    commented = client.patch(url, json={"comment": "Looks good", "version": 3}, headers=h).json()
    assert commented["version"] == 4 and commented["total_comments"] == 1 and commented["comment"] == ""
    columns = (ChangeEntry.action, ChangeEntry.diff, func.coalesce(Comment.text, "").label("comment"))
    of_task = (ChangeEntry.target_type == "task", ChangeEntry.target_id == task.id)
    with_comments = select(*columns).outerjoin(Comment, Comment.change_id == ChangeEntry.id)
    entries = world.run(lambda ctx: ctx.session.execute(with_comments.where(*of_task).order_by(ChangeEntry.id)).all())
    assert [e.action for e in entries] == ["create", "change", "change", "change"]
    assert entries[1].diff == {"subject": ["S", "New"]} and entries[3].comment == "Looks good"
    put = client.put(url, json={"subject": "Whole"}, headers=h)
    assert put.status_code == 400 and "project" in put.json()
    put = client.put(url, json={"project": project.id, "subject": "Whole", "version": 4}, headers=h)
    assert put.status_code == 200 and put.json()["subject"] == "Whole"
    moved = client.patch(url, json={"project": world.project(owner).id, "version": 5}, headers=h)
    assert moved.status_code == 403  # no add_task in a project the member doesn't belong to


def test_edit_user_story_moves_the_task_to_the_story_sprint(client, team):
    world, project, owner, *_ = team
    sprint = make_sprint(world, owner, project)
    story = world.item(owner, STORY, project, sprint_id=sprint.id, subject="S")
    task = world.item(owner, TASK, project, subject="S")
    h = world.auth(owner)
    r = client.patch(f"/api/v1/tasks/{task.id}", json={"user_story": story.id}, headers=h)
    assert r.status_code == 200 and r.json()["milestone"] == sprint.id
    r = client.patch(f"/api/v1/tasks/{task.id}", json={"milestone": None}, headers=h)
    assert r.json()["milestone"] == sprint.id  # a task in a story stays in the story's sprint
    r = client.patch(f"/api/v1/tasks/{task.id}", json={"user_story": None, "milestone": None}, headers=h)
    assert (r.json()["user_story"], r.json()["milestone"]) == (None, None)


def test_delete(client, team):
    world, project, owner, member, outsider = team
    task = world.item(owner, TASK, project, subject="S")
    assert client.delete(f"/api/v1/tasks/{task.id}", headers=world.auth(outsider)).status_code == 404
    assert client.delete(f"/api/v1/tasks/{task.id}").status_code == 404
    assert client.delete(f"/api/v1/tasks/{task.id}", headers=world.auth(member)).status_code == 204
    assert client.get(f"/api/v1/tasks/{task.id}", headers=world.auth(member)).status_code == 404
    assert client.delete(f"/api/v1/tasks/{task.id}", headers=world.auth(member)).status_code == 404


def test_list_filters_and_orderings(client, team):
    world, project, owner, member, _ = team
    sprint = make_sprint(world, owner, project)
    story = world.item(owner, STORY, project, sprint_id=sprint.id, subject="S")
    statuses = client.get(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).json()["task_statuses"]
    closed = next(s["id"] for s in statuses if s["is_closed"])
    a = world.item(
        owner,
        TASK,
        project,
        subject="alpha",
        parent_id=story.id,
        sprint_id=sprint.id,
        assigned_to_id=member.id,
        tags=["ui"],
    )
    b = world.item(member, TASK, project, subject="beta", status_id=closed)
    c = world.item(owner, TASK, project, subject="gamma")
    world.item(owner, ISSUE, project, subject="S")
    h = world.auth(member)

    def ids(**params):
        r = client.get("/api/v1/tasks", params={"project": project.id} | params, headers=h)
        assert r.status_code == 200, r.text
        return [t["id"] for t in r.json()]

    assert ids() == [a.id, b.id, c.id]
    assert ids(user_story=story.id) == [a.id] and ids(user_story="null") == [b.id, c.id]
    assert ids(milestone=sprint.id) == [a.id] and ids(milestone="null") == [b.id, c.id]
    assert ids(status__is_closed="true") == [b.id] and ids(status_is_closed="false") == [a.id, c.id]
    assert ids(status=closed) == [b.id] and ids(assigned_to=member.id) == [a.id] and ids(owner=member.id) == [b.id]
    assert ids(tags="ui") == [a.id] and ids(q="gam") == [c.id] and ids(exclude_status=closed) == [a.id, c.id]
    member_role = world.run(lambda ctx: ctx.session.scalar(
        select(Role.id).where(Role.project_id == project.id, Role.slug == "back")))  # fmt: skip
    assert ids(role=member_role) == [a.id]
    assert ids(order_by="-subject") == [c.id, b.id, a.id]
    assert ids(order_by="us_order") == [a.id, b.id, c.id]
    bad = client.get("/api/v1/tasks", params={"order_by": "nope"}, headers=h)
    assert bad.status_code == 400 and "order_by" in bad.json()
    assert client.get("/api/v1/tasks", params={"status": "x"}, headers=h).status_code == 400
    paged = client.get("/api/v1/tasks", params={"project": project.id, "page_size": 2}, headers=h)
    assert paged.headers["x-pagination-count"] == "3" and len(paged.json()) == 2
    flat = client.get("/api/v1/tasks", params={"project": project.id}, headers=h | {"x-disable-pagination": "1"})
    assert "x-paginated" not in flat.headers and len(flat.json()) == 3
    assert client.get("/api/v1/tasks", params={"project": project.id}).json() == []


def test_list_shape_and_attachments(client, team):
    world, project, owner, member, _ = team
    task = world.item(owner, TASK, project, subject="S")
    h = world.auth(owner)
    form = {"project": str(project.id), "object_id": str(task.id)}
    client.post("/api/v1/tasks/attachments", data=form, files={"attached_file": ("a.txt", b"abc")}, headers=h)
    plain = client.get("/api/v1/tasks", params={"project": project.id}, headers=h).json()[0]
    assert set(plain) == LIST_FIELDS and plain["attachments"] == []
    full = client.get("/api/v1/tasks", params={"project": project.id, "include_attachments": 1}, headers=h).json()[0]
    assert [set(a) for a in full["attachments"]] == [{"id", "attached_file", "thumbnail_card_url"}]


def test_list_has_no_n_plus_one(client, team, query_counter):
    world, project, owner, member, _ = team
    story = world.item(owner, STORY, project, subject="S")
    h = world.auth(member)

    def count(n):
        for _ in range(n):
            world.item(owner, TASK, project, parent_id=story.id, assigned_to_id=member.id, tags=["t"], subject="S")
        query_counter.clear()
        assert len(client.get("/api/v1/tasks", params={"project": project.id, "include_attachments": 1},
                              headers=h).json()) >= n  # fmt: skip
        return len(query_counter)

    assert count(2) == count(8)


@pytest.mark.parametrize("private", [True, False])
def test_permission_matrix(client, world, private):
    owner, member, viewer, outsider = world.user(), world.user(), world.user(), world.user()
    project = world.project(owner, private=private)
    world.member(project, member)
    world.member(project, viewer, role_slug="stakeholder")

    def restrict(ctx):
        role = ctx.session.scalar(select(Role).where(Role.project_id == project.id, Role.slug == "stakeholder"))
        role.permissions = ["view_project", "view_tasks", "comment_task"]

    world.run(restrict)
    task = world.item(owner, TASK, project, subject="S")
    url = f"/api/v1/tasks/{task.id}"
    create = {"project": project.id, "subject": "x"}
    expected_read = 200 if not private else None
    assert client.get(url).status_code == (expected_read or 404)
    assert client.get(url, headers=world.auth(outsider)).status_code == (expected_read or 404)
    assert client.get(url, headers=world.auth(viewer)).status_code == 200
    assert client.post("/api/v1/tasks", json=create).status_code == (401 if not private else 400)
    assert client.post("/api/v1/tasks", json=create, headers=world.auth(viewer)).status_code == 403
    assert client.post("/api/v1/tasks", json=create, headers=world.auth(member)).status_code == 201
    assert client.patch(url, json={"subject": "y"}, headers=world.auth(viewer)).status_code == 403
    assert client.patch(url, json={"comment": "hi"}, headers=world.auth(viewer)).status_code == 200
    assert client.patch(url, json={"comment": "hi"}, headers=world.auth(outsider)).status_code == (
        403 if not private else 404)  # fmt: skip
    assert client.delete(url, headers=world.auth(viewer)).status_code == 403
    assert client.patch(url, json={"subject": "y"}, headers=world.auth(member)).status_code == 200
    assert client.delete(url, headers=world.auth(owner)).status_code == 204
