"""Taiga epic related user stories: list, relate, get, reorder, unrelate, bulk_create; the related-story
counts of the epic list and the `epics` of stories (core helper)."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from planyard.core.lanes import create_lane
from planyard.core.work_items import service
from planyard.core.work_items.epics import epics_of_stories
from planyard.core.work_items.kinds import EPIC, STORY, TASK
from planyard.models import ChangeEntry, OutboxEvent, Role, Status, WorkItem, WorkItemLink
from tests.dialects.taiga.test_userstories_bulk import statements_of_bulk_creates

LINK_FIELDS = {"epic", "user_story", "order"}


def closed_status(world, project, kind):
    stmt = select(Status.id).where(Status.project_id == project.id, Status.kind == kind, Status.is_closed.is_(True))
    return world.run(lambda ctx: ctx.session.scalars(stmt).first())


def restrict(world, project, permissions):
    def work(ctx):
        role = ctx.session.scalar(select(Role).where(Role.project_id == project.id, Role.slug == "back"))
        role.permissions = permissions

    world.run(work)


def story_count(world, project):
    stmt = select(func.count()).where(WorkItem.project_id == project.id, WorkItem.kind == "story")
    return world.run(lambda ctx: ctx.session.scalar(stmt))


def test_relate_list_get_and_unrelate(client, team):
    world, project, owner, member, _ = team
    epic = world.item(owner, EPIC, project)
    first, second = world.item(owner, STORY, project, subject="S1"), world.item(owner, STORY, project, subject="S2")
    h = world.auth(member)
    base = f"/api/v1/epics/{epic.id}/related_userstories"
    r = client.post(base, json={"user_story": second.id, "order": 5, "epic": epic.id}, headers=h)
    assert r.status_code == 201, r.text
    assert r.json() == {"epic": epic.id, "user_story": second.id, "order": 5}
    r = client.post(base, json={"user_story": first.id}, headers=h)
    assert r.status_code == 201 and isinstance(r.json()["order"], int)
    listed = client.get(base, headers=h)
    assert listed.status_code == 200 and listed.headers["x-pagination-count"] == "2"
    assert [row["user_story"] for row in listed.json()] == [first.id, second.id]
    assert all(set(row) == LINK_FIELDS for row in listed.json())
    one = client.get(f"{base}/{second.id}", headers=h)
    assert one.status_code == 200 and one.json() == {"epic": epic.id, "user_story": second.id, "order": 5}
    assert client.delete(f"{base}/{second.id}", headers=h).status_code == 204
    assert client.get(f"{base}/{second.id}", headers=h).status_code == 404
    assert client.delete(f"{base}/{second.id}", headers=h).status_code == 404
    assert [row["user_story"] for row in client.get(base, headers=h).json()] == [first.id]


def test_relate_errors(client, team, world):
    _, project, owner, member, _ = team
    epic = world.item(owner, EPIC, project)
    story = world.item(owner, STORY, project)
    stranger = world.user()
    hidden = world.item(stranger, STORY, world.project(stranger, private=True))
    task = world.item(owner, TASK, project)
    h = world.auth(owner)
    base = f"/api/v1/epics/{epic.id}/related_userstories"
    assert client.post(base, json={"user_story": story.id}, headers=h).status_code == 201
    for body, field in [({"user_story": story.id}, "user_story"), ({"user_story": hidden.id}, "user_story"),
                        ({"user_story": task.id}, "user_story"), ({"user_story": 999999}, "user_story"),
                        ({}, "user_story"), ({"user_story": "x"}, "user_story"),
                        ({"user_story": story.id, "order": -1}, "order")]:  # fmt: skip
        r = client.post(base, json=body, headers=h)
        assert r.status_code == 400 and field in r.json(), (body, r.text)
    assert len(client.get(base, headers=h).json()) == 1
    assert client.post("/api/v1/epics/999999/related_userstories", json={"user_story": story.id},
                       headers=h).status_code == 404  # fmt: skip


def test_a_story_may_belong_to_several_epics_of_several_projects(client, team, world):
    _, project, owner, member, _ = team
    other = world.project(owner)
    story = world.item(owner, STORY, other, subject="Shared")
    epic_a, epic_b = world.item(owner, EPIC, project, subject="A"), world.item(owner, EPIC, project, subject="B")
    h = world.auth(owner)
    for epic in (epic_a, epic_b):
        r = client.post(f"/api/v1/epics/{epic.id}/related_userstories", json={"user_story": story.id}, headers=h)
        assert r.status_code == 201
    found = world.run(lambda ctx: epics_of_stories(ctx, [story.id, 999999]))
    assert [e["id"] for e in found[story.id]] == [epic_a.id, epic_b.id]
    expected_project = {"id": project.id, "name": project.name, "slug": project.slug}
    assert found[story.id][0] == {"id": epic_a.id, "ref": epic_a.ref, "subject": "A", "color": epic_a.color,
                                  "project": expected_project}  # fmt: skip
    assert 999999 not in found


def test_epics_of_stories_is_one_query(world, team, query_counter):
    _, project, owner, *_ = team
    epic = world.item(owner, EPIC, project)
    stories = [world.item(owner, STORY, project, subject=f"S{i}") for i in range(5)]
    links = [WorkItemLink(kind="epic_story", from_id=epic.id, to_id=s.id) for s in stories]
    world.run(lambda ctx: ctx.session.add_all(links))
    query_counter.clear()
    found = world.run(lambda ctx: epics_of_stories(ctx, [s.id for s in stories]))
    assert len(found) == 5
    assert len([q for q in query_counter if q.lstrip().upper().startswith("SELECT")]) == 1


def test_permissions(client, team, world):
    _, project, owner, member, outsider = team
    epic = world.item(owner, EPIC, project)
    story, other = world.item(owner, STORY, project), world.item(owner, STORY, project)
    base = f"/api/v1/epics/{epic.id}/related_userstories"
    assert client.post(base, json={"user_story": story.id}, headers=world.auth(owner)).status_code == 201
    anonymous: dict[str, str] = {}
    for headers in (anonymous, world.auth(outsider)):
        assert client.get(base, headers=headers).status_code == 404
        assert client.get(f"{base}/{story.id}", headers=headers).status_code == 404
        assert client.post(base, json={"user_story": other.id}, headers=headers).status_code == 404
    restrict(world, project, ["view_project", "view_epics", "view_us"])
    h = world.auth(member)
    assert client.get(base, headers=h).status_code == 200
    assert client.post(base, json={"user_story": other.id}, headers=h).status_code == 403
    assert client.patch(f"{base}/{story.id}", json={"order": 1}, headers=h).status_code == 403
    assert client.delete(f"{base}/{story.id}", headers=h).status_code == 403
    body = {"project_id": project.id, "bulk_userstories": "x"}
    assert client.post(f"{base}/bulk_create", json=body, headers=h).status_code == 403
    public = world.project(owner)
    public_epic = world.item(owner, EPIC, public)
    public_story = world.item(owner, STORY, public)
    url = f"/api/v1/epics/{public_epic.id}/related_userstories"
    assert client.get(url).status_code == 200
    assert client.post(url, json={"user_story": public_story.id}).status_code == 401


def test_reorder_shifts_the_following_stories(client, team):
    world, project, owner, *_ = team
    epic = world.item(owner, EPIC, project)
    h = world.auth(owner)
    base = f"/api/v1/epics/{epic.id}/related_userstories"
    stories = [world.item(owner, STORY, project, subject=f"S{i}") for i in range(3)]
    links = [client.post(base, json={"user_story": s.id, "order": i + 1}, headers=h).json() for i, s in
             enumerate(stories)]  # fmt: skip
    assert [link["order"] for link in links] == [1, 2, 3]
    r = client.patch(f"{base}/{stories[0].id}", json={"order": 2}, headers=h)
    assert r.status_code == 200 and r.json() == {"epic": epic.id, "user_story": stories[0].id, "order": 2}
    assert sorted(json.loads(r.headers["taiga-info-order-updated"]).values()) == [2, 3, 4]
    orders = {row["user_story"]: row["order"] for row in client.get(base, headers=h).json()}
    assert orders == {stories[0].id: 2, stories[1].id: 3, stories[2].id: 4}
    same = client.put(f"{base}/{stories[0].id}", json={"order": 2}, headers=h)
    assert same.status_code == 200 and same.headers["taiga-info-order-updated"] == "{}"
    bad = client.patch(f"{base}/{stories[0].id}", json={"order": "first"}, headers=h)
    assert bad.status_code == 400 and "order" in bad.json()
    assert client.patch(f"{base}/999999", json={"order": 1}, headers=h).status_code == 404


def test_bulk_create_related_stories(client, team, world):
    _, project, owner, member, _ = team
    epic = world.item(owner, EPIC, project)
    h = world.auth(member)
    url = f"/api/v1/epics/{epic.id}/related_userstories/bulk_create"
    r = client.post(url, json={"project_id": project.id, "bulk_userstories": "One\n\nTwo\n"}, headers=h)
    assert r.status_code == 200, r.text
    assert len(r.json()) == 2 and all(set(row) == LINK_FIELDS and row["epic"] == epic.id for row in r.json())

    def subjects(ctx):
        ids = [row["user_story"] for row in r.json()]
        rows = ctx.session.scalars(select(WorkItem).where(WorkItem.id.in_(ids)).order_by(WorkItem.id))
        return [(w.kind, w.subject, w.project_id, w.owner_id) for w in rows]

    assert world.run(subjects) == [("story", "One", project.id, member.id), ("story", "Two", project.id, member.id)]
    counts = client.get("/api/v1/epics", params={"project": project.id}, headers=h).json()[0]["user_stories_counts"]
    assert counts == {"total": 2, "progress": 0.0}


def test_bulk_create_related_stories_runs_as_many_statements_for_200_lines_as_for_10(
    client, team, world, query_counter
):
    _, project, owner, *_ = team
    epic = world.item(owner, EPIC, project)
    url = f"/api/v1/epics/{epic.id}/related_userstories/bulk_create"
    body_of = lambda n: {"project_id": project.id, "bulk_userstories": "\n".join(map(str, range(n)))}  # noqa: E731
    ten, two_hundred = statements_of_bulk_creates(client, query_counter, url, body_of, world.auth(owner))
    assert ten == two_hundred
    logged = world.run(lambda ctx: ctx.session.execute(
        select(ChangeEntry.diff, OutboxEvent.topic).join(OutboxEvent, OutboxEvent.change_id == ChangeEntry.id)
        .where(ChangeEntry.target_type == "epic_related_story", ChangeEntry.target_id == epic.id)).all())  # fmt: skip
    related = world.run(lambda ctx: ctx.session.scalars(select(WorkItemLink.to_id).where(
        WorkItemLink.from_id == epic.id)).all())  # fmt: skip
    assert sorted((diff["user_story"][1], topic) for diff, topic in logged) == sorted(
        (i, "epic_related_story.create") for i in related)  # fmt: skip
    assert all(diff["user_story"][0] is None for diff, _ in logged)
    assert len(related) == 210


def test_bulk_create_related_stories_is_all_or_nothing(client, team, world):
    _, project, owner, _, outsider = team
    epic = world.item(owner, EPIC, project)
    hidden = world.project(world.user(), private=True)
    url = f"/api/v1/epics/{epic.id}/related_userstories/bulk_create"
    h = world.auth(owner)
    for body, field in [({"project_id": project.id, "bulk_userstories": "ok\n" + "y" * 501}, "bulk_userstories"),
                        ({"project_id": project.id, "bulk_userstories": "\n"}, "bulk_userstories"),
                        ({"project_id": 999999, "bulk_userstories": "a"}, "project_id"),
                        ({"project_id": hidden.id, "bulk_userstories": "a"}, "project_id"),
                        ({"bulk_userstories": "a"}, "project_id")]:  # fmt: skip
        r = client.post(url, json=body, headers=h)
        assert r.status_code == 400 and field in r.json(), (body, r.text)
    assert story_count(world, project) == 0
    assert client.get(f"/api/v1/epics/{epic.id}/related_userstories", headers=h).json() == []
    r = client.post(url, json={"project_id": project.id, "bulk_userstories": "a"}, headers=world.auth(outsider))
    assert r.status_code == 404


def test_bulk_create_in_a_kanban_project_uses_the_default_swimlane(client, world):
    owner = world.user()
    project = world.project(owner, is_kanban_activated=True)
    lane = world.run(lambda ctx: create_lane(ctx, project.id, "Main"), actor=owner)
    epic = world.item(owner, EPIC, project)
    r = client.post(f"/api/v1/epics/{epic.id}/related_userstories/bulk_create",
                    json={"project_id": project.id, "bulk_userstories": "a"}, headers=world.auth(owner))  # fmt: skip
    story_id = r.json()[0]["user_story"]
    assert world.run(lambda ctx: ctx.session.get(WorkItem, story_id).lane_id) == lane.id


def test_user_stories_counts_follow_stories_and_tasks(client, team):
    world, project, owner, *_ = team
    epic, empty = world.item(owner, EPIC, project, subject="With"), world.item(owner, EPIC, project, subject="Without")
    done = world.item(owner, STORY, project, status_id=closed_status(world, project, "story"), subject="Done")
    half = world.item(owner, STORY, project, subject="Half")
    world.item(owner, TASK, project, parent_id=half.id, status_id=closed_status(world, project, "task"), subject="t1")
    world.item(owner, TASK, project, parent_id=half.id, subject="t2")
    untouched = world.item(owner, STORY, project, subject="Untouched")
    h = world.auth(owner)
    for story in (done, half, untouched):
        client.post(f"/api/v1/epics/{epic.id}/related_userstories", json={"user_story": story.id}, headers=h)
    listed = {e["id"]: e["user_stories_counts"] for e in client.get("/api/v1/epics", headers=h).json()}
    assert listed[epic.id] == {"total": 3, "progress": 1.5}
    assert listed[empty.id] == {"total": 0, "progress": None}
    assert client.get(f"/api/v1/epics/{epic.id}", headers=h).json()["user_stories_counts"]["total"] == 3


def test_deleting_the_epic_or_the_story_drops_the_relation(client, team):
    world, project, owner, *_ = team
    epic = world.item(owner, EPIC, project)
    story, other = world.item(owner, STORY, project), world.item(owner, STORY, project)
    h = world.auth(owner)
    base = f"/api/v1/epics/{epic.id}/related_userstories"
    for s in (story, other):
        client.post(base, json={"user_story": s.id}, headers=h)
    world.run(lambda ctx: service.delete_item(ctx, STORY, story.id), actor=owner)
    assert [row["user_story"] for row in client.get(base, headers=h).json()] == [other.id]
    assert client.delete(f"/api/v1/epics/{epic.id}", headers=h).status_code == 204
    assert world.run(lambda ctx: epics_of_stories(ctx, [other.id])) == {}
