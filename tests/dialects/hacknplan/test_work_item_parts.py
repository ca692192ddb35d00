"""What hangs on a HacknPlan work item, over HTTP: comments, attachments, dependencies, subtasks, tags,
users and work logs, with their documented codes and bodies."""

from __future__ import annotations

import pytest

from planyard.core.tags import service as tags
from tests.dialects.hacknplan.work_item_world import Plan, make_plan


@pytest.fixture
def plan(team, hnp_auth) -> Plan:
    return make_plan(team, hnp_auth)


def test_comments(client, plan: Plan):
    item = plan.new(client)
    url = f"{plan.url}/{item['workItemId']}/comments"
    member, owner = plan.keys["member"], plan.keys["owner"]
    first = client.post(url, json="Looks good", headers=member)
    assert first.status_code == 200
    body = first.json()
    assert (body["text"], body["user"]["id"], body["workItemId"], body["workLog"]) == (
        "Looks good", plan.member.id, item["workItemId"], None)  # fmt: skip
    client.post(url, json={"text": "Second"}, headers=owner)
    page = client.get(url, params={"limit": 1, "offset": 1}, headers=member).json()
    assert (page["totalCount"], page["offset"], page["limit"], [c["text"] for c in page["items"]]) == (
        2, 1, 1, ["Second"])  # fmt: skip
    one = f"{url}/{body['commentId']}"
    assert client.get(one, headers=owner).json() == body
    assert client.put(one, json="Mine", headers=owner).status_code == 403  # only the author edits
    edited = client.put(one, json="Better", headers=member)
    assert edited.status_code == 200 and edited.json()["text"] == "Better"
    for bad in ("", "x" * 5001, 5, None, {"text": ""}):
        response = client.post(url, json=bad, headers=member)
        assert (response.status_code, response.json()) == (400, {"message": "Invalid comment text."})
    assert client.delete(one, headers=owner).status_code == 200  # an admin deletes any
    assert client.get(one, headers=owner).status_code == 404
    assert client.get(url, params={"limit": 0}, headers=owner).json() == {"message": "Invalid offset and limit values."}


def test_attachments_and_the_card_picture(client, plan: Plan):
    item = plan.new(client)
    url = f"{plan.url}/{item['workItemId']}/attachments"
    key = plan.keys["member"]
    not_multipart = client.post(url, json={"file": "x"}, headers=key)
    assert (not_multipart.status_code, not_multipart.json()) == (415, {"message": "The content is not MIME multipart "
                                                                                  "content."})  # fmt: skip
    uploaded = client.post(url, files={"file": ("shot.png", b"\x89PNG data", "image/png")}, headers=key)
    assert uploaded.status_code == 200
    body = uploaded.json()
    assert (body["file"]["name"], body["file"]["size"], body["file"]["isImage"], body["isCardPicture"]) == (
        "shot.png", 9, True, False)  # fmt: skip
    one = f"{url}/{body['attachmentId']}"
    assert client.get(one, headers=key).json() == body
    assert client.get(url, headers=key).json()["totalCount"] == 1
    assert client.put(one, headers=key).json()["isCardPicture"] is True
    shown = client.get(f"{plan.url}/{item['workItemId']}", headers=key).json()
    assert shown["picture"]["attachmentId"] == body["attachmentId"]
    assert client.put(one, headers=key).json()["isCardPicture"] is False
    assert client.delete(one, headers=key).status_code == 200
    assert client.get(one, headers=key).status_code == 404
    empty = client.post(url, files={"file": ("e.txt", b"", "text/plain")}, headers=key)
    assert empty.status_code == 400


def test_dependencies_resolve_with_their_item(client, plan: Plan):
    waiting, blocking = plan.new(client, title="waits"), plan.new(client, title="blocks")
    url = f"{plan.url}/{waiting['workItemId']}/dependencies"
    key = plan.keys["member"]
    assert client.post(url, json=blocking["workItemId"], headers=key).status_code == 201
    listed = client.get(url, headers=key).json()
    assert [(d["workItem"]["workItemId"], d["isResolved"]) for d in listed] == [(blocking["workItemId"], False)]
    shown = client.get(f"{plan.url}/{waiting['workItemId']}", headers=key).json()
    assert (shown["hasDependencies"], shown["isBlocked"]) == (True, True)
    client.patch(f"{plan.url}/{blocking['workItemId']}", json={"stageId": plan.stages[-1]}, headers=key)
    one = client.get(f"{url}/{blocking['workItemId']}", headers=key).json()
    assert one["isResolved"] is True
    assert client.get(f"{plan.url}/{waiting['workItemId']}", headers=key).json()["isBlocked"] is False
    back = f"{plan.url}/{blocking['workItemId']}/dependencies"
    for bad_url, bad in ((back, waiting["workItemId"]), (url, blocking["workItemId"]), (url, waiting["workItemId"]),
                         (url, 999999), (url, "x")):  # fmt: skip
        response = client.post(bad_url, json=bad, headers=key)
        assert (response.status_code, response.json()) == (400, {"message": "Invalid dependency."})
    assert client.delete(f"{url}/{blocking['workItemId']}", headers=key).status_code == 201
    assert client.get(url, headers=key).json() == []
    assert client.delete(f"{url}/{blocking['workItemId']}", headers=key).status_code == 404


def test_subtasks_create_rename_complete_reorder_delete(client, plan: Plan):
    item = plan.new(client)
    url = f"{plan.url}/{item['workItemId']}/subtasks"
    key = plan.keys["member"]
    for title in ("one", "two", "three"):
        created = client.post(url, json=title, headers=key)
        assert created.status_code == 200
    listed = created.json()
    assert [(s["title"], s["index"], s["isCompleted"]) for s in listed] == [("one", 1, False), ("two", 2, False),
                                                                               ("three", 3, False)]  # fmt: skip
    third = f"{url}/{listed[2]['subTaskId']}"
    patched = client.patch(third, json={"isCompleted": True, "index": 1}, headers=key)
    assert patched.status_code == 200 and (patched.json()["index"], patched.json()["isCompleted"]) == (1, True)
    renamed = client.put(third, json={"title": "first"}, headers=key)
    assert (renamed.json()["title"], renamed.json()["isCompleted"], renamed.json()["index"]) == ("first", False, 1)
    assert [s["title"] for s in client.get(url, headers=key).json()] == ["first", "one", "two"]
    assert client.get(third, headers=key).json()["subTaskId"] == listed[2]["subTaskId"]
    for bad in ("", 5, None):
        response = client.post(url, json=bad, headers=key)
        assert (response.status_code, response.json()) == (400, {"message": "Invalid subtask title."})
    assert client.patch(third, json={"title": ""}, headers=key).status_code == 400
    assert client.delete(third, headers=key).status_code == 200
    assert client.get(third, headers=key).status_code == 404
    assert [s["index"] for s in client.get(url, headers=key).json()] == [1, 2]


def test_tags_on_a_work_item(client, plan: Plan):
    tag_ids = [plan.world.run(lambda ctx, n=name: tags.create_tag(ctx, plan.project.id, n, "#ff0000"),
                              actor=plan.owner).id for name in ("art", "code")]  # fmt: skip
    item = plan.new(client, tagIds=[tag_ids[1]])
    url = f"{plan.url}/{item['workItemId']}/tags"
    key = plan.keys["member"]
    assert client.post(url, json=tag_ids[0], headers=key).status_code == 201
    again = client.post(url, json=tag_ids[0], headers=key)
    assert (again.status_code, again.json()) == (409, {"message": "The tag is already assigned to the work item."})
    listed = client.get(url, headers=key).json()
    assert [(t["name"], t["displayOrder"]) for t in listed] == [("code", 0), ("art", 1)]
    shown = client.get(f"{plan.url}/{item['workItemId']}", headers=key).json()
    assert [t["tagId"] for t in shown["tags"]] == [tag_ids[1], tag_ids[0]]
    assert client.delete(f"{url}/{tag_ids[1]}", headers=key).status_code == 200
    assert [t["name"] for t in client.get(url, headers=key).json()] == ["art"]
    assert client.delete(f"{url}/{tag_ids[1]}", headers=key).status_code == 404
    assert client.post(url, json=999999, headers=key).status_code == 404


def test_assigning_and_unassigning_users(client, plan: Plan):
    item = plan.new(client)
    url = f"{plan.url}/{item['workItemId']}/users"
    key = plan.keys["member"]
    assert client.post(url, json=plan.member.id, headers=key).status_code == 200
    assert client.post(url, json={"userId": plan.owner.id}, headers=key).status_code == 200
    shown = client.get(f"{plan.url}/{item['workItemId']}", headers=key).json()
    assert sorted(u["user"]["id"] for u in shown["assignedUsers"]) == sorted([plan.member.id, plan.owner.id])
    assert client.post(url, json=plan.outsider.id, headers=key).status_code == 400  # not a member
    assert client.delete(f"{url}/{plan.member.id}", headers=key).status_code == 200
    assert client.delete(f"{url}/{plan.member.id}", headers=key).status_code == 404
    listed = client.get(plan.url, params={"userId": plan.owner.id}, headers=key).json()
    assert [i["workItemId"] for i in listed["items"]] == [item["workItemId"]]


def test_an_inactive_user_is_409(client, plan: Plan):
    from planyard.models import User

    def deactivate(ctx):
        ctx.session.get(User, plan.member.id).is_active = False

    item = plan.new(client)
    plan.world.run(deactivate)
    response = client.post(f"{plan.url}/{item['workItemId']}/users", json=plan.member.id, headers=plan.keys["owner"])
    assert (response.status_code, response.json()) == (409, {"message": "The user is inactive"})


def test_work_logs(client, plan: Plan):
    item = plan.new(client, estimatedCost=4)
    url = f"{plan.url}/{item['workItemId']}/worklogs"
    key = plan.keys["member"]
    logged = client.post(url, json={"value": 1.5, "comment": "fixing"}, headers=key)
    assert logged.status_code == 201
    body = logged.json()
    assert (body["value"], body["comment"], body["user"]["id"]) == (1.5, "fixing", plan.member.id)
    assert client.get(f"{plan.url}/{item['workItemId']}", headers=key).json()["loggedCost"] == 1.5
    one = f"{url}/{body['workLogId']}"
    updated = client.put(one, json=2.25, headers=key)
    assert (updated.status_code, updated.json()["value"]) == (201, 2.25)
    assert client.get(one, headers=key).json()["value"] == 2.25
    assert [w["workLogId"] for w in client.get(url, headers=key).json()] == [body["workLogId"]]
    for bad in (0, -1, "x", None):
        response = client.put(one, json=bad, headers=key)
        assert (response.status_code, response.json()) == (400, {"message": "Invalid log value."})
    assert client.post(url, json={"value": 0}, headers=key).status_code == 400
    assert client.post(url, json={"value": 1, "userId": plan.outsider.id}, headers=key).status_code == 400
    assert client.delete(one, headers=key).status_code == 200
    assert client.get(one, headers=key).status_code == 404


def test_a_story_sums_its_tasks(client, plan: Plan):
    story = plan.new(client, title="Story", isStory=True)
    task = plan.new(client, title="Task", parentStoryId=story["workItemId"], estimatedCost=3)
    client.post(f"{plan.url}/{task['workItemId']}/worklogs", json={"value": 2}, headers=plan.keys["member"])
    shown = client.get(f"{plan.url}/{story['workItemId']}", headers=plan.keys["member"]).json()
    assert (shown["isStory"], shown["storyTasksEstimatedCost"], shown["storyTasksLoggedCost"]) == (True, 3, 2)
    children = client.get(plan.url, params={"parentStoryId": story["workItemId"]}, headers=plan.keys["member"]).json()
    assert [i["workItemId"] for i in children["items"]] == [task["workItemId"]]
    top = client.get(plan.url, params={"parentStoryId": 0}, headers=plan.keys["member"]).json()
    assert [i["workItemId"] for i in top["items"]] == [story["workItemId"]]


def test_outsiders_and_anonymous_see_nothing(client, plan: Plan):
    item = plan.new(client)
    base = f"{plan.url}/{item['workItemId']}"
    for path in ("/comments", "/attachments", "/dependencies", "/subtasks", "/tags", "/worklogs"):
        assert client.get(base + path, headers=plan.keys["outsider"]).status_code == 404
        assert client.get(base + path).status_code == 401


def test_a_member_whose_role_only_reads_and_comments_gets_403_on_writes(client, plan: Plan, hnp_auth):
    guest = plan.world.user("guest")
    plan.world.member(plan.project, guest, role_slug="stakeholder")
    key = hnp_auth(guest)
    item = plan.new(client)
    url = f"{plan.url}/{item['workItemId']}"
    assert client.get(url, headers=key).status_code == 200
    assert client.get(plan.url, headers=key).json()["totalCount"] == 1
    assert client.post(plan.url, json={"title": "x"}, headers=key).status_code == 403
    assert client.patch(url, json={"title": "x"}, headers=key).status_code == 403
    assert client.delete(url, headers=key).status_code == 403
    assert client.post(url, headers=key).status_code == 403  # clone
    assert client.post(f"{url}/subtasks", json="s", headers=key).status_code == 403
    assert client.post(f"{url}/worklogs", json={"value": 1}, headers=key).status_code == 403
    assert client.post(f"{url}/users", json=plan.member.id, headers=key).status_code == 403
    comment = client.post(f"{url}/comments", json="I may comment", headers=key)
    assert comment.status_code == 200
    theirs = client.post(f"{url}/comments", json="mine", headers=plan.keys["member"]).json()
    assert client.delete(f"{url}/comments/{theirs['commentId']}", headers=key).status_code == 403
    assert client.get(url, headers=key).json()["title"] == "Item"
