"""Taiga's live events over a real served process: the taiga-events protocol on `/events` (auth,
subscribe, ping), a change reaching the project's followers and not its own client session, no project
keys for those who may not see the project; on PostgreSQL, a write served by one process reaches a
socket open on another (LISTEN/NOTIFY)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

from planyard.config import Settings
from tests.factories import Team
from tests.served import served

pytestmark = pytest.mark.real_db  # served processes, committed writes
WAIT = 10.0


@pytest.fixture(scope="module")
def roots(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """Two servers on the test database: two processes on PostgreSQL; one on SQLite, whose events stay
    in its process."""
    postgres = settings.resolved_database_url.startswith("postgresql")
    with served(settings, str(tmp_path_factory.mktemp("a"))) as first:
        if not postgres:
            yield [first, first]
            return
        with served(settings, str(tmp_path_factory.mktemp("b")), "--workers", "2") as second:
            yield [first, second]


def socket_of(root: str, token: str, session_id: str, *keys: str, self_too: bool = False) -> ClientConnection:
    ws = connect(root.replace("http", "ws", 1) + "/events", open_timeout=WAIT)
    ws.send(json.dumps({"cmd": "auth", "data": {"token": token, "sessionId": session_id}}))
    for key in keys:
        command: dict[str, Any] = {"cmd": "subscribe", "routing_key": key}
        if self_too:
            command["options"] = {"selfNotification": True}
        ws.send(json.dumps(command))
    pong(ws)  # commands are handled in order: once the pong is back, the subscriptions hold
    return ws


def pong(ws: ClientConnection) -> None:
    ws.send('{"cmd": "ping"}')
    assert json.loads(ws.recv(timeout=WAIT)) == {"cmd": "pong"}


def next_event(ws: ClientConnection) -> dict[str, Any]:
    event: dict[str, Any] = json.loads(ws.recv(timeout=WAIT))
    return event


def new_story(root: str, team: Team, session_id: str, subject: str = "Live") -> dict[str, Any]:
    headers = team.world.auth(team.owner) | {"X-Session-Id": session_id}
    answer = httpx.post(f"{root}/api/v1/userstories", json={"project": team.project.id, "subject": subject},
                        headers=headers)  # fmt: skip
    assert answer.status_code == 201, answer.text
    story: dict[str, Any] = answer.json()
    return story


def test_a_story_created_reaches_a_member_following_the_project(roots: list[str], team: Team) -> None:
    key = f"changes.project.{team.project.id}.userstories"
    with socket_of(roots[0], team.world.token(team.member), "member-tab", key) as ws:
        story = new_story(roots[1], team, "owner-tab")
        event = next_event(ws)
    assert event == {
        "session_id": "owner-tab",
        "routing_key": key,
        "data": {"type": "create", "matches": "userstories.userstory", "pk": story["id"]},
    }


def test_a_change_and_a_deletion_are_announced_with_their_type(roots: list[str], team: Team) -> None:
    key = f"changes.project.{team.project.id}.userstories"
    story = new_story(roots[1], team, "owner-tab")
    headers = team.world.auth(team.owner)
    with socket_of(roots[0], team.world.token(team.member), "member-tab", key) as ws:
        changed = httpx.patch(f"{roots[1]}/api/v1/userstories/{story['id']}",
                              json={"subject": "Renamed", "version": story["version"]}, headers=headers)  # fmt: skip
        assert changed.status_code == 200
        assert next_event(ws)["data"] == {"type": "change", "matches": "userstories.userstory", "pk": story["id"]}
        assert httpx.delete(f"{roots[1]}/api/v1/userstories/{story['id']}", headers=headers).status_code == 204
        assert next_event(ws)["data"] == {"type": "delete", "matches": "userstories.userstory", "pk": story["id"]}


def test_the_client_session_that_made_a_change_is_not_told_unless_it_asks(roots: list[str], team: Team) -> None:
    key = f"changes.project.{team.project.id}.userstories"
    token = team.world.token(team.owner)
    with socket_of(roots[0], token, "tab-1", key) as quiet, socket_of(roots[0], token, "tab-1", key,
                                                                        self_too=True) as told:  # fmt: skip
        mine = new_story(roots[1], team, "tab-1", "Mine")
        assert next_event(told)["data"]["pk"] == mine["id"]
        other = new_story(roots[1], team, "tab-2", "From another tab")
        assert next_event(quiet)["data"]["pk"] == other["id"]  # not `mine`, which came first


def test_a_bulk_reorder_is_one_event_with_every_id(roots: list[str], team: Team) -> None:
    stories = [new_story(roots[1], team, "setup", f"Story {i}") for i in range(3)]
    key = f"changes.project.{team.project.id}.userstories"
    headers = team.world.auth(team.owner)
    with socket_of(roots[0], team.world.token(team.member), "member-tab", key) as ws:
        body = {
            "project_id": team.project.id,
            "bulk_stories": [{"us_id": s["id"], "order": 10 - i} for i, s in enumerate(stories)],
        }
        answer = httpx.post(f"{roots[1]}/api/v1/userstories/bulk_update_backlog_order", json=body, headers=headers)
        assert answer.status_code in (200, 204), answer.text
        event = next_event(ws)
    assert event["data"]["type"] == "change" and sorted(event["data"]["pk"]) == sorted(s["id"] for s in stories)


def test_who_may_not_see_a_project_gets_none_of_its_events(roots: list[str], team: Team) -> None:
    private = f"changes.project.{team.project.id}.userstories"
    public = f"changes.project.{team.public.id}.userstories"
    with socket_of(roots[0], team.world.token(team.outsider), "outsider-tab", private, public) as ws:
        new_story(roots[1], team, "owner-tab", "Secret")
        headers = team.world.auth(team.owner)
        seen = httpx.post(f"{roots[1]}/api/v1/userstories", json={"project": team.public.id, "subject": "Open"},
                          headers=headers).json()  # fmt: skip
        event = next_event(ws)  # events come in commit order: the private one, first, was never sent
    assert (event["routing_key"], event["data"]["pk"]) == (public, seen["id"])


def test_no_subscription_before_authentication_and_bad_commands_are_ignored(roots: list[str], team: Team) -> None:
    key = f"changes.project.{team.public.id}.userstories"
    with connect(roots[0].replace("http", "ws", 1) + "/events", open_timeout=WAIT) as ws:
        ws.send(json.dumps({"cmd": "subscribe", "routing_key": key}))
        ws.send("not json")
        ws.send(json.dumps(["cmd", "ping"]))
        ws.send(json.dumps({"cmd": "auth", "data": {"token": "forged", "sessionId": "x"}}))
        ws.send(json.dumps({"cmd": "subscribe", "routing_key": key}))
        pong(ws)
        new_story_in = httpx.post(f"{roots[1]}/api/v1/userstories", json={"project": team.public.id, "subject": "x"},
                                  headers=team.world.auth(team.owner))  # fmt: skip
        assert new_story_in.status_code == 201
        pong(ws)  # still alive, and the pong is the only message: no event reached an unauthenticated socket
        with pytest.raises(TimeoutError):
            ws.recv(timeout=1)


def test_an_assignment_rings_the_assignees_bell_and_no_one_elses(roots: list[str], team: Team) -> None:
    member, other = team.member, team.other
    bell_of_member = f"web_notifications.{member.id}"
    with (
        socket_of(roots[0], team.world.token(member), "member-tab", "web_notifications.0") as ws,
        socket_of(roots[0], team.world.token(other), "other-tab", bell_of_member) as nosy,
    ):
        headers = team.world.auth(team.owner)
        story = new_story(roots[1], team, "owner-tab", "Assigned live")
        answer = httpx.patch(f"{roots[1]}/api/v1/userstories/{story['id']}", headers=headers,
                             json={"assigned_to": member.id, "version": story["version"]})  # fmt: skip
        assert answer.status_code == 200, answer.text
        event = next_event(ws)  # asked as user 0, granted as the member's own key
        assert event == {"session_id": None, "routing_key": bell_of_member, "data": {}}
        pong(nosy)  # the other member's socket got its own key (web_notifications.<its id>): nothing came
