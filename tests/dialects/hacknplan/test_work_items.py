"""HacknPlan work items over HTTP: create, get, PUT replacing every field and PATCH only those sent,
stage changes, estimates, moves between boards and on one, clone, delete, bad bodies, markers."""

from __future__ import annotations

import pytest

from tests.dialects.hacknplan.work_item_world import Plan, make_plan


@pytest.fixture
def plan(team, hnp_auth) -> Plan:
    return make_plan(team, hnp_auth)


def test_create_and_get_a_work_item(client, plan: Plan):
    body = plan.new(client, title="Jump", description="Higher", categoryId=plan.categories["User story"],
                    stageId=plan.stages[1], importanceLevelId=plan.levels[0], boardId=plan.boards[0],
                    estimatedCost=2.5, startDate="2026-01-02T00:00:00Z", dueDate="2026-01-09T00:00:00Z",
                    assignedUserIds=[plan.member.id], isStory=True, subTasks=["a", "b"])  # fmt: skip
    assert (body["title"], body["description"], body["estimatedCost"], body["isStory"]) == ("Jump", "Higher", 2.5,
                                                                                           True)  # fmt: skip
    assert body["stage"]["stageId"] == plan.stages[1] and body["stage"]["status"] == "Started"
    assert body["board"]["boardId"] == plan.boards[0] and body["boardIndex"] == 1
    assert body["importanceLevel"]["importanceLevelId"] == plan.levels[0]
    assert body["category"]["categoryId"] == plan.categories["User story"]
    assert (body["startDate"], body["dueDate"]) == ("2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z")
    assert [u["user"]["id"] for u in body["assignedUsers"]] == [plan.member.id]
    assert body["user"]["id"] == plan.owner.id and body["projectId"] == plan.project.id
    assert (body["loggedCost"], body["hasDependencies"], body["isBlocked"], body["picture"]) == (0, False, False, None)
    got = client.get(f"{plan.url}/{body['workItemId']}", headers=plan.keys["member"])
    assert got.status_code == 200 and got.json() == body
    subtasks = client.get(f"{plan.url}/{body['workItemId']}/subtasks", headers=plan.keys["member"]).json()
    assert [(s["title"], s["index"]) for s in subtasks] == [("a", 1), ("b", 2)]


def test_a_new_item_takes_the_defaults(client, plan: Plan):
    body = plan.new(client, title="Plain")
    assert body["stage"]["stageId"] == plan.stages[0] and body["board"] is None and body["boardIndex"] == 1
    assert body["importanceLevel"] is not None and body["isStory"] is False and body["estimatedCost"] is None
    assert body["description"] == "" and body["parentStoryId"] is None


def test_put_replaces_every_field_and_patch_only_those_sent(client, plan: Plan):
    item = plan.new(client, title="A", description="d", boardId=plan.boards[0], estimatedCost=3,
                    dueDate="2026-02-01T00:00:00Z", importanceLevelId=plan.levels[1])  # fmt: skip
    url = f"{plan.url}/{item['workItemId']}"
    patched = client.patch(url, json={"estimatedCost": 5, "stageId": plan.stages[-1]}, headers=plan.keys["member"])
    assert patched.status_code == 200
    body = patched.json()
    assert (body["title"], body["description"], body["estimatedCost"]) == ("A", "d", 5)
    assert body["board"]["boardId"] == plan.boards[0] and body["stage"]["stageId"] == plan.stages[-1]
    assert body["closingDate"] is not None and body["stage"]["status"] == "Completed"
    replaced = client.put(url, json={"title": "B"}, headers=plan.keys["member"])
    assert replaced.status_code == 200
    body = replaced.json()
    assert (body["title"], body["description"], body["estimatedCost"], body["dueDate"]) == ("B", "", None, None)
    assert body["board"] is None and body["importanceLevel"] is None
    assert body["stage"]["stageId"] == plan.stages[-1]  # a stage is never null: left out, it stays
    assert client.get(url, headers=plan.keys["owner"]).json() == body


def test_moving_between_boards_and_on_a_board(client, plan: Plan):
    first, second, third = (plan.new(client, title=t, boardId=plan.boards[0]) for t in "abc")
    assert [i["boardIndex"] for i in (first, second, third)] == [1, 2, 3]
    url = plan.url
    moved = client.patch(f"{url}/{third['workItemId']}", json={"boardIndex": 1}, headers=plan.keys["member"])
    assert moved.json()["boardIndex"] == 1
    listed = client.get(url, params={"boardId": plan.boards[0]}, headers=plan.keys["member"]).json()["items"]
    assert sorted((i["boardIndex"], i["title"]) for i in listed) == [(1, "c"), (2, "a"), (3, "b")]
    key = plan.keys["member"]
    to_other = client.patch(f"{url}/{first['workItemId']}", json={"boardId": plan.boards[1]}, headers=key)
    assert to_other.json()["board"]["boardId"] == plan.boards[1] and to_other.json()["boardIndex"] == 1
    to_backlog = client.patch(f"{url}/{first['workItemId']}", json={"boardId": 0}, headers=plan.keys["member"])
    assert to_backlog.json()["board"] is None


def test_clone_copies_the_item(client, plan: Plan):
    item = plan.new(client, title="Orig", description="x", estimatedCost=1, boardId=plan.boards[0],
                    assignedUserIds=[plan.member.id], subTasks=["s"])  # fmt: skip
    cloned = client.post(f"{plan.url}/{item['workItemId']}", headers=plan.keys["member"])
    assert cloned.status_code == 200
    body = cloned.json()
    assert body["workItemId"] != item["workItemId"]
    assert (body["title"], body["description"], body["estimatedCost"]) == ("Orig", "x", 1)
    assert body["board"]["boardId"] == plan.boards[0] and body["user"]["id"] == plan.member.id
    assert [u["user"]["id"] for u in body["assignedUsers"]] == [plan.member.id]
    subtasks = client.get(f"{plan.url}/{body['workItemId']}/subtasks", headers=plan.keys["member"]).json()
    assert [s["title"] for s in subtasks] == ["s"]


def test_delete(client, plan: Plan):
    item = plan.new(client)
    url = f"{plan.url}/{item['workItemId']}"
    deleted = client.delete(url, headers=plan.keys["member"])
    assert deleted.status_code == 200
    missing = client.get(url, headers=plan.keys["member"])
    assert (missing.status_code, missing.json()) == (404, {"message": "Work item not found."})


@pytest.mark.parametrize("body", [
    {}, {"title": ""}, {"title": 5}, {"title": "x" * 501}, [1], {"title": "a", "estimatedCost": -1},
    {"title": "a", "stageId": 999999}, {"title": "a", "boardId": 999999}, {"title": "a", "categoryId": 999999},
    {"title": "a", "importanceLevelId": 999999}, {"title": "a", "designElementId": 999999},
    {"title": "a", "parentStoryId": 999999}, {"title": "a", "assignedUserIds": [999999]},
    {"title": "a", "tagIds": [999999]}, {"title": "a", "dueDate": "soon"}, {"title": "a", "boardId": "x"},
])  # fmt: skip
def test_a_bad_create_body_is_400_and_writes_nothing(client, plan: Plan, body):
    response = client.post(plan.url, json=body, headers=plan.keys["member"])
    assert response.status_code == 400, response.text
    assert set(response.json()) == {"message"}
    assert client.get(plan.url, headers=plan.keys["member"]).json()["totalCount"] == 0


def test_patch_with_a_null_title_is_400(client, plan: Plan):
    item = plan.new(client)
    response = client.patch(f"{plan.url}/{item['workItemId']}", json={"title": None}, headers=plan.keys["member"])
    assert (response.status_code, response.json()) == (400, {"message": "Invalid values object."})


def test_markers_members_only(client, plan: Plan, hnp_auth):
    item = plan.new(client)
    url = f"{plan.url}/{item['workItemId']}"
    assert client.get(url, headers=plan.keys["outsider"]).status_code == 404
    assert client.post(plan.url, json={"title": "x"}, headers=plan.keys["outsider"]).status_code == 404
    assert client.get(url).status_code == 401
    assert client.get(f"{plan.url}/{2**31}", headers=plan.keys["member"]).status_code == 404


def test_an_item_of_another_project_is_404(client, plan: Plan, hnp_auth):
    other = plan.world.project(plan.owner, name="Other")
    item = plan.new(client)
    response = client.get(f"/hacknplan/v0/projects/{other.id}/workitems/{item['workItemId']}",
                          headers=plan.keys["owner"])  # fmt: skip
    assert response.status_code == 404
