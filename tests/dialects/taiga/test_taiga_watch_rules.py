"""Who watches what in Taiga: a commenter watches the item commented on; a project's creator watches
the project; an item's creator does not watch it until they comment."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from planyard.core.work_items.kinds import STORY
from planyard.core.work_items.service import ItemChanges, update_item
from planyard.models import Comment, Watch

PATHS = {"story": ("userstories", "userstory"), "task": ("tasks", "task"), "issue": ("issues", "issue"),
         "epic": ("epics", "epic")}  # fmt: skip


def watched(client, world, user, type_: str) -> list[int]:
    r = client.get(f"/api/v1/users/{user.id}/watched?type={type_}", headers=world.auth(user))
    assert r.status_code == 200, r.text
    return [entry["id"] for entry in r.json()]


@pytest.mark.parametrize("kind", list(PATHS))
def test_commenting_makes_the_commenter_a_watcher(client, team, kind):
    world, project, owner, member, _ = team
    item = world.item(owner, kind, project)
    path, type_ = PATHS[kind]
    assert watched(client, world, member, type_) == []
    r = client.get(f"/api/v1/{path}/{item.id}", headers=world.auth(member))
    assert r.json()["is_watcher"] is False and r.json()["watchers"] == []
    r = client.patch(f"/api/v1/{path}/{item.id}", json={"comment": "Looks good", "version": item.version},
                     headers=world.auth(member))  # fmt: skip
    assert r.status_code == 200, r.text
    assert r.json()["watchers"] == [member.id]
    assert watched(client, world, member, type_) == [item.id]
    r = client.get(f"/api/v1/{path}/{item.id}", headers=world.auth(member))
    assert r.json()["is_watcher"] is True and r.json()["total_watchers"] == 1
    again = client.patch(f"/api/v1/{path}/{item.id}", json={"comment": "Again", "version": r.json()["version"]},
                         headers=world.auth(member))  # fmt: skip
    assert again.status_code == 200 and again.json()["watchers"] == [member.id]


def test_an_edit_without_comment_does_not_make_a_watcher(client, team):
    world, project, owner, member, _ = team
    item = world.item(owner, "story", project)
    r = client.patch(f"/api/v1/userstories/{item.id}", json={"subject": "Renamed", "version": item.version},
                     headers=world.auth(member))  # fmt: skip
    assert r.status_code == 200 and r.json()["watchers"] == []


def test_the_creator_of_an_item_is_not_its_watcher(client, team):
    world, project, owner, _, _ = team
    r = client.post("/api/v1/userstories", json={"project": project.id, "subject": "New"}, headers=world.auth(owner))
    assert r.status_code == 201, r.text
    assert r.json()["watchers"] == [] and r.json()["is_watcher"] is False


def test_the_creator_of_a_project_watches_it(client, world):
    alice = world.user("alice")
    r = client.post("/api/v1/projects", json={"name": "Mine", "description": "d"}, headers=world.auth(alice))
    assert r.status_code == 201, r.text
    project_id = r.json()["id"]
    detail = client.get(f"/api/v1/projects/{project_id}", headers=world.auth(alice)).json()
    assert detail["is_watcher"] is True and detail["total_watchers"] == 1 and detail["notify_level"] == 1
    assert watched(client, world, alice, "project") == [project_id]


def test_watched_items_have_the_voted_object_fields(client, team):
    world, project, owner, member, outsider = team
    story = world.item(owner, "story", project, subject="Login page", assigned_to_id=member.id)
    r = client.patch(f"/api/v1/userstories/{story.id}", json={"comment": "Mine", "version": story.version},
                     headers=world.auth(member))  # fmt: skip
    assert r.status_code == 200
    r = client.get(f"/api/v1/users/{member.id}/watched", headers=world.auth(member))
    entries = [e for e in r.json() if e["type"] != "project"]
    assert len(entries) == 1
    entry = entries[0]
    assert entry["type"] == "userstory" and entry["id"] == story.id and entry["ref"] == story.ref
    assert entry["subject"] == "Login page" and entry["slug"] is None and entry["name"] is None
    assert entry["project"] == project.id and entry["project_name"] == "Closed" and entry["status"] == "New"
    assert entry["assigned_to"] == member.id and entry["assigned_to_extra_info"]["username"] == "member"
    assert entry["is_watcher"] is True and entry["total_watchers"] == 1
    assert entry["is_voter"] is False and entry["total_voters"] == 0 and entry["is_private"] is None
    assert [
        e["id"] for e in client.get(f"/api/v1/users/{member.id}/watched?q=login", headers=world.auth(owner)).json()
    ] == [story.id]
    assert client.get(f"/api/v1/users/{member.id}/watched", headers=world.auth(outsider)).json() == []


@pytest.mark.real_db
def test_parallel_comments_watch_once_each(team):
    world, project, owner, member, _ = team
    other = team.other
    story = world.item(owner, STORY, project)

    def comment(user):
        world.run(lambda ctx: update_item(ctx, STORY, story.id, ItemChanges(comment="hi")), actor=user)

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(comment, [member, other, owner] * 4))
    stmt = select(Watch.user_id).where(Watch.target_type == "story", Watch.target_id == story.id)
    assert sorted(world.run(lambda ctx: list(ctx.session.scalars(stmt)))) == sorted([owner.id, member.id, other.id])
    comments = select(func.count()).select_from(Comment).where(Comment.target_id == story.id)
    assert world.run(lambda ctx: ctx.session.scalar(comments)) == 12
