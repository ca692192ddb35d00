"""Taiga §10.14-10.19: like / unlike / fans, watch / unwatch / watchers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planyard.models import ChangeEntry


def _url(project, action: str) -> str:
    return f"/api/v1/projects/{project.id}/{action}"


def _detail(client, world, project, user):
    return client.get(f"/api/v1/projects/{project.id}", headers=world.auth(user)).json()


def test_like_unlike_and_fans(client, world):
    owner, fan = world.user("owner"), world.user("fan")
    project = world.project(owner)
    r = client.post(_url(project, "like"), headers=world.auth(fan))
    assert r.status_code == 200 and r.content == b""
    assert client.post(_url(project, "like"), headers=world.auth(fan)).status_code == 200  # idempotent
    body = _detail(client, world, project, fan)
    assert body["is_fan"] is True and body["total_fans"] == 1
    fans = client.get(_url(project, "fans"))
    assert fans.status_code == 200
    assert fans.json() == [{"id": fan.id, "username": "fan", "full_name": "Fan"}]
    assert fans.headers["x-pagination-count"] == "1"
    assert client.post(_url(project, "unlike"), headers=world.auth(fan)).status_code == 200
    assert client.post(_url(project, "unlike"), headers=world.auth(fan)).status_code == 200
    assert client.get(_url(project, "fans")).json() == []
    assert _detail(client, world, project, fan)["total_fans"] == 0


def test_like_is_recorded_in_the_change_log(client, world):
    owner, fan = world.user(), world.user()
    project = world.project(owner)
    client.post(_url(project, "like"), headers=world.auth(fan))
    client.post(_url(project, "like"), headers=world.auth(fan))
    actions = world.run(
        lambda ctx: list(ctx.session.scalars(select(ChangeEntry.action).where(ChangeEntry.target_type == "like")))
    )
    assert actions == ["create"]


@pytest.mark.parametrize("action", ["like", "unlike", "watch", "unwatch"])
def test_social_writes_need_a_logged_in_user(client, world, action):
    project = world.project(world.user())
    r = client.post(_url(project, action))
    assert r.status_code == 401
    assert "_error_message" in r.json()


@pytest.mark.parametrize("action", ["like", "unlike", "watch", "unwatch"])
def test_private_project_is_invisible_to_outsiders(client, world, action):
    project = world.project(world.user(), private=True)
    assert client.post(_url(project, action), headers=world.auth(world.user())).status_code == 404
    assert client.post(f"/api/v1/projects/999999/{action}", headers=world.auth(world.user())).status_code == 404


@pytest.mark.parametrize("listing", ["fans", "watchers"])
def test_private_lists_are_for_members(client, world, listing):
    owner, member = world.user(), world.user()
    project = world.project(owner, private=True)
    world.member(project, member)
    assert client.get(_url(project, listing)).status_code == 404
    assert client.get(_url(project, listing), headers=world.auth(world.user())).status_code == 404
    assert client.get(_url(project, listing), headers=world.auth(member)).status_code == 200
    assert client.get(f"/api/v1/projects/999999/{listing}").status_code == 404


def test_member_of_private_project_can_like(client, world):
    owner, member = world.user(), world.user()
    project = world.project(owner, private=True)
    world.member(project, member)
    assert client.post(_url(project, "like"), headers=world.auth(member)).status_code == 200
    assert [f["id"] for f in client.get(_url(project, "fans"), headers=world.auth(owner)).json()] == [member.id]


def test_watch_with_notify_level_and_unwatch(client, world):
    owner, watcher = world.user(), world.user("watcher")
    project = world.project(owner)
    r = client.post(_url(project, "watch"), headers=world.auth(watcher))
    assert r.status_code == 200 and r.content == b""
    body = _detail(client, world, project, watcher)
    assert body["is_watcher"] is True and body["notify_level"] == 1 and body["total_watchers"] == 2  # and the creator
    assert client.post(_url(project, "watch"), json={"notify_level": 2}, headers=world.auth(watcher)).status_code == 200
    assert _detail(client, world, project, watcher)["notify_level"] == 2
    watchers = client.get(_url(project, "watchers")).json()
    creator = {"id": owner.id, "username": owner.username, "full_name": owner.full_name}
    assert watchers == [creator, {"id": watcher.id, "username": "watcher", "full_name": "Watcher"}]
    assert client.post(_url(project, "unwatch"), headers=world.auth(watcher)).status_code == 200
    body = _detail(client, world, project, watcher)
    assert body["is_watcher"] is False and body["total_watchers"] == 1
    assert client.get(_url(project, "watchers")).json() == [creator]


@pytest.mark.parametrize("level, message", [(7, '"7" is not a valid choice.'), ("x", "A valid integer is required.")])
def test_watch_rejects_bad_notify_level(client, world, level, message):
    project = world.project(world.user())
    r = client.post(_url(project, "watch"), json={"notify_level": level}, headers=world.auth(world.user()))
    assert r.status_code == 400
    assert r.json() == {"notify_level": [message]}


@pytest.mark.parametrize("listing, action", [("fans", "like"), ("watchers", "watch")])
def test_lists_do_not_query_per_row(client, world, query_counter, listing, action):
    project = world.project(world.user())

    def statements_for(count: int) -> int:
        for _ in range(count):
            client.post(_url(project, action), headers=world.auth(world.user()))
        before = len(query_counter)
        rows = client.get(_url(project, listing)).json()
        assert len(rows) >= count
        return len(query_counter) - before

    assert statements_for(2) == statements_for(8)
