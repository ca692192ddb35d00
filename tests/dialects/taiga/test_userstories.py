"""Taiga §13 user stories: create, get (neighbours), by_ref, list (filters, headers, no N+1), edit
(OCC, comments), delete, the permission matrix, and tasks following their story to a sprint."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from planyard.core.work_items import service
from planyard.core.work_items.kinds import STORY, TASK
from planyard.core.work_items.service import ItemChanges
from planyard.models import ChangeEntry, PointValue, Role, Sprint, Status, WorkItem

URL = "/api/v1/userstories"
LIST_FIELDS = {
    "id", "ref", "project", "project_extra_info", "subject", "status", "status_extra_info", "is_closed", "milestone",
    "milestone_name", "milestone_slug", "swimlane", "owner", "owner_extra_info", "assigned_to",
    "assigned_to_extra_info", "assigned_users", "points", "total_points", "backlog_order", "sprint_order",
    "kanban_order", "epic_order", "created_date", "modified_date", "finish_date", "due_date", "due_date_reason",
    "due_date_status", "client_requirement", "team_requirement", "is_blocked", "blocked_note", "blocked_note_html",
    "tags", "external_reference", "generated_from_issue", "generated_from_task", "from_task_ref", "origin_issue",
    "origin_task", "tribe_gig", "version", "comment", "watchers", "total_watchers", "is_watcher", "total_voters",
    "is_voter", "total_comments", "total_attachments", "attachments", "epics", "tasks",
}  # fmt: skip
DETAIL_FIELDS = LIST_FIELDS | {"description", "description_html", "neighbors"}


def project_values(world, project):
    def load(ctx):
        s = ctx.session
        roles = s.scalars(select(Role.id).where(Role.project_id == project.id, Role.computable.is_(True))).all()
        points = {p.name: p.id for p in s.scalars(select(PointValue).where(PointValue.project_id == project.id))}
        statuses = {st.slug: st.id for st in s.scalars(select(Status).where(
            Status.project_id == project.id, Status.kind == "story"))}  # fmt: skip
        return list(roles), points, statuses

    return world.run(load)


def make_sprint(world, project, name="S1", start=date(2024, 1, 1), finish=date(2024, 1, 14), closed=False):
    def add(ctx):
        sprint = Sprint(project_id=project.id, name=name, slug=name.lower(), estimated_start=start,
                        estimated_finish=finish, closed=closed)  # fmt: skip
        ctx.session.add(sprint)
        ctx.session.flush()
        return sprint

    return world.run(add)


def test_create_story_with_client_junk(client, team):
    world, project, owner, member, _ = team
    roles, points, statuses = project_values(world, project)
    body = {
        "project": project.id, "subject": "Login page", "description": "**bold**", "status": statuses["in-progress"],
        "points": {str(roles[0]): points["3"], str(roles[1]): points["5"]}, "tags": [["ui", "#fc8EAC"], "auth"],
        "watchers": [member.id], "assigned_users": [member.id], "assigned_to": member.id, "team_requirement": True,
        "_attrs": {"x": 1}, "_name": "userstories", "_dataTypes": {}, "_modifiedAttrs": {}, "_isModified": False,
        "is_archived": False, "is_closed": True,
    }  # fmt: skip
    r = client.post(URL, json=body, headers=world.auth(member))
    assert r.status_code == 201, r.text
    data = r.json()
    assert set(data) == DETAIL_FIELDS
    assert (data["subject"], data["status"], data["is_closed"], data["owner"]) == (
        "Login page", statuses["in-progress"], False, member.id)  # fmt: skip
    assert data["points"][str(roles[0])] == points["3"] and data["total_points"] == 8.0
    assert data["points"][str(roles[2])] == points["?"]  # the project's default for the other roles
    assert data["tags"] == [["ui", "#fc8EAC"], ["auth", None]]
    assert data["watchers"] == [member.id] and data["assigned_users"] == [member.id]
    assert data["description_html"] == "<p><strong>bold</strong></p>\n"
    assert data["status_extra_info"]["name"] == "In progress"
    assert data["assigned_to_extra_info"]["username"] == member.username
    assert data["neighbors"] == {"previous": None, "next": None}
    assert data["version"] == 1 and isinstance(data["ref"], int) and data["team_requirement"] is True
    entries = world.run(lambda ctx: ctx.session.scalars(select(ChangeEntry.action).where(
        ChangeEntry.target_type == "story", ChangeEntry.target_id == data["id"])).all())  # fmt: skip
    assert entries == ["create"]


@pytest.mark.parametrize(
    "field, value_of",
    [
        ("status", lambda other, mine: other["statuses"]),
        ("milestone", lambda other, mine: other["sprint"]),
        ("points", lambda other, mine: {str(mine["role"]): other["point"]}),
        ("project", lambda other, mine: 999999),
        ("assigned_to", lambda other, mine: other["user"]),
        ("swimlane", lambda other, mine: 999999),
    ],
)
def test_create_rejects_ids_from_elsewhere(client, team, field, value_of):
    world, project, owner, *_ = team
    stranger = world.user()
    other = world.project(stranger)
    sprint = make_sprint(world, other)
    other_roles, other_points, other_statuses = project_values(world, other)
    roles, *_ = project_values(world, project)
    facts = {"statuses": other_statuses["new"], "sprint": sprint.id, "point": other_points["1"], "user": stranger.id}
    body = {"project": project.id, "subject": "S", field: value_of(facts, {"role": roles[0]})}
    r = client.post(URL, json=body, headers=world.auth(owner))
    assert r.status_code == 400 and field in r.json(), r.text
    assert client.get(URL, params={"project": project.id}, headers=world.auth(owner)).json() == []


@pytest.mark.parametrize("body", [{"subject": "x"}, {"project": 1}, {"subject": "", "project": 1},
                                  {"subject": None, "project": 1}, {"subject": "x", "project": 1, "backlog_order": -1},
                                  {"subject": "x", "project": 1, "points": {"role": 1}}])  # fmt: skip
def test_create_bad_bodies(client, team, body):
    world, project, owner, *_ = team
    body = body | {"project": project.id} if "project" in body else body
    r = client.post(URL, json=body, headers=world.auth(owner))
    assert r.status_code == 400
    missing = {"subject", "project", "backlog_order", "points"} & set(r.json())
    assert missing


def test_get_neighbors_and_by_ref(client, team):
    world, project, owner, *_ = team
    first, second, third = (world.item(owner, STORY, project, subject=s, backlog_order=i) for i, s in enumerate("abc"))
    h = world.auth(owner)
    body = client.get(f"{URL}/{second.id}", headers=h).json()
    assert body["neighbors"] == {"previous": {"id": first.id, "ref": first.ref, "subject": "a"},
                                 "next": {"id": third.id, "ref": third.ref, "subject": "c"}}  # fmt: skip
    by_ref = client.get(f"{URL}/by_ref", params={"ref": third.ref, "project": project.id}, headers=h)
    assert by_ref.status_code == 200 and by_ref.json()["id"] == third.id
    slug = client.get(f"{URL}/by_ref", params={"ref": third.ref, "project__slug": project.slug}, headers=h)
    assert slug.json()["id"] == third.id
    assert client.get(f"{URL}/by_ref", params={"ref": 999, "project": project.id}, headers=h).status_code == 404
    assert client.get(f"{URL}/by_ref", params={"ref": third.ref}, headers=h).status_code == 400
    assert client.get(f"{URL}/999999", headers=h).status_code == 404


def test_list_shape_headers_and_filters(client, team):
    world, project, owner, member, _ = team
    _, _, statuses = project_values(world, project)
    a = world.item(owner, STORY, project, subject="alpha", backlog_order=2)
    b = world.item(owner, STORY, project, subject="beta", backlog_order=1, status_id=statuses["done"])
    sprint = make_sprint(world, project)
    c = world.item(owner, STORY, project, subject="gamma", sprint_id=sprint.id, assigned_to_id=member.id)
    h = world.auth(member)
    r = client.get(URL, params={"project": project.id, "milestone": "null"}, headers=h)
    assert r.status_code == 200
    assert [s["id"] for s in r.json()] == [b.id, a.id]  # backlog order
    assert set(r.json()[0]) == LIST_FIELDS
    assert r.headers["Taiga-Info-Backlog-Total-Userstories"] == "2"
    assert r.headers["Taiga-Info-Userstories-Without-Swimlane"] == "true"
    assert r.headers["x-pagination-count"] == "2"
    kanban = client.get(URL, params={"project": project.id}, headers=h | {"x-disable-pagination": "1"})
    assert "x-paginated" not in kanban.headers and len(kanban.json()) == 3
    assert "Taiga-Info-Backlog-Total-Userstories" not in kanban.headers

    def ids(**params):
        return [s["id"] for s in client.get(URL, params={"project": project.id, **params}, headers=h).json()]

    assert ids(status=statuses["done"]) == [b.id]
    assert ids(is_closed="true") == [b.id] and b.is_closed
    assert ids(milestone=sprint.id) == [c.id]
    assert ids(assigned_users=member.id) == [c.id]
    assert ids(q="alp") == [a.id]
    assert ids(order_by="-ref") == [c.id, b.id, a.id]
    assert ids(dashboard="true") == ids()
    assert client.get(URL, params={"status": "x"}, headers=h).status_code == 400
    assert client.get(URL, params={"order_by": "nope"}, headers=h).status_code == 400
    assert client.get(URL, params={"project": project.id}).json() == []  # private project, anonymous


def test_list_statements_do_not_grow_with_rows(client, team, query_counter):
    world, project, owner, member, _ = team
    roles, points, _ = project_values(world, project)
    h = world.auth(member)

    def add(n):
        for _ in range(n):
            item = world.item(owner, STORY, project, tags=["t"], subject="Story")
            world.run(lambda ctx, i=item: service.update_item(ctx, STORY, i.id, ItemChanges(
                watchers=[member.id], assignees=[member.id], role_points={roles[0]: points["2"]})), owner)  # fmt: skip
            world.run(lambda ctx, i=item: service.create_item(ctx, TASK, project.id, ItemChanges(
                {"subject": "t", "parent_id": i.id})), owner)  # fmt: skip
            client.post(f"{URL}/{item.id}/upvote", headers=h)

    def count():
        query_counter.clear()
        params = {"project": project.id, "include_tasks": "true", "include_attachments": "true"}
        r = client.get(URL, params=params, headers=h | {"x-disable-pagination": "1"})
        assert r.status_code == 200
        return len(query_counter), r.json()

    add(2)
    two, _ = count()
    add(8)
    ten, body = count()
    assert two == ten
    assert len(body) == 10 and body[0]["total_voters"] == 1 and body[0]["is_voter"] is True
    assert body[0]["watchers"] == [member.id] and body[0]["tasks"][0]["subject"] == "t"
    assert set(body[0]["tasks"][0]) == {"id", "ref", "subject", "status_id", "is_blocked", "is_iocaine", "is_closed"}


def test_edit_occ_comment_and_history(client, team):
    world, project, owner, member, _ = team
    item = world.item(owner, STORY, project, subject="Story")
    h = world.auth(member)
    first = client.patch(f"{URL}/{item.id}", json={"subject": "New", "version": 1}, headers=h)
    assert first.status_code == 200 and first.json()["version"] == 2
    assert first.headers["Taiga-Info-Order-Updated"] == "{}"
    stale = client.patch(f"{URL}/{item.id}", json={"subject": "Other", "version": 1}, headers=h)
    assert stale.status_code == 400 and "version" in stale.json()
    other_field = client.patch(f"{URL}/{item.id}", json={"description": "d", "version": 1}, headers=h)
    assert other_field.status_code == 200
    comment = client.patch(f"{URL}/{item.id}", json={"comment": "hello", "version": 3}, headers=h)
    assert comment.status_code == 200 and comment.json()["total_comments"] == 1
    put = client.put(f"{URL}/{item.id}", json={"subject": "Put", "project": project.id}, headers=h)
    assert put.status_code == 200 and put.json()["subject"] == "Put"
    assert client.put(f"{URL}/{item.id}", json={"subject": "Put"}, headers=h).status_code == 400
    moved = client.patch(f"{URL}/{item.id}", json={"project": 999999}, headers=h)
    assert moved.status_code == 400 and moved.json()["_error_message"] == "The project doesn't exist"
    bad = client.patch(f"{URL}/{item.id}", json={"status": 999999}, headers=h)
    assert bad.status_code == 400 and "status" in bad.json()
    entries = select(ChangeEntry.diff).where(ChangeEntry.target_type == "story", ChangeEntry.target_id == item.id)
    diffs = world.run(lambda ctx: ctx.session.scalars(entries.order_by(ChangeEntry.id)).all())
    assert diffs[1] == {"subject": ["Story", "New"]} and {"description": ["", "d"]} in diffs


def test_backlog_order_edit_makes_room(client, team):
    world, project, owner, *_ = team
    a, b, c = (world.item(owner, STORY, project, backlog_order=i, subject="Story") for i in (1, 2, 3))
    r = client.patch(f"{URL}/{c.id}", json={"backlog_order": 2}, headers=world.auth(owner))
    assert r.status_code == 200
    assert r.headers["Taiga-Info-Order-Updated"] == f'{{"{b.id}": 3}}'
    listed = client.get(URL, params={"project": project.id}, headers=world.auth(owner)).json()
    assert [(s["id"], s["backlog_order"]) for s in listed] == [(a.id, 1), (c.id, 2), (b.id, 3)]


def test_status_change_moves_kanban_order_and_sprint_moves_tasks(client, team):
    world, project, owner, *_ = team
    _, _, statuses = project_values(world, project)
    item = world.item(owner, STORY, project, kanban_order=5, subject="Story")
    task = world.run(lambda ctx: service.create_item(ctx, TASK, project.id, ItemChanges(
        {"subject": "t", "parent_id": item.id})), owner)  # fmt: skip
    sprint = make_sprint(world, project)
    h = world.auth(owner)
    r = client.patch(f"{URL}/{item.id}", json={"status": statuses["done"], "milestone": sprint.id}, headers=h)
    assert r.status_code == 200, r.text
    body = r.json()
    # a story with tasks is closed by its tasks, not by its status (Taiga's rule)
    assert body["kanban_order"] > 5 and body["is_closed"] is False and body["finish_date"] is None
    assert body["milestone"] == sprint.id and body["milestone_name"] == "S1"
    moved = world.run(lambda ctx: ctx.session.get(WorkItem, task.id))
    assert moved.sprint_id == sprint.id and moved.version == 2
    back = client.patch(f"{URL}/{item.id}", json={"milestone": None}, headers=h)
    assert back.status_code == 200 and world.run(lambda ctx: ctx.session.get(WorkItem, task.id)).sprint_id is None


def test_delete(client, team):
    world, project, owner, member, _ = team
    item = world.item(owner, STORY, project, subject="Story")
    assert client.delete(f"{URL}/{item.id}", headers=world.auth(member)).status_code == 204
    assert client.get(f"{URL}/{item.id}", headers=world.auth(member)).status_code == 404
    assert client.delete(f"{URL}/{item.id}", headers=world.auth(member)).status_code == 404


# who: anonymous, outsider, member (back), stakeholder (view + comment only), admin member
EXPECTED = {
    # private project: (view, add, modify, comment, delete)
    True: {"anonymous": (404, 400, 404, 404, 404), "outsider": (404, 400, 404, 404, 404),
           "member": (200, 201, 200, 200, 204), "stakeholder": (200, 403, 403, 200, 403),
           "admin": (200, 201, 200, 200, 204)},
    False: {"anonymous": (200, 401, 401, 401, 401), "outsider": (200, 403, 403, 403, 403),
            "member": (200, 201, 200, 200, 204), "stakeholder": (200, 403, 403, 200, 403),
            "admin": (200, 201, 200, 200, 204)},
}  # fmt: skip


@pytest.mark.parametrize("private", [True, False])
@pytest.mark.parametrize("who", ["anonymous", "outsider", "member", "stakeholder", "admin"])
def test_permission_matrix(client, world, private, who):
    owner = world.user()
    project = world.project(owner, private=private)
    actor = world.user()
    if who in ("member", "admin"):
        world.member(project, actor, admin=who == "admin")
    if who == "stakeholder":
        world.member(project, actor, role_slug="stakeholder")
    h = {} if who == "anonymous" else world.auth(actor)
    item = world.item(owner, STORY, project, subject="Story")
    view, add, modify, comment, delete = EXPECTED[private][who]
    assert client.get(f"{URL}/{item.id}", headers=h).status_code == view
    assert len(client.get(URL, params={"project": project.id}, headers=h).json()) == (1 if view == 200 else 0)
    assert client.post(URL, json={"project": project.id, "subject": "s"}, headers=h).status_code in (add,)
    assert client.patch(f"{URL}/{item.id}", json={"subject": "x"}, headers=h).status_code == modify
    assert client.patch(f"{URL}/{item.id}", json={"comment": "c"}, headers=h).status_code == comment
    assert client.delete(f"{URL}/{item.id}", headers=h).status_code == delete
