"""Taiga §22 Issues: fields and types, project defaults, get/by_ref with neighbours, edit (OCC, comment),
delete, filters and orderings, bulk create and sprint move, promote, filters_data, permissions, no N+1."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planyard.core.tags import store as tag_store
from planyard.core.work_items.kinds import ISSUE
from planyard.models import Role, WorkItem
from tests.dialects.taiga.test_tasks import make_sprint
from tests.dialects.taiga.test_userstories_bulk import statements_of_bulk_creates

LIST_FIELDS = {
    "id", "ref", "project", "project_extra_info", "subject", "status", "status_extra_info", "is_closed",
    "assigned_to", "assigned_to_extra_info", "owner", "owner_extra_info", "milestone", "tags", "is_blocked",
    "blocked_note", "external_reference", "version", "watchers", "total_watchers", "is_watcher", "total_voters",
    "is_voter", "attachments", "created_date", "modified_date", "finished_date", "due_date", "due_date_reason",
    "due_date_status", "type", "priority", "severity",
}  # fmt: skip
DETAIL_FIELDS = LIST_FIELDS | {"comment", "generated_user_stories", "description", "description_html",
                               "blocked_note_html"}  # fmt: skip


def project_detail(client, world, project, user):
    return client.get(f"/api/v1/projects/{project.id}", headers=world.auth(user)).json()


def test_create_takes_the_project_defaults(client, team):
    world, project, owner, member, _ = team
    detail = project_detail(client, world, project, owner)
    r = client.post("/api/v1/issues", json={"project": project.id, "subject": "Crash", "_name": "junk"},
                    headers=world.auth(member))  # fmt: skip
    assert r.status_code == 201, r.text
    issue = r.json()
    assert set(issue) == DETAIL_FIELDS
    assert (issue["type"], issue["priority"], issue["severity"], issue["status"]) == (
        detail["default_issue_type"], detail["default_priority"], detail["default_severity"],
        detail["default_issue_status"])  # fmt: skip
    assert issue["owner"] == member.id and issue["version"] == 1 and issue["generated_user_stories"] is None


def test_bad_references_are_400_with_the_field(client, team):
    world, project, owner, *_ = team
    other = project_detail(client, world, world.project(owner), owner)
    h = world.auth(owner)
    for field, value in [("type", other["default_issue_type"]), ("priority", other["default_priority"]),
                         ("severity", other["default_severity"]), ("status", other["default_issue_status"]),
                         ("milestone", 999999), ("assigned_to", 999999), ("type", 0)]:  # fmt: skip
        r = client.post("/api/v1/issues", json={"project": project.id, "subject": "x", field: value}, headers=h)
        assert r.status_code == 400 and field in r.json(), (field, r.text)
    assert client.get("/api/v1/issues", params={"project": project.id}, headers=h).json() == []


def test_get_edit_close_delete(client, team):
    world, project, owner, member, outsider = team
    first, second = world.item(owner, ISSUE, project, subject="A"), world.item(owner, ISSUE, project, subject="B")
    h = world.auth(member)
    body = client.get(f"/api/v1/issues/{first.id}", headers=h).json()
    assert set(body) == DETAIL_FIELDS | {"neighbors"}
    assert body["neighbors"] == {"previous": {"id": second.id, "ref": second.ref, "subject": "B"}, "next": None}
    assert client.get("/api/v1/issues/by_ref", params={"ref": second.ref, "project": project.id},
                      headers=h).json()["id"] == second.id  # fmt: skip
    assert client.get(f"/api/v1/issues/{first.id}", headers=world.auth(outsider)).status_code == 404
    closed = next(s["id"] for s in project_detail(client, world, project, owner)["issue_statuses"] if s["is_closed"])
    r = client.patch(f"/api/v1/issues/{first.id}", json={"status": closed, "comment": "done", "version": 1}, headers=h)
    assert r.status_code == 200 and r.json()["is_closed"] is True and r.json()["finished_date"] is not None
    stale = client.patch(f"/api/v1/issues/{first.id}", json={"status": closed, "version": 1}, headers=h)
    assert stale.status_code == 400 and "version" in stale.json()
    assert client.put(f"/api/v1/issues/{first.id}", json={"subject": "x"}, headers=h).status_code == 400
    assert client.delete(f"/api/v1/issues/{first.id}", headers=h).status_code == 204
    assert client.get(f"/api/v1/issues/{first.id}", headers=h).status_code == 404


def test_filters_and_orderings(client, team):
    world, project, owner, member, _ = team
    detail = project_detail(client, world, project, owner)
    types = sorted(detail["issue_types"], key=lambda t: t["order"])
    prios = sorted(detail["priorities"], key=lambda p: p["order"])
    a = world.item(owner, ISSUE, project, subject="a", type_id=types[0]["id"], priority_id=prios[-1]["id"])
    b = world.item(member, ISSUE, project, subject="b", type_id=types[1]["id"], priority_id=prios[0]["id"])
    c = world.item(
        owner, ISSUE, project, subject="c", type_id=types[0]["id"], priority_id=prios[0]["id"], assigned_to_id=member.id
    )
    h = world.auth(member)

    def ids(**params):
        r = client.get("/api/v1/issues", params={"project": project.id} | params, headers=h)
        assert r.status_code == 200, r.text
        return [i["id"] for i in r.json()]

    assert ids() == [c.id, b.id, a.id]
    assert ids(type=types[0]["id"]) == [c.id, a.id] and ids(exclude_type=types[0]["id"]) == [b.id]
    assert ids(priority=prios[0]["id"]) == [c.id, b.id] and ids(owner=member.id) == [b.id]
    assert ids(assigned_to="null") == [b.id, a.id] and ids(q="b") == [b.id]
    assert ids(order_by="priority") == [b.id, c.id, a.id] and ids(order_by="-priority")[0] == a.id
    assert ids(order_by="type")[-1] == b.id and ids(order_by="subject") == [a.id, b.id, c.id]
    client.post(f"/api/v1/issues/{b.id}/upvote", headers=h)
    assert ids(order_by="-total_voters")[0] == b.id
    assert client.get("/api/v1/issues", params={"order_by": "bogus"}, headers=h).status_code == 400


def test_list_shape_and_no_n_plus_one(client, team, query_counter):
    world, project, owner, member, _ = team
    h = world.auth(member)

    def count(n):
        for _ in range(n):
            world.item(owner, ISSUE, project, assigned_to_id=member.id, tags=["bug"])
        query_counter.clear()
        rows = client.get("/api/v1/issues", params={"project": project.id}, headers=h).json()
        assert set(rows[0]) == LIST_FIELDS
        return len(query_counter)

    assert count(2) == count(10)


def test_bulk_create_runs_as_many_statements_for_200_lines_as_for_10(client, team, query_counter):
    world, project, owner, *_ = team
    sprint = make_sprint(world, owner, project)
    body_of = lambda n: {"project_id": project.id, "milestone_id": sprint.id,  # noqa: E731
                         "bulk_issues": "\n".join(map(str, range(n)))}  # fmt: skip
    ten, two_hundred = statements_of_bulk_creates(client, query_counter, "/api/v1/issues/bulk_create", body_of,
                                                  world.auth(owner))  # fmt: skip
    assert ten == two_hundred


def test_bulk_create_and_sprint_move(client, team):
    world, project, owner, member, _ = team
    sprint = make_sprint(world, owner, project)
    h = world.auth(member)
    r = client.post("/api/v1/issues/bulk_create", json={"project_id": project.id, "bulk_issues": "one\ntwo"}, headers=h)
    assert r.status_code == 200, r.text
    created = r.json()
    assert [i["subject"] for i in created] == ["one", "two"] and all(i["type"] for i in created)
    bad = client.post("/api/v1/issues/bulk_create", json={"project_id": project.id, "bulk_issues": "x",
                                                          "milestone_id": 999999}, headers=h)  # fmt: skip
    assert bad.status_code == 400 and "milestone_id" in bad.json()
    body = {
        "project_id": project.id,
        "milestone_id": sprint.id,
        "bulk_issues": [{"issue_id": i["id"]} for i in created],
    }
    r = client.post("/api/v1/issues/bulk_update_milestone", json=body, headers=h)
    assert r.status_code == 200 and r.json() == {str(i["id"]): sprint.id for i in created}
    assert client.get("/api/v1/issues", params={"milestone": sprint.id}, headers=h).json()[0]["milestone"] == sprint.id
    foreign = world.item(owner, ISSUE, world.project(owner))
    r = client.post("/api/v1/issues/bulk_update_milestone", json=body | {"bulk_issues": [{"issue_id": foreign.id}]},
                    headers=h)  # fmt: skip
    assert r.status_code == 400 and "bulk_issues" in r.json()


def test_promote_issue_to_user_story(client, team):
    world, project, owner, member, _ = team
    issue = world.item(member, ISSUE, project, subject="Needs a story", tags=["ux"], assigned_to_id=member.id)
    h = world.auth(owner)
    r = client.post(f"/api/v1/issues/{issue.id}/promote_to_user_story", json={"project_id": project.id}, headers=h)
    assert r.status_code == 200, r.text
    [ref] = r.json()
    story = world.run(lambda ctx: ctx.session.scalar(select(WorkItem).where(
        WorkItem.project_id == project.id, WorkItem.ref == ref)))  # fmt: skip
    tags = world.run(lambda ctx: tag_store.item_tag_names(ctx.session, story.id))
    assert (story.kind, story.subject, story.generated_from_id, story.owner_id, tags) == (
        "story", "Needs a story", issue.id, member.id, ["ux"])  # fmt: skip
    detail = client.get(f"/api/v1/issues/{issue.id}", headers=h).json()
    assert detail["generated_user_stories"] == [{"id": story.id, "ref": ref, "subject": "Needs a story"}]
    other = world.project(owner)
    r = client.post(f"/api/v1/issues/{issue.id}/promote_to_user_story", json={"project_id": other.id}, headers=h)
    assert r.status_code == 400 and "project_id" in r.json()


def test_filters_data(client, team):
    world, project, owner, member, _ = team
    detail = project_detail(client, world, project, owner)
    bug = next(t["id"] for t in detail["issue_types"] if t["id"] != detail["default_issue_type"])
    world.item(owner, ISSUE, project, type_id=bug, assigned_to_id=member.id, tags=["ui"])
    world.item(member, ISSUE, project)
    r = client.get("/api/v1/issues/filters_data", params={"project": project.id}, headers=world.auth(member))
    assert r.status_code == 200, r.text
    data = r.json()
    assert list(data) == ["types", "statuses", "priorities", "severities", "assigned_to", "owners", "tags", "roles"]
    assert {t["id"]: t["count"] for t in data["types"]}[bug] >= 1
    assert sum(s["count"] for s in data["statuses"]) == 2 and sum(p["count"] for p in data["priorities"]) == 2
    assert {p["id"]: p["count"] for p in data["assigned_to"]} == {owner.id: 0, member.id: 1, None: 1}
    assert {p["id"]: p["count"] for p in data["owners"]} == {owner.id: 1, member.id: 1}
    typed = client.get("/api/v1/issues/filters_data", params={"project": project.id, "type": bug},
                       headers=world.auth(member)).json()  # fmt: skip
    assert sum(s["count"] for s in typed["statuses"]) == 1 and sum(t["count"] for t in typed["types"]) == 2


@pytest.mark.parametrize("private", [True, False])
def test_permission_matrix(client, world, private):
    owner, member, viewer, outsider = world.user(), world.user(), world.user(), world.user()
    project = world.project(owner, private=private)
    world.member(project, member)
    world.member(project, viewer, role_slug="stakeholder")

    def restrict(ctx):
        role = ctx.session.scalar(select(Role).where(Role.project_id == project.id, Role.slug == "stakeholder"))
        role.permissions = ["view_project", "view_issues", "comment_issue"]

    world.run(restrict)
    issue = world.item(owner, ISSUE, project)
    url = f"/api/v1/issues/{issue.id}"
    create = {"project": project.id, "subject": "x"}
    hidden = 404 if private else 200
    assert client.get(url).status_code == hidden
    assert client.get(url, headers=world.auth(outsider)).status_code == hidden
    assert client.post("/api/v1/issues", json=create, headers=world.auth(viewer)).status_code == 403
    assert client.post("/api/v1/issues", json=create, headers=world.auth(member)).status_code == 201
    assert client.patch(url, json={"subject": "y"}, headers=world.auth(viewer)).status_code == 403
    assert client.patch(url, json={"comment": "c"}, headers=world.auth(viewer)).status_code == 200
    assert client.delete(url, headers=world.auth(viewer)).status_code == 403
    bulk = {"project_id": project.id, "bulk_issues": "a"}
    assert client.post("/api/v1/issues/bulk_create", json=bulk, headers=world.auth(viewer)).status_code == 403
    promote = client.post(f"{url}/promote_to_user_story", json={"project_id": project.id}, headers=world.auth(viewer))
    assert promote.status_code == 403
    assert client.delete(url, headers=world.auth(member)).status_code == 204
