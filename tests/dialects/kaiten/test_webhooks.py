"""Kaiten webhooks (the seed's `POST /api/latest/webhooks`): registration by a space's administrators,
bad input as Kaiten's 400, and card events reaching a real receiver in Kaiten's payload, signed."""

from __future__ import annotations

import hashlib
import hmac
from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.testclient import TestClient

from planyard.core.webhooks.engine import DeliveryEngine
from tests.dialects.kaiten.board_fixtures import make_board, make_card
from tests.dialects.kaiten.conftest import API

LATEST = "/kaiten/api/latest"
FIELDS = {"id", "space_id", "name", "url", "events", "secret", "enabled", "created"}


def test_registration_for_space_admins_only(local, team, kaiten_auth, hook_receiver):
    client, _ = local
    world, project, owner, member, outsider = team
    body = {"space_id": project.id, "url": f"{hook_receiver.url}/k", "events": ["card:add"], "secret": "s3"}
    r = client.post(f"{LATEST}/webhooks", json=body, headers=kaiten_auth(owner))
    assert r.status_code == 200, r.text
    hook = r.json()
    assert set(hook) == FIELDS
    assert (hook["space_id"], hook["url"], hook["events"], hook["secret"], hook["enabled"]) == (
        project.id, f"{hook_receiver.url}/k", ["card:add"], "s3", True)  # fmt: skip
    assert client.post(f"{API}/webhooks", json=body, headers=kaiten_auth(member)).status_code == 403
    assert client.post(f"{API}/webhooks", json=body, headers=kaiten_auth(outsider)).status_code == 400
    assert client.post(f"{API}/webhooks", json=body).status_code == 401
    listed = client.get(f"{API}/webhooks", params={"space_id": project.id}, headers=kaiten_auth(owner)).json()
    assert [h["id"] for h in listed] == [hook["id"]]
    assert client.get(f"{API}/webhooks", headers=kaiten_auth(member)).json() == []
    assert client.get(f"{API}/webhooks/{hook['id']}", headers=kaiten_auth(member)).status_code == 403
    generated = client.post(f"{API}/webhooks", json=body | {"secret": None}, headers=kaiten_auth(owner)).json()
    assert len(generated["secret"]) == 40 and generated["events"] == ["card:add"]
    assert client.delete(f"{API}/webhooks/{hook['id']}", headers=kaiten_auth(owner)).json() == {"id": hook["id"]}
    assert client.get(f"{API}/webhooks/{hook['id']}", headers=kaiten_auth(owner)).status_code == 404


@pytest.mark.parametrize(
    ("body", "word"),
    [
        ({"url": "http://127.0.0.1:8000/hook"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"url": ""}, "url"),
        ({"events": ["card:explode"]}, "events"),
        ({"events": "card:add"}, "events"),
        ({"space_id": "x"}, "space_id"),
        ({"space_id": 99999}, "space"),
        ({"url": None}, "url"),
    ],
)
def test_bad_registrations_are_kaitens_400(client, team, kaiten_auth, body, word):
    world, project, owner, *_ = team
    payload = {"space_id": project.id, "url": "http://93.184.215.14/hook"} | body
    payload = {k: v for k, v in payload.items() if v is not None}
    r = client.post(f"{API}/webhooks", json=payload, headers=kaiten_auth(owner))
    assert r.status_code == 400, r.text
    assert word in r.json()["message"]
    assert client.get(f"{API}/webhooks", headers=kaiten_auth(owner)).json() == []


def test_malformed_bodies_are_400(client, team, kaiten_auth):
    headers = kaiten_auth(team.owner) | {"content-type": "application/json"}
    assert client.post(f"{API}/webhooks", content=b"{", headers=headers).status_code == 400
    assert client.post(f"{API}/webhooks", json=[], headers=headers).status_code == 400
    assert client.get(f"{API}/webhooks/99999", headers=headers).status_code == 404


def test_card_events_reach_a_receiver_as_kaiten_sends_them(local, team, kaiten_auth, hook_receiver):
    client, app = local
    world, project, owner, *_ = team
    headers = kaiten_auth(owner)
    board = make_board(client, headers, project.id)
    body = {"space_id": project.id, "url": f"{hook_receiver.url}/cards", "secret": "key"}
    assert client.post(f"{LATEST}/webhooks", json=body, headers=headers).status_code == 200
    card = make_card(client, headers, board, title="First")
    r = client.patch(f"{API}/cards/{card['id']}", json={"title": "Renamed"}, headers=headers)
    assert r.status_code == 200, r.text
    assert hook_receiver.on("/cards") == []  # nothing is sent in the request itself
    DeliveryEngine(app.state.session_factory, app.state.env).run_until_idle()
    got = hook_receiver.on("/cards")
    for one in got:
        expected = hmac.new(b"key", one.body, hashlib.sha256).hexdigest()
        assert one.headers["x-kaiten-signature"] == expected
    assert [r.json["event"] for r in got] == ["card:add", "card:update"]
    added, updated = (r.json["data"] for r in got)
    shown = client.get(f"{API}/cards/{card['id']}", headers=headers).json()
    assert set(added) == set(shown) | {"author"} and added["author"]["id"] == owner.id
    assert added["id"] == card["id"]  # rendered when handed out, after the rename here
    assert set(updated) == {"old", "changes", "author"} and updated["changes"] == {"title": "Renamed"}
    assert updated["old"]["title"] == "First" and updated["old"]["board_id"] == board["id"]
    assert set(updated["old"]) == set(shown)


def test_a_webhook_for_card_add_only_gets_no_updates(local, team, kaiten_auth, hook_receiver):
    client, app = local
    headers = kaiten_auth(team.owner)
    board = make_board(client, headers, team.project.id)
    body = {"space_id": team.project.id, "url": f"{hook_receiver.url}/adds", "events": ["card:add"]}
    assert client.post(f"{API}/webhooks", json=body, headers=headers).status_code == 200
    card = make_card(client, headers, board)
    client.patch(f"{API}/cards/{card['id']}", json={"title": "Renamed"}, headers=headers)
    DeliveryEngine(app.state.session_factory, app.state.env).run_until_idle()
    assert [r.json["event"] for r in hook_receiver.on("/adds")] == ["card:add"]


@pytest.mark.real_db
def test_parallel_card_writers_and_registrations_lose_no_event(app_with, world, kaiten_auth, hook_receiver):
    app = app_with(webhooks_allow_private=True, webhook_backoff_seconds=0)
    owner = world.user("owner")
    project = world.project(owner)
    headers = kaiten_auth(owner)
    with TestClient(app) as client:
        board = make_board(client, headers, project.id)
        body = {"space_id": project.id, "url": f"{hook_receiver.url}/all", "events": ["card:add"]}
        assert client.post(f"{API}/webhooks", json=body, headers=headers).status_code == 200

    def write(n: int) -> int:
        with TestClient(app, raise_server_exceptions=False) as own:
            if n % 2:
                extra = {"space_id": project.id, "url": f"{hook_receiver.url}/{n}"}
                return own.post(f"{API}/webhooks", json=extra, headers=headers).status_code
            made = own.post(f"{API}/cards", json={"title": f"C{n}", "board_id": board["id"]}, headers=headers)
            return made.status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = list(pool.map(write, range(6)))
    assert codes == [200] * 6
    DeliveryEngine(app.state.session_factory, app.state.env).run_until_idle()
    titles = sorted(r.json["data"]["title"] for r in hook_receiver.on("/all"))
    assert titles == ["C0", "C2", "C4"]
    with TestClient(app) as client:
        assert len(client.get(f"{API}/webhooks", params={"space_id": project.id}, headers=headers).json()) == 4


def test_a_property_change_is_a_card_update(local, world, kaiten_auth, hook_receiver):
    client, app = local
    user = world.user(superuser=True)
    headers = kaiten_auth(user)
    project = world.project(user)
    board = make_board(client, headers, project.id)
    prop = client.post(f"{API}/company/custom-properties", json={"name": "Size", "type": "number"}, headers=headers)
    key = f"id_{prop.json()['id']}"
    card = make_card(client, headers, board, properties={key: 1})
    body = {"space_id": project.id, "url": f"{hook_receiver.url}/p", "events": ["card:update"]}
    assert client.post(f"{API}/webhooks", json=body, headers=headers).status_code == 200
    assert client.patch(f"{API}/cards/{card['id']}", json={"properties": {key: 2}}, headers=headers).status_code == 200
    DeliveryEngine(app.state.session_factory, app.state.env).run_until_idle()
    (got,) = [r.json["data"] for r in hook_receiver.on("/p")]
    assert (got["old"]["properties"], got["changes"]) == ({key: 1}, {"properties": {key: 2}})
    assert got["old"]["id"] == card["id"]
