"""Taiga §31 History: entries of each kind, names in values/values_diff, filters, pagination,
permissions, and the comment actions (edit, delete, undelete, versions) by author, admin and others."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from planyard.core.work_items import service
from planyard.core.work_items.kinds import EPIC, ISSUE, STORY, TASK
from planyard.core.work_items.service import ItemChanges
from planyard.models import ChangeEntry, Comment, PointValue, Role, Status

ENTRY_FIELDS = {"id", "user", "created_at", "type", "key", "diff", "snapshot", "values", "values_diff", "comment",
                "comment_html", "delete_comment_date", "delete_comment_user", "edit_comment_date", "is_hidden",
                "is_snapshot"}  # fmt: skip
KINDS = [("userstory", STORY, "userstories.userstory"), ("task", TASK, "tasks.task"),
         ("issue", ISSUE, "issues.issue"), ("epic", EPIC, "epics.epic")]  # fmt: skip


def edit(world, actor, kind, item, comment="", **fields):
    return world.run(lambda ctx: service.update_item(ctx, kind, item.id, ItemChanges(fields, comment=comment)),
                     actor=actor)  # fmt: skip


def lookup(world, model, **where):
    return world.run(lambda ctx: ctx.session.scalar(select(model).filter_by(**where).limit(1)))


def status(world, project, kind, name):
    return lookup(world, Status, project_id=project.id, kind=kind, name=name)


def entry_id(world, item, comment):
    return lookup(world, Comment, target_id=item.id, text=comment).change_id


@pytest.mark.parametrize("path, kind, typename", KINDS)
def test_history_entry_shape(client, team, path, kind, typename):
    world, project, owner, member, *_ = team
    item = world.item(owner, kind, project, subject="Login page")
    new, other = (
        status(world, project, kind.name, "New"),
        lookup(world, Status, project_id=project.id, kind=kind.name, is_closed=True),
    )
    edit(world, member, kind, item, "Looks **good**", status_id=other.id, subject="Login form")
    r = client.get(f"/api/v1/history/{path}/{item.id}", headers=world.auth(member))
    assert r.status_code == 200, r.text
    assert r.headers["x-paginated"] == "true" and r.headers["x-pagination-count"] == "1"
    [entry] = r.json()  # the creation is not an entry of the history (Taiga lists changes)
    assert set(entry) == ENTRY_FIELDS
    assert isinstance(entry["id"], str) and entry["id"].isdigit()
    assert (entry["type"], entry["key"]) == (1, f"{typename}:{item.id}")
    assert entry["user"] == {"pk": member.id, "username": member.username, "name": member.full_name, "photo": None,
                             "is_active": True, "gravatar_id": entry["user"]["gravatar_id"]}  # fmt: skip
    assert len(entry["user"]["gravatar_id"]) == 32
    assert entry["diff"] == {"status": [new.id, other.id], "subject": ["Login page", "Login form"]}
    assert entry["values"] == {"status": {str(new.id): "New", str(other.id): other.name}, "users": {}}
    assert entry["values_diff"] == {"status": ["New", other.name], "subject": ["Login page", "Login form"]}
    assert entry["comment"] == "Looks **good**"
    assert entry["comment_html"] == "<p>Looks <strong>good</strong></p>\n"
    assert (entry["delete_comment_date"], entry["delete_comment_user"], entry["edit_comment_date"]) == (None,) * 3
    assert (entry["snapshot"], entry["is_hidden"], entry["is_snapshot"]) == (None, False, False)
    assert entry["created_at"].startswith("20")


def test_values_name_users_sprints_parents_and_points(client, team):
    world, project, owner, member, _ = team
    admin = team.admin
    story = world.item(owner, STORY, project, subject="Parent")
    task = world.item(owner, TASK, project, subject="Login page")
    edit(world, owner, TASK, task, assigned_to_id=member.id, parent_id=story.id, description="one two")
    edit(world, owner, TASK, task, description="one three")
    h = world.auth(owner)
    newest, first = client.get(f"/api/v1/history/task/{task.id}", headers=h).json()
    assert first["diff"]["assigned_to"] == [None, member.id] and first["diff"]["user_story"] == [None, story.id]
    assert first["values"]["users"] == {str(member.id): member.full_name}
    assert first["values"]["user_story"] == {str(story.id): f"#{story.ref} Parent"}
    assert first["values_diff"]["assigned_to"] == [None, member.full_name]
    assert first["values_diff"]["user_story"] == [None, f"#{story.ref} Parent"]
    assert '<ins style="background:#e6ffe6;">one two</ins>' in first["values_diff"]["description_diff"][1]
    assert "description" not in first["values_diff"]
    html = newest["values_diff"]["description_diff"][1]
    assert "<span>one </span>" in html and "<del" in html and "three</ins>" in html
    role = lookup(world, Role, project_id=project.id, slug="back")
    points = lookup(world, PointValue, project_id=project.id, name="5")
    world.run(lambda ctx: service.update_item(ctx, STORY, story.id, ItemChanges(
        assignees=[member.id, admin.id], role_points={role.id: points.id})), actor=owner)  # fmt: skip
    [entry] = client.get(f"/api/v1/history/userstory/{story.id}", headers=h).json()
    assert entry["diff"]["assigned_users"] == [[], sorted([member.id, admin.id])]
    assert entry["values_diff"]["assigned_users"][0] is None
    assert set(entry["values_diff"]["assigned_users"][1].split(", ")) == {member.full_name, admin.full_name}
    assert entry["values"]["roles"] == {str(role.id): role.name}
    assert entry["values_diff"]["points"][role.name][1] == "5"


def test_newest_first_filters_and_quiet_changes(client, team):
    world, project, owner, *_ = team
    item = world.item(owner, STORY, project, subject="Login page")
    edit(world, owner, STORY, item, subject="Two")
    edit(world, owner, STORY, item, "A comment")
    edit(world, owner, STORY, item, backlog_order=5)  # a reorder alone is hidden
    world.run(lambda ctx: service.update_item(ctx, STORY, item.id, ItemChanges(watchers=[owner.id])), actor=owner)
    h = world.auth(owner)
    url = f"/api/v1/history/userstory/{item.id}"
    listed = client.get(url, headers=h).json()
    assert [(e["comment"], list(e["diff"])) for e in listed] == [("A comment", []), ("", ["subject"])]
    assert [e["comment"] for e in client.get(url, params={"type": "comment"}, headers=h).json()] == ["A comment"]
    assert [list(e["diff"]) for e in client.get(url, params={"type": "activity"}, headers=h).json()] == [["subject"]]
    plain = client.get(url, headers=h | {"x-disable-pagination": "1"})
    assert "x-paginated" not in plain.headers and len(plain.json()) == 2


def test_pagination(client, team):
    world, project, owner, *_ = team
    item = world.item(owner, ISSUE, project, subject="Login page")
    for n in range(3):
        edit(world, owner, ISSUE, item, f"comment {n}")
    h = world.auth(owner)
    url = f"/api/v1/history/issue/{item.id}"
    first = client.get(url, params={"page": 1, "page_size": 2}, headers=h)
    assert [e["comment"] for e in first.json()] == ["comment 2", "comment 1"]
    assert first.headers["x-pagination-count"] == "3" and "page=2" in first.headers["x-pagination-next"]
    second = client.get(url, params={"page": 2, "page_size": 2}, headers=h)
    assert [e["comment"] for e in second.json()] == ["comment 0"] and "x-pagination-prev" in second.headers
    assert client.get(url, params={"page": 3, "page_size": 2}, headers=h).status_code == 404


def test_view_permissions(client, team):
    world, project, owner, member, outsider = team
    item = world.item(owner, STORY, project, subject="Login page")
    url = f"/api/v1/history/userstory/{item.id}"
    assert client.get(url, headers=world.auth(member)).status_code == 200
    assert client.get(url).status_code == 404
    assert client.get(url, headers=world.auth(outsider)).status_code == 404
    assert client.get("/api/v1/history/userstory/999999", headers=world.auth(owner)).status_code == 404
    assert client.get(f"/api/v1/history/task/{item.id}", headers=world.auth(owner)).status_code == 404
    assert client.get("/api/v1/history/wiki/1", headers=world.auth(owner)).status_code == 404
    public = world.project(owner)
    item = world.item(owner, ISSUE, public, subject="Login page")
    assert client.get(f"/api/v1/history/issue/{item.id}").status_code == 200
    assert client.get(f"/api/v1/history/issue/{item.id}", headers=world.auth(outsider)).status_code == 200


def test_comment_edit_by_author_and_admin_only(client, team):
    world, project, owner, member, outsider = team
    admin, other = team.admin, team.other
    item = world.item(owner, STORY, project, subject="Login page")
    edit(world, member, STORY, item, "first text")
    eid = entry_id(world, item, "first text")
    base = f"/api/v1/history/userstory/{item.id}"
    r = client.post(f"{base}/edit_comment", params={"id": eid}, json={"comment": "second *text*"},
                    headers=world.auth(member))  # fmt: skip
    assert r.status_code == 200, r.text
    [entry] = client.get(base, headers=world.auth(member)).json()
    assert (entry["comment"], entry["comment_html"]) == ("second *text*", "<p>second <em>text</em></p>\n")
    assert entry["edit_comment_date"] is not None
    body = {"comment": "x"}
    assert (
        client.post(f"{base}/edit_comment", params={"id": eid}, json=body, headers=world.auth(other)).status_code == 403
    )
    assert client.post(f"{base}/edit_comment", params={"id": eid}, json=body).status_code == 404  # private: invisible
    assert (
        client.post(f"{base}/edit_comment", params={"id": eid}, json=body, headers=world.auth(admin)).status_code == 200
    )
    r = client.post(f"{base}/edit_comment", params={"id": eid}, json={}, headers=world.auth(member))
    assert (r.status_code, r.json()) == (400, {"error": "comment is required"})
    r = client.post(f"{base}/edit_comment", params={"id": "99999"}, json=body, headers=world.auth(member))
    assert r.status_code == 404
    r = client.post(f"{base}/edit_comment", json=body, headers=world.auth(member))
    assert r.status_code == 404
    versions = client.get(f"{base}/comment_versions", params={"id": eid}, headers=world.auth(member))
    assert versions.status_code == 200
    assert [v["comment"] for v in versions.json()] == ["first text", "second *text*"]
    first = versions.json()[0]
    assert set(first) == {"date", "comment", "comment_html", "user"}
    assert first["user"]["id"] == member.id and first["user"]["username"] == member.username
    assert versions.json()[1]["user"]["id"] == admin.id
    assert client.get(f"{base}/comment_versions", params={"id": eid}, headers=world.auth(other)).status_code == 403


def test_comment_actions_on_public_project_need_a_login(client, world):
    owner, author = world.user(), world.user()
    project = world.project(owner)
    world.member(project, author)
    item = world.item(owner, ISSUE, project, subject="Login page")
    edit(world, author, ISSUE, item, "hello")
    eid = entry_id(world, item, "hello")
    base = f"/api/v1/history/issue/{item.id}"
    assert client.post(f"{base}/delete_comment", params={"id": eid}).status_code == 401
    assert client.post(f"{base}/edit_comment", params={"id": eid}, json={"comment": "x"}).status_code == 401


def test_comment_delete_and_undelete(client, team):
    world, project, owner, member, outsider = team
    admin, other = team.admin, team.other
    item = world.item(owner, TASK, project, subject="Login page")
    edit(world, member, TASK, item, "oops")
    eid = entry_id(world, item, "oops")
    base = f"/api/v1/history/task/{item.id}"
    q = {"id": eid}
    assert client.post(f"{base}/delete_comment", params=q, headers=world.auth(other)).status_code == 403
    assert client.post(f"{base}/delete_comment", params=q, headers=world.auth(admin)).status_code == 204
    [entry] = client.get(base, headers=world.auth(member)).json()
    assert entry["delete_comment_user"] == {"pk": admin.id, "name": admin.full_name}
    assert entry["delete_comment_date"] is not None
    r = client.post(f"{base}/delete_comment", params=q, headers=world.auth(member))
    assert (r.status_code, r.json()) == (400, {"error": "Comment already deleted"})
    r = client.post(f"{base}/edit_comment", params=q, json={"comment": "x"}, headers=world.auth(member))
    assert (r.status_code, r.json()) == (400, {"error": "deleted comments can't be edited"})
    # Only the one who deleted it (or an admin) may bring it back: not even its author.
    assert client.post(f"{base}/undelete_comment", params=q, headers=world.auth(member)).status_code == 403
    assert client.post(f"{base}/undelete_comment", params=q, headers=world.auth(admin)).status_code == 204
    [entry] = client.get(base, headers=world.auth(member)).json()
    assert (entry["delete_comment_user"], entry["delete_comment_date"]) == (None, None)
    r = client.post(f"{base}/undelete_comment", params=q, headers=world.auth(admin))
    assert (r.status_code, r.json()) == (400, {"error": "Comment not deleted"})
    assert client.post(f"{base}/delete_comment", params=q, headers=world.auth(member)).status_code == 204
    assert client.post(f"{base}/undelete_comment", params=q, headers=world.auth(member)).status_code == 204
    other_item = world.item(owner, TASK, project, subject="Login page")
    wrong = f"/api/v1/history/task/{other_item.id}/delete_comment"
    assert client.post(wrong, params=q, headers=world.auth(admin)).status_code == 404


def test_comment_actions_are_logged_apart_from_the_item(client, team):
    world, project, owner, member, *_ = team
    item = world.item(owner, EPIC, project, subject="Login page")
    edit(world, member, EPIC, item, "note")
    eid = entry_id(world, item, "note")
    base = f"/api/v1/history/epic/{item.id}"
    client.post(f"{base}/edit_comment", params={"id": eid}, json={"comment": "note 2"}, headers=world.auth(member))
    assert len(client.get(base, headers=world.auth(member)).json()) == 1
    logged = lookup(world, ChangeEntry, target_type="epic_comment", target_id=item.id)
    assert logged.diff == {"comment": ["note", "note 2"]} and logged.user_id == member.id


def test_history_list_has_no_n_plus_one(client, team, query_counter):
    world, project, owner, member, _ = team
    admin = team.admin
    statuses = [status(world, project, "story", n) for n in ("New", "Ready", "In progress")]
    counts = []
    for size in (2, 10):
        item = world.item(owner, STORY, project, subject="Login page")
        for n in range(size):
            actor = (owner, member, admin)[n % 3]
            edit(world, actor, STORY, item, f"c{n}", status_id=statuses[(n + 1) % 3].id, assigned_to_id=actor.id)
        query_counter.clear()
        r = client.get(f"/api/v1/history/userstory/{item.id}", headers=world.auth(owner))
        assert r.status_code == 200 and len(r.json()) == size
        counts.append(len(query_counter))
    assert counts[0] == counts[1]


DEL, INS = '<del style="background:#ffe6e6;">', '<ins style="background:#e6ffe6;">'


@pytest.mark.parametrize("words", [1_000, 20_000])
def test_a_long_text_rewritten_word_by_word_diffs_quickly(client, team, words):
    world, project, owner, *_ = team
    old, new = " ".join(f"o{i}" for i in range(words)), " ".join(f"n{i}" for i in range(words))
    story = world.item(owner, STORY, project, description=old, subject="Login page")
    edit(world, owner, STORY, story, description=new)
    start = time.perf_counter()
    latest = client.get(f"/api/v1/history/userstory/{story.id}", headers=world.auth(owner)).json()[0]
    assert time.perf_counter() - start < 2  # took 48 s for 1,000 words
    assert latest["values_diff"]["description_diff"] == [None, f"{DEL}{old}</del>{INS}{new}</ins>"]


def test_a_long_text_keeps_its_unchanged_head_and_tail(client, team):
    world, project, owner, *_ = team
    head, tail = " ".join(["same"] * 10_000), " ".join(["end"] * 10_000)
    story = world.item(owner, STORY, project, description=f"{head} old words\nhere {tail}", subject="Login page")
    edit(world, owner, STORY, story, description=f"{head} new words\nthere {tail}")
    latest = client.get(f"/api/v1/history/userstory/{story.id}", headers=world.auth(owner)).json()[0]
    assert latest["values_diff"]["description_diff"][1] == (
        f"<span>{head} </span>{DEL}old</del>{INS}new</ins><span> words&para;<br></span>"
        f"{DEL}here</del>{INS}there</ins><span> {tail}</span>"
    )
