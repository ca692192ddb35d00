"""A card's `properties` (`{"id_<property id>": value}`) on the card routes: shown by get/list, accepted
by create/update, stored as the item's core custom values, so Taiga's custom attribute values of the
story show them and a Taiga write of them shows back on the card."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.testclient import TestClient

from tests.dialects.kaiten.board_fixtures import make_board, make_card
from tests.dialects.kaiten.conftest import API

PROPS = f"{API}/company/custom-properties"


@pytest.fixture
def setup(client, world, kaiten_auth):
    user = world.user(superuser=True)
    headers = kaiten_auth(user)
    project = world.project(user)

    def prop(name, type_):
        made = client.post(PROPS, json={"name": name, "type": type_}, headers=headers)
        assert made.status_code == 200, made.text
        return made.json()["id"]

    props = {"size": prop("Size", "number"), "owner": prop("Owner", "user"), "note": prop("Note", "string")}
    return user, headers, make_board(client, headers, project.id), props


def uid_of(user_id: int) -> str:
    return f"{2:08x}-0000-4000-8000-{user_id:012x}"


def test_card_properties_both_ways_with_taiga(client, world, setup):
    user, headers, board, props = setup
    size, owner, note = (f"id_{props[k]}" for k in ("size", "owner", "note"))
    card = make_card(client, headers, board, properties={size: 3, owner: uid_of(user.id)})
    assert card["properties"] == {size: 3, owner: uid_of(user.id)}
    plain = client.get(f"{API}/cards/{card['id']}", params={"broken_api": "false"}, headers=headers).json()
    assert plain["properties"] == {size: 3, owner: user.id}
    listed = client.get(f"{API}/cards", params={"board_id": board["id"]}, headers=headers).json()
    assert [c["properties"] for c in listed] == [{size: 3, owner: uid_of(user.id)}]
    taiga_url = f"/api/v1/userstories/custom-attributes-values/{card['id']}"
    taiga = client.get(taiga_url, headers=world.auth(user)).json()
    assert taiga["attributes_values"] == {str(props["size"]): 3, str(props["owner"]): user.id}
    body = {"attributes_values": taiga["attributes_values"] | {str(props["size"]): 8}, "version": taiga["version"]}
    assert client.patch(taiga_url, json=body, headers=world.auth(user)).status_code == 200
    assert client.get(f"{API}/cards/{card['id']}", headers=headers).json()["properties"][size] == 8
    r = client.patch(f"{API}/cards/{card['id']}", json={"properties": {note: "hi", owner: None}}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["properties"] == {size: 8, note: "hi"}
    assert client.get(taiga_url, headers=world.auth(user)).json()["attributes_values"] == {
        str(props["size"]): 8, str(props["note"]): "hi"}  # fmt: skip
    assert make_card(client, headers, board, title="Bare")["properties"] is None


@pytest.mark.parametrize("bad", [{"size": "three"}, {"note": 5}, {"owner": 999999}, {"wrong": 1}, {"id_999999": 1}])
def test_bad_properties_are_400_and_write_nothing(client, setup, bad):
    user, headers, board, props = setup
    sent = {(f"id_{props[k]}" if k in props else k): v for k, v in bad.items()}
    before = client.get(f"{API}/cards", params={"board_id": board["id"]}, headers=headers).json()
    r = client.post(f"{API}/cards", json={"title": "X", "board_id": board["id"], "properties": sent}, headers=headers)
    assert r.status_code == 400, r.text
    assert "message" in r.json()
    assert client.get(f"{API}/cards", params={"board_id": board["id"]}, headers=headers).json() == before
    card = make_card(client, headers, board, properties={f"id_{props['size']}": 1})
    r = client.patch(f"{API}/cards/{card['id']}", json={"title": "Y", "properties": sent}, headers=headers)
    assert r.status_code == 400
    again = client.get(f"{API}/cards/{card['id']}", headers=headers).json()
    assert (again["title"], again["properties"]) == ("Card", {f"id_{props['size']}": 1})


@pytest.mark.real_db
def test_parallel_writers_of_a_cards_properties_lose_no_acknowledged_value(app, client, world, kaiten_auth):
    user = world.user(superuser=True)
    headers = kaiten_auth(user)
    board = make_board(client, headers, world.project(user).id)
    names = [f"P{n}" for n in range(6)]
    ids = [client.post(PROPS, json={"name": name, "type": "number"}, headers=headers).json()["id"] for name in names]
    card = make_card(client, headers, board)

    def write(n: int) -> int:
        with TestClient(app, raise_server_exceptions=False) as own:
            body = {"properties": {f"id_{ids[n]}": n}}
            return own.patch(f"{API}/cards/{card['id']}", json=body, headers=headers).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = list(pool.map(write, range(6)))
    assert set(codes) <= {200, 409, 503} and 200 in codes
    shown = client.get(f"{API}/cards/{card['id']}", headers=headers).json()["properties"]
    assert {f"id_{ids[n]}": n for n, code in enumerate(codes) if code == 200}.items() <= shown.items()
