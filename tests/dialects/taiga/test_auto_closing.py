"""Taiga's automatic closing: a story closes and reopens with its tasks (its status stays), a sprint
closes when everything in it is closed and reopens otherwise; neither records history nor bumps a
version; after a deletion a sprint may close but not reopen; no extra queries per story."""

from __future__ import annotations

from sqlalchemy import select

from planyard.core.work_items.kinds import ISSUE, STORY, TASK
from planyard.models import ChangeEntry, Sprint, WorkItem
from tests.dialects.taiga.test_userstories import make_sprint
from tests.dialects.taiga.test_work_item_moves import status_id


def sprint_closed(world, sprint):
    return world.run(lambda ctx: ctx.session.get(Sprint, sprint.id)).closed


def row(world, item):
    return world.run(lambda ctx: ctx.session.get(WorkItem, item.id))


def entries(world, target_type, target_id):
    return world.run(lambda ctx: ctx.session.scalars(select(ChangeEntry.action).where(
        ChangeEntry.target_id == target_id, ChangeEntry.target_type == target_type)).all())  # fmt: skip


def setup(world):
    owner = world.user()
    project = world.project(owner)
    return owner, project, world.auth(owner)


def test_a_story_closes_and_reopens_with_its_tasks(client, world):
    owner, project, h = setup(world)
    sprint = make_sprint(world, project)
    in_progress = status_id(world, project, "story", "in-progress")
    story = world.item(owner, STORY, project, sprint_id=sprint.id, status_id=in_progress)
    first, second = (world.item(owner, TASK, project, parent_id=story.id) for _ in range(2))
    closed, new = status_id(world, project, "task", "closed"), status_id(world, project, "task", "new")
    client.patch(f"/api/v1/tasks/{first.id}", json={"status": closed}, headers=h)
    assert row(world, story).is_closed is False and sprint_closed(world, sprint) is False
    r = client.patch(f"/api/v1/tasks/{second.id}", json={"status": closed}, headers=h)
    assert r.status_code == 200 and r.json()["is_closed"] is True
    body = client.get(f"/api/v1/userstories/{story.id}", headers=h).json()
    assert body["is_closed"] is True and body["finish_date"] and body["status"] == in_progress
    assert body["version"] == 1 and entries(world, "story", story.id) == ["create"]  # Taiga saves only the flags
    milestone = client.get(f"/api/v1/milestones/{sprint.id}", headers=h).json()
    assert milestone["closed"] is True
    client.patch(f"/api/v1/tasks/{second.id}", json={"status": new}, headers=h)
    body = client.get(f"/api/v1/userstories/{story.id}", headers=h).json()
    assert body["is_closed"] is False and body["finish_date"] is None and body["version"] == 1
    assert sprint_closed(world, sprint) is False


def test_without_tasks_the_status_decides_and_with_tasks_the_tasks_do(client, world):
    owner, project, h = setup(world)
    done = status_id(world, project, "story", "done")
    story = world.item(owner, STORY, project)
    r = client.patch(f"/api/v1/userstories/{story.id}", json={"status": done}, headers=h)
    assert r.json()["is_closed"] is True and r.json()["finish_date"]
    task = world.item(owner, TASK, project, parent_id=story.id)  # an open task reopens the story
    assert row(world, story).is_closed is False
    other = world.item(owner, STORY, project)
    client.patch(f"/api/v1/tasks/{task.id}", json={"user_story": other.id}, headers=h)
    assert row(world, story).is_closed is True and row(world, other).is_closed is False
    client.delete(f"/api/v1/tasks/{task.id}", headers=h)
    assert row(world, other).is_closed is False  # no tasks, an open status


def test_a_sprint_counts_stories_story_less_tasks_and_issues(client, world):
    owner, project, h = setup(world)
    sprint = make_sprint(world, project)
    issue = world.item(owner, ISSUE, project, sprint_id=sprint.id)
    task = world.item(owner, TASK, project, sprint_id=sprint.id)
    issue_closed, task_closed = (
        status_id(world, project, "issue", "closed"),
        status_id(world, project, "task", "closed"),
    )
    client.patch(f"/api/v1/issues/{issue.id}", json={"status": issue_closed}, headers=h)
    assert sprint_closed(world, sprint) is False
    client.patch(f"/api/v1/tasks/{task.id}", json={"status": task_closed}, headers=h)
    assert sprint_closed(world, sprint) is True
    milestone = client.get(f"/api/v1/milestones/{sprint.id}", headers=h).json()
    assert milestone["closed"] is True and entries(world, "milestone", sprint.id) == []
    story = world.item(owner, STORY, project, sprint_id=sprint.id)  # an open story reopens it
    assert sprint_closed(world, sprint) is False
    client.patch(f"/api/v1/userstories/{story.id}", json={"milestone": None}, headers=h)  # and leaving closes it
    assert sprint_closed(world, sprint) is True


def test_deleting_closes_but_never_reopens(client, world):
    owner, project, h = setup(world)
    sprint = make_sprint(world, project)
    done = world.item(owner, ISSUE, project, sprint_id=sprint.id, status_id=status_id(world, project, "issue",
                                                                                         "closed"))  # fmt: skip
    still_open = world.item(owner, ISSUE, project, sprint_id=sprint.id)
    assert sprint_closed(world, sprint) is False
    assert client.delete(f"/api/v1/issues/{still_open.id}", headers=h).status_code == 204
    assert sprint_closed(world, sprint) is True
    assert client.delete(f"/api/v1/issues/{done.id}", headers=h).status_code == 204
    assert sprint_closed(world, sprint) is True  # empty now: Taiga would call it open, but a deletion doesn't reopen


def test_kanban_and_sprint_moves_settle_too(client, world):
    owner, project, h = setup(world)
    sprint, other_sprint = make_sprint(world, project), make_sprint(world, project, "S2")
    done = status_id(world, project, "story", "done")
    story = world.item(owner, STORY, project, sprint_id=sprint.id)
    r = client.post(
        "/api/v1/userstories/bulk_update_kanban_order",
        json={"project_id": project.id, "status_id": done, "bulk_userstories": [story.id]},
        headers=h,
    )
    assert r.status_code == 200, r.text
    assert row(world, story).is_closed is True and sprint_closed(world, sprint) is True
    world.item(owner, STORY, project, sprint_id=other_sprint.id, status_id=done)
    assert sprint_closed(world, other_sprint) is True
    opened = world.item(owner, STORY, project)
    r = client.post("/api/v1/userstories/bulk_update_milestone", json={
        "project_id": project.id, "milestone_id": other_sprint.id, "bulk_stories": [{"us_id": opened.id, "order": 1}]},
        headers=h)  # fmt: skip
    assert r.status_code == 204 and sprint_closed(world, other_sprint) is False
    task = world.item(owner, TASK, project, sprint_id=other_sprint.id)
    r = client.post("/api/v1/tasks/bulk_update_milestone", json={
        "project_id": project.id, "milestone_id": sprint.id, "bulk_tasks": [{"task_id": task.id, "order": 1}]},
        headers=h)  # fmt: skip
    assert r.status_code == 200 and sprint_closed(world, sprint) is False


def test_a_hand_closed_sprint_stays_closed_until_an_item_in_it_changes(client, world):
    owner, project, h = setup(world)
    sprint = make_sprint(world, project)
    story = world.item(owner, STORY, project, sprint_id=sprint.id)
    r = client.patch(f"/api/v1/milestones/{sprint.id}", json={"closed": True}, headers=h)
    assert r.status_code == 200 and r.json()["closed"] is True
    client.patch(f"/api/v1/userstories/{story.id}", json={"subject": "Edited"}, headers=h)
    assert sprint_closed(world, sprint) is False


def test_a_task_edit_costs_the_same_whatever_the_sprint_holds(client, world, query_counter):
    owner, project, h = setup(world)
    sprint = make_sprint(world, project)
    story = world.item(owner, STORY, project, sprint_id=sprint.id)
    task = world.item(owner, TASK, project, parent_id=story.id)
    statuses = [status_id(world, project, "task", slug) for slug in ("closed", "new")]

    def edit_cost(extra_stories, flip):
        for _ in range(extra_stories):
            world.item(owner, STORY, project, sprint_id=sprint.id)
            world.item(owner, TASK, project, sprint_id=sprint.id)
        query_counter.clear()
        assert client.patch(f"/api/v1/tasks/{task.id}", json={"status": statuses[flip]}, headers=h).status_code == 200
        return len(query_counter)

    assert edit_cost(1, 0) == edit_cost(15, 1)  # the story closes, then reopens; the sprint stays open


def test_editing_a_status_closed_flag_settles_its_items(client, world):
    owner, project, h = setup(world)
    sprint = make_sprint(world, project)
    needs_info = status_id(world, project, "task", "needs-info")
    story = world.item(owner, STORY, project, sprint_id=sprint.id)
    task = world.item(owner, TASK, project, parent_id=story.id, sprint_id=sprint.id, status_id=needs_info)
    r = client.patch(f"/api/v1/task-statuses/{needs_info}", json={"is_closed": True}, headers=h)
    assert r.status_code == 200, r.text
    assert row(world, task).is_closed is True and row(world, story).is_closed is True
    assert sprint_closed(world, sprint) is True
    client.patch(f"/api/v1/task-statuses/{needs_info}", json={"is_closed": False}, headers=h)
    assert row(world, task).is_closed is False and row(world, story).is_closed is False
    assert sprint_closed(world, sprint) is False
