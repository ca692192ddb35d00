"""Every event of Kaiten's external webhook catalogue (the seed, 004:9204) reaching a real receiver in
Kaiten's documented shape (developers.kaiten.ru/external-webhooks: `{"event", "data"}`, `data` the object
plus `author`, or `old`/`changes`/`author` for an update), signed; only the events a webhook lists; and the
same events for writes made through Taiga on the same store."""

from __future__ import annotations

import hashlib
import hmac
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from starlette.testclient import TestClient

from planyard.core.webhooks.engine import DeliveryEngine
from tests.dialects.kaiten.board_fixtures import make_board, make_card
from tests.dialects.kaiten.conftest import API
from tests.webhook_receiver import Receiver

KEY = "secret-key"
ACTIONS = ("add", "update", "remove")


class _AnyAuthor:
    """Equal to any author object (the tests check its id apart)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, dict) and "id" in other

    def __hash__(self) -> int:
        return 0


ANY_AUTHOR = _AnyAuthor()


def hook(client: TestClient, headers: dict[str, str], space_id: int, url: str, events: list[str] | None = None) -> None:
    body = {"space_id": space_id, "url": url, "secret": KEY} | ({"events": events} if events is not None else {})
    made = client.post(f"{API}/webhooks", json=body, headers=headers)
    assert made.status_code == 200, made.text


def delivered(app: Any, rec: Receiver, path: str) -> list[dict[str, Any]]:
    """Send what is due; the bodies the receiver got on `path`, each checked for Kaiten's signature."""
    DeliveryEngine(app.state.session_factory, app.state.env).run_until_idle()
    got = rec.on(path)
    for one in got:
        assert one.headers["x-kaiten-signature"] == hmac.new(KEY.encode(), one.body, hashlib.sha256).hexdigest()
    return [one.json for one in got]


def sent(app: Any, rec: Receiver, path: str, response: Any) -> list[dict[str, Any]]:
    """After a write (its answer checked): what it sent to `path`. The engine hands events out right after
    the write commits, and a payload shows its object as it is then: so the events are sent write by write."""
    assert response.status_code == 200, response.text
    before = len(rec.on(path))
    return delivered(app, rec, path)[before:]


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def test_comment_events_carry_the_comment_as_kaiten_renders_it(local, team, kaiten_auth, hook_receiver):
    client, app = local
    headers = kaiten_auth(team.owner)
    card = make_card(client, headers, make_board(client, headers, team.project.id))
    hook(client, headers, team.project.id, f"{hook_receiver.url}/c", [f"comment:{a}" for a in ACTIONS])
    made = client.post(f"{API}/cards/{card['id']}/comments", json={"text": "First"}, headers=headers)
    (added,) = sent(app, hook_receiver, "/c", made)
    made = made.json()
    one = f"{API}/cards/{card['id']}/comments/{made['id']}"
    (updated,) = sent(app, hook_receiver, "/c", client.patch(one, json={"text": "Second"}, headers=headers))
    (removed,) = sent(app, hook_receiver, "/c", client.delete(one, headers=headers))
    assert [added["event"], updated["event"], removed["event"]] == ["comment:add", "comment:update", "comment:remove"]
    assert added["data"] == made | {"author": added["data"]["author"]}  # the comment as Kaiten's POST answered it
    assert added["data"]["author"]["id"] == team.owner.id
    assert set(updated["data"]) == {"old", "changes", "author"}
    assert (updated["data"]["old"]["text"], updated["data"]["changes"]["text"]) == ("First", "Second")
    assert (updated["data"]["old"]["id"], updated["data"]["old"]["card_id"]) == (made["id"], card["id"])
    assert (removed["data"]["id"], removed["data"]["text"], removed["data"]["deleted"]) == (made["id"], "Second", True)
    assert removed["data"]["author"]["id"] == team.owner.id


def test_time_log_events(local, team, kaiten_auth, hook_receiver):
    client, app = local
    headers = kaiten_auth(team.owner)
    card = make_card(client, headers, make_board(client, headers, team.project.id))
    hook(client, headers, team.project.id, f"{hook_receiver.url}/t", [f"timelog:{a}" for a in ACTIONS])
    logs = f"{API}/cards/{card['id']}/time-logs"
    made = client.post(logs, json={"time_spent": 30, "for_date": "2026-11-02", "comment": "x"}, headers=headers)
    (added,) = sent(app, hook_receiver, "/t", made)
    made = made.json()
    (updated,) = sent(app, hook_receiver, "/t", client.patch(f"{logs}/{made['id']}", json={"time_spent": 45},
                                                             headers=headers))  # fmt: skip
    (removed,) = sent(app, hook_receiver, "/t", client.delete(f"{logs}/{made['id']}", headers=headers))
    assert [p["event"] for p in (added, updated, removed)] == [
        "card_time_log:add", "card_time_log:update", "card_time_log:remove"]  # fmt: skip
    assert added["data"] == made | {"author": added["data"]["author"]}
    assert (updated["data"]["old"]["time_spent"], updated["data"]["changes"]) == (30, {"time_spent": 45})
    assert updated["data"]["old"] | {"time_spent": 45} == {k: v for k, v in removed["data"].items() if k != "author"}
    assert (removed["data"]["id"], removed["data"]["time_spent"], removed["data"]["for_date"]) == (
        made["id"], 45, "2026-11-02")  # fmt: skip
    assert removed["data"]["author"]["id"] == team.owner.id


def test_block_events(local, team, kaiten_auth, hook_receiver):
    client, app = local
    headers = kaiten_auth(team.owner)
    card = make_card(client, headers, make_board(client, headers, team.project.id))
    hook(client, headers, team.project.id, f"{hook_receiver.url}/b", ["block:add", "block:update"])
    blockers = f"{API}/cards/{card['id']}/blockers"
    made = client.post(blockers, json={"reason": "waiting"}, headers=headers)
    (added,) = sent(app, hook_receiver, "/b", made)
    one = f"{blockers}/{made.json()['id']}"
    (renamed,) = sent(app, hook_receiver, "/b", client.patch(one, json={"reason": "still waiting"}, headers=headers))
    (released,) = sent(app, hook_receiver, "/b", client.patch(one, json={"released": True}, headers=headers))
    assert [p["event"] for p in (added, renamed, released)] == ["block:add", "block:update", "block:update"]
    assert added["data"] == made.json() | {"author": added["data"]["author"]}
    data = added["data"]
    assert (data["card_id"], data["reason"], data["released"]) == (card["id"], "waiting", False)
    assert added["data"]["author"]["id"] == team.owner.id
    assert renamed["data"]["changes"] == {"reason": "still waiting"} and renamed["data"]["old"]["reason"] == "waiting"
    assert released["data"]["changes"]["released"] is True and released["data"]["old"]["released"] is False


def test_tag_member_and_file_events(local, team, kaiten_auth, hook_receiver):
    client, app = local
    headers, member = kaiten_auth(team.owner), team.member
    card = make_card(client, headers, make_board(client, headers, team.project.id))
    hook(client, headers, team.project.id, f"{hook_receiver.url}/p")
    parts = f"{API}/cards/{card['id']}"

    def write(response: Any) -> tuple[str, dict[str, Any]]:
        (one,) = sent(app, hook_receiver, "/p", response)
        assert one["data"]["author"]["id"] == team.owner.id
        return one["event"], one["data"]

    tag = client.post(f"{parts}/tags", json={"name": "urgent"}, headers=headers)
    assert write(tag) == ("tag:add", tag.json() | {"card_id": card["id"], "tag_id": tag.json()["id"],
                                                   "author": ANY_AUTHOR})  # fmt: skip
    tag = tag.json()
    assert write(client.delete(f"{parts}/tags/{tag['id']}", headers=headers)) == (
        "tag:remove", {"id": tag["id"], "card_id": card["id"], "author": ANY_AUTHOR})  # fmt: skip
    joined = client.post(f"{parts}/members", json={"user_id": member.id}, headers=headers)
    assert write(joined) == ("card_member:add", joined.json() | {"author": ANY_AUTHOR})
    assert (joined.json()["id"], joined.json()["card_id"], joined.json()["type"]) == (member.id, card["id"], 1)
    event, data = write(client.patch(f"{parts}/members/{member.id}", json={"type": 2}, headers=headers))
    assert (event, data["old"], data["changes"]) == (
        "card_member:update", {"card_id": card["id"], "user_id": member.id, "type": 1}, {"type": 2})  # fmt: skip
    assert write(client.delete(f"{parts}/members/{member.id}", headers=headers)) == (
        "card_member:remove", {"card_id": card["id"], "user_id": member.id, "author": ANY_AUTHOR})  # fmt: skip
    file = client.put(f"{parts}/files", files={"file": ("a.txt", b"hello")}, headers=headers)
    assert write(file) == ("file:add", file.json() | {"author": ANY_AUTHOR})
    file = file.json()
    event, data = write(client.patch(f"{parts}/files/{file['id']}", json={"name": "b.txt"}, headers=headers))
    assert (event, data["old"]["name"], data["changes"]) == ("file:update", "a.txt", {"name": "b.txt"})
    event, data = write(client.delete(f"{parts}/files/{file['id']}", headers=headers))
    assert (event, data["id"], data["name"], data["card_id"], data["url"]) == (
        "file:remove", file["id"], "b.txt", card["id"], file["url"])  # fmt: skip


def test_board_space_and_tag_update_events(local, team, kaiten_auth, hook_receiver):
    client, app = local
    world, project, owner, *_ = team
    headers, taiga = kaiten_auth(owner), world.auth(owner)
    hook(client, headers, project.id, f"{hook_receiver.url}/s", ["board:add", "board:update", "space:update",
                                                                  "tag:update"])  # fmt: skip
    board = client.post(f"{API}/spaces/{project.id}/boards", json={"title": "Plan"}, headers=headers)
    (added,) = sent(app, hook_receiver, "/s", board)
    board = board.json()
    (updated,) = sent(app, hook_receiver, "/s", client.patch(f"{API}/spaces/{project.id}/boards/{board['id']}",
                                                             json={"title": "Roadmap"}, headers=headers))  # fmt: skip
    (space,) = sent(app, hook_receiver, "/s", client.patch(f"{API}/spaces/{project.id}", json={"title": "Renamed"},
                                                           headers=headers))  # fmt: skip
    tag = {"tag": "ui", "color": "#aabbcc"}
    assert sent(app, hook_receiver, "/s", client.post(f"/api/v1/projects/{project.id}/create_tag", json=tag,
                                                      headers=taiga)) == []  # fmt: skip
    edit = {"from_tag": "ui", "to_tag": "ux"}
    (tag,) = sent(app, hook_receiver, "/s", client.post(f"/api/v1/projects/{project.id}/edit_tag", json=edit,
                                                        headers=taiga))  # fmt: skip
    assert [p["event"] for p in (added, updated, space, tag)] == ["board:add", "board:update", "space:update",
                                                                   "tag:update"]  # fmt: skip
    assert added["data"] == board | {"author": added["data"]["author"]}  # with its columns and lanes
    assert added["data"]["author"]["id"] == owner.id
    assert (updated["data"]["old"]["title"], updated["data"]["changes"]["title"]) == ("Plan", "Roadmap")
    assert set(updated["data"]["changes"]) <= {"title", "updated"}
    assert "columns" not in updated["data"]["old"]
    assert space["data"]["changes"] == {"title": "Renamed"} and space["data"]["old"]["id"] == project.id
    assert (tag["data"]["old"]["name"], tag["data"]["changes"]) == ("ui", {"name": "ux"})


def test_a_webhook_gets_only_the_events_it_lists(local, team, kaiten_auth, hook_receiver):
    client, app = local
    headers = kaiten_auth(team.owner)
    card = make_card(client, headers, make_board(client, headers, team.project.id))
    hook(client, headers, team.project.id, f"{hook_receiver.url}/only", ["comment:remove"])
    listed = ok(client.get(f"{API}/webhooks", params={"space_id": team.project.id}, headers=headers))
    assert [h["events"] for h in listed] == [["comment:remove"]]
    ok(client.patch(f"{API}/cards/{card['id']}", json={"title": "Other"}, headers=headers))
    made = ok(client.post(f"{API}/cards/{card['id']}/comments", json={"text": "Bye"}, headers=headers))
    ok(client.post(f"{API}/cards/{card['id']}/time-logs", json={"time_spent": 5, "for_date": "2026-11-02"},
                   headers=headers))  # fmt: skip
    ok(client.delete(f"{API}/cards/{card['id']}/comments/{made['id']}", headers=headers))
    got = delivered(app, hook_receiver, "/only")
    assert [(p["event"], p["data"]["id"]) for p in got] == [("comment:remove", made["id"])]


def test_taiga_writes_send_the_kaiten_events(local, team, kaiten_auth, hook_receiver):
    client, app = local
    world, project, owner, member, _ = team
    headers, taiga = kaiten_auth(owner), world.auth(owner)
    card = make_card(client, headers, make_board(client, headers, project.id))
    hook(client, headers, project.id, f"{hook_receiver.url}/taiga")
    story = client.get(f"/api/v1/userstories/{card['id']}", headers=taiga).json()
    changes = {"version": story["version"], "comment": "From Taiga", "tags": ["api"], "assigned_users": [member.id],
               "is_blocked": True, "blocked_note": "Waiting for Taiga"}  # fmt: skip
    edited = client.patch(f"/api/v1/userstories/{card['id']}", json=changes, headers=taiga)
    assert edited.status_code == 200, edited.text
    got = [p for p in delivered(app, hook_receiver, "/taiga") if p["event"] != "card:add"]
    events = {p["event"]: p["data"] for p in got}
    assert set(events) == {"card:update", "comment:add", "block:add", "tag:add", "card_member:add"}
    assert (events["comment:add"]["text"], events["comment:add"]["card_id"]) == ("From Taiga", card["id"])
    comments = ok(client.get(f"{API}/cards/{card['id']}/comments", headers=headers))
    assert events["comment:add"]["id"] == comments[0]["id"]
    assert (events["block:add"]["reason"], events["block:add"]["card_id"]) == ("Waiting for Taiga", card["id"])
    assert (events["tag:add"]["name"], events["card_member:add"]["id"]) == ("api", member.id)
    assert events["card:update"]["changes"]["blocked"] is True
    assert all(data["author"]["id"] == owner.id for data in events.values())
    story = client.get(f"/api/v1/userstories/{card['id']}", headers=taiga).json()
    unblock = {"version": story["version"], "is_blocked": False}
    unblocked = client.patch(f"/api/v1/userstories/{card['id']}", json=unblock, headers=taiga)
    assert unblocked.status_code == 200, unblocked.text
    released = [p for p in delivered(app, hook_receiver, "/taiga") if p["event"] == "block:update"]
    assert [(p["data"]["old"]["released"], p["data"]["changes"]["released"]) for p in released] == [(False, True)]
    history = client.get(f"/api/v1/history/userstory/{card['id']}", headers=taiga).json()
    entry_id = next(h["id"] for h in history if h["comment"] == "From Taiga")
    deleted = client.post(f"/api/v1/history/userstory/{card['id']}/delete_comment", params={"id": entry_id},
                          headers=taiga)  # fmt: skip
    assert deleted.status_code == 204, deleted.text
    removed = [p for p in delivered(app, hook_receiver, "/taiga") if p["event"] == "comment:remove"]
    assert [(p["data"]["id"], p["data"]["deleted"]) for p in removed] == [(comments[0]["id"], True)]


@pytest.mark.real_db
def test_parallel_comments_and_time_logs_each_send_their_event(app_with, world, kaiten_auth, hook_receiver):
    app = app_with(webhooks_allow_private=True, webhook_backoff_seconds=0)
    owner = world.user("owner")
    project = world.project(owner)
    headers = kaiten_auth(owner)
    with TestClient(app) as client:
        card = make_card(client, headers, make_board(client, headers, project.id))
        hook(client, headers, project.id, f"{hook_receiver.url}/par", ["comment:add", "timelog:add"])

    def write(n: int) -> int:
        with TestClient(app, raise_server_exceptions=False) as own:
            if n % 2:
                body = {"time_spent": n, "for_date": "2026-11-02"}
                return own.post(f"{API}/cards/{card['id']}/time-logs", json=body, headers=headers).status_code
            return own.post(f"{API}/cards/{card['id']}/comments", json={"text": f"C{n}"}, headers=headers).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = list(pool.map(write, range(6)))
    assert codes == [200] * 6
    got = delivered(app, hook_receiver, "/par")
    assert sorted(p["data"]["text"] for p in got if p["event"] == "comment:add") == ["C0", "C2", "C4"]
    assert sorted(p["data"]["time_spent"] for p in got if p["event"] == "card_time_log:add") == [1, 3, 5]
