"""One data store: a work item made through HacknPlan is a Taiga user story (or a task, by its category)
with its status, sprint, tags, assignees and comments; edited through Taiga, it reads back through
HacknPlan with nothing lost."""

from __future__ import annotations

import pytest

from planyard.core.tags import service as tags
from tests.dialects.hacknplan.work_item_world import Plan, make_plan


@pytest.fixture
def plan(team, hnp_auth) -> Plan:
    return make_plan(team, hnp_auth)


def test_hacknplan_item_is_a_taiga_story_and_back(client, plan: Plan):
    tag = plan.world.run(lambda ctx: tags.create_tag(ctx, plan.project.id, "art", "#00ff00"), actor=plan.owner)
    item = plan.new(client, title="Hero", description="Sprite", stageId=plan.stages[1], boardId=plan.boards[0],
                    estimatedCost=2, assignedUserIds=[plan.member.id], tagIds=[tag.id], subTasks=["draw"],
                    dueDate="2026-03-01T00:00:00Z")  # fmt: skip
    item_id = item["workItemId"]
    key = plan.keys["member"]
    client.post(f"{plan.url}/{item_id}/comments", json="first pass", headers=key)
    client.post(f"{plan.url}/{item_id}/worklogs", json={"value": 1}, headers=key)
    taiga = plan.world.auth(plan.owner)

    story = client.get(f"/api/v1/userstories/{item_id}", headers=taiga)
    assert story.status_code == 200
    us = story.json()
    assert (us["subject"], us["description"], us["status"], us["milestone"]) == ("Hero", "Sprite", plan.stages[1],
                                                                                 plan.boards[0])  # fmt: skip
    assert us["tags"] == [["art", "#00ff00"]] and us["assigned_users"] == [plan.member.id]
    assert us["due_date"] == "2026-03-01"
    history = client.get(f"/api/v1/history/userstory/{item_id}", headers=taiga).json()
    assert "first pass" in [entry["comment"] for entry in history]

    edited = client.patch(f"/api/v1/userstories/{item_id}", headers=taiga, json={
        "version": us["version"], "subject": "Heroine", "status": plan.stages[2], "milestone": plan.boards[1],
        "tags": [["art", "#00ff00"], ["sound", None]], "comment": "from taiga"})  # fmt: skip
    assert edited.status_code == 200, edited.text

    back = client.get(f"{plan.url}/{item_id}", headers=key).json()
    assert (back["title"], back["description"], back["estimatedCost"]) == ("Heroine", "Sprite", 2)
    assert back["stage"]["stageId"] == plan.stages[2] and back["board"]["boardId"] == plan.boards[1]
    assert [t["name"] for t in back["tags"]] == ["art", "sound"]
    assert [u["user"]["id"] for u in back["assignedUsers"]] == [plan.member.id]
    assert back["loggedCost"] == 1 and back["dueDate"] == "2026-03-01T00:00:00Z"
    comments = client.get(f"{plan.url}/{item_id}/comments", headers=key).json()["items"]
    assert [c["text"] for c in comments] == ["first pass", "from taiga"]
    assert [s["title"] for s in client.get(f"{plan.url}/{item_id}/subtasks", headers=key).json()] == ["draw"]

    again = client.patch(f"{plan.url}/{item_id}", json={"estimatedCost": 5}, headers=key).json()
    assert again["title"] == "Heroine" and again["stage"]["stageId"] == plan.stages[2]
    assert client.get(f"/api/v1/userstories/{item_id}", headers=taiga).json()["subject"] == "Heroine"


def test_a_task_category_item_is_a_taiga_task_on_the_bridged_stage(client, plan: Plan):
    story = plan.new(client, title="Story")
    task = plan.new(client, title="Do it", categoryId=plan.categories["Task"], parentStoryId=story["workItemId"],
                    stageId=plan.stages[-1])  # fmt: skip
    assert task["category"]["categoryId"] == plan.categories["Task"]
    # a task shows the first story stage of its status's category (docs/mapping.md: bridging profiles)
    assert task["stage"]["status"] == "Completed" and task["parentStoryId"] == story["workItemId"]
    taiga = plan.world.auth(plan.owner)
    got = client.get(f"/api/v1/tasks/{task['workItemId']}", headers=taiga)
    assert got.status_code == 200
    body = got.json()
    assert body["user_story"] == story["workItemId"] and body["is_closed"] is True
    listed = client.get(plan.url, params={"stageId": task["stage"]["stageId"]}, headers=plan.keys["member"]).json()
    assert [i["workItemId"] for i in listed["items"]] == [task["workItemId"]]


def test_a_taiga_story_shows_as_a_work_item(client, plan: Plan):
    taiga = plan.world.auth(plan.owner)
    made = client.post("/api/v1/userstories", headers=taiga, json={
        "project": plan.project.id, "subject": "From Taiga", "milestone": plan.boards[0], "tags": ["ui"]})  # fmt: skip
    assert made.status_code == 201, made.text
    item = client.get(f"{plan.url}/{made.json()['id']}", headers=plan.keys["member"]).json()
    assert (item["title"], item["board"]["boardId"]) == ("From Taiga", plan.boards[0])
    assert [t["name"] for t in item["tags"]] == ["ui"]
    assert item["stage"]["stageId"] == plan.stages[0] and item["category"]["name"] == "User story"


def test_taiga_history_hides_the_fields_taiga_has_not(client, plan: Plan):
    """A HacknPlan edit of estimate and start date is no Taiga history entry (taiga-back makes none for a
    change without a diff) nor timeline event; beside a title it leaves only the subject in the entry."""
    item_id = plan.new(client, title="Hero")["workItemId"]
    key, taiga = plan.keys["member"], plan.world.auth(plan.owner)
    hidden = {"estimate", "start_date", "design_element_id", "item_type_id", "extra", "estimatedCost", "startDate"}
    only_hidden = client.patch(f"{plan.url}/{item_id}", json={"estimatedCost": 5, "startDate": "2026-03-01T00:00:00Z"},
                               headers=key)  # fmt: skip
    assert only_hidden.status_code == 200 and only_hidden.json()["estimatedCost"] == 5
    history = client.get(f"/api/v1/history/userstory/{item_id}", headers=taiga)
    assert history.status_code == 200 and history.json() == []
    both = client.patch(f"{plan.url}/{item_id}", json={"estimatedCost": 8, "title": "Heroine"}, headers=key)
    assert both.status_code == 200
    (entry,) = client.get(f"/api/v1/history/userstory/{item_id}", headers=taiga).json()
    assert set(entry["diff"]) == set(entry["values_diff"]) == {"subject"}
    assert entry["values_diff"]["subject"] == ["Hero", "Heroine"]
    events = client.get(f"/api/v1/timeline/project/{plan.project.id}", headers=taiga).json()
    changes = [e["data"]["values_diff"] for e in events if e["event_type"] == "userstories.userstory.change"]
    assert changes == [{"subject": ["Hero", "Heroine"]}]
    assert not hidden & {k for e in events for k in e["data"].get("values_diff", {})}
