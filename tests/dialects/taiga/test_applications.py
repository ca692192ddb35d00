"""Taiga applications and application tokens (§4, §5): the documented flow (token, authorize, validate
to a JWE-ciphered token usable as `Authorization: Application ...`), listing, deleting (revokes),
permissions, bad input, and one winner when a code is traded twice at once."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from planyard.core.external_apps import register_application
from planyard.kit import jwe

KEY = "this-is-the-secret-key"
TOKENS = "/api/v1/application-tokens"


def make_app(world):
    return world.run(lambda ctx: register_application(ctx.session, "Tool", "https://tool.example/back", KEY,
                                                      web="https://tool.example", description="A tool"))  # fmt: skip


def test_the_documented_flow(client, world):
    user = world.user("alice")
    app = make_app(world)
    h = world.auth(user)
    got = client.get(f"/api/v1/applications/{app.uid}", headers=h)
    assert got.status_code == 200
    assert got.json() == {"id": app.uid, "name": "Tool", "web": "https://tool.example", "description": "A tool",
                          "icon_url": None}  # fmt: skip
    none_yet = client.get(f"/api/v1/applications/{app.uid}/token", headers=h).json()
    assert none_yet["id"] is None and none_yet["auth_code"] is None and none_yet["user"] == user.id
    assert none_yet["application"]["id"] == app.uid
    code = client.post(f"{TOKENS}/authorize", json={"application": app.uid, "state": "s1"}, headers=h)
    assert code.status_code == 200, code.text
    body = code.json()
    assert set(body) == {"state", "auth_code", "next_url"} and body["state"] == "s1"
    assert body["next_url"] == f"https://tool.example/back?auth_code={body['auth_code']}"
    wrong = client.post(f"{TOKENS}/validate", json={"application": app.uid, "auth_code": body["auth_code"],
                                                   "state": "other"})  # fmt: skip
    assert wrong.status_code == 404
    res = client.post(
        f"{TOKENS}/validate", json={"application": app.uid, "auth_code": body["auth_code"], "state": "s1"}
    )
    assert res.status_code == 200, res.text
    token = json.loads(jwe.decrypt(res.json()["cyphered_token"], KEY))["token"]
    me = client.get("/api/v1/users/me", headers={"Authorization": f"Application {token}"})
    assert me.status_code == 200 and me.json()["id"] == user.id
    again = client.post(
        f"{TOKENS}/validate", json={"application": app.uid, "auth_code": body["auth_code"], "state": "s1"}
    )
    assert again.status_code == 404  # a code works once
    listed = client.get(TOKENS, headers=h).json()
    assert len(listed) == 1 and listed[0]["application"]["id"] == app.uid and listed[0]["auth_code"] is None
    assert client.get(TOKENS, params={"application": "nope"}, headers=h).json() == []
    one = client.get(f"{TOKENS}/{listed[0]['id']}", headers=h)
    assert one.status_code == 200 and one.json()["id"] == listed[0]["id"]
    assert client.delete(f"{TOKENS}/{listed[0]['id']}", headers=h).status_code == 204
    assert client.get("/api/v1/users/me", headers={"Authorization": f"Application {token}"}).status_code == 401
    assert client.get(TOKENS, headers=h).json() == []


def test_permissions_and_bad_input(client, world):
    alice, bob = world.user("alice"), world.user("bob")
    app = make_app(world)
    assert client.get(f"/api/v1/applications/{app.uid}").status_code == 401
    assert client.get(f"/api/v1/applications/{app.uid}/token").status_code == 401
    assert client.get(TOKENS).status_code == 401
    assert client.post(f"{TOKENS}/authorize", json={"application": app.uid}).status_code == 401
    assert client.get("/api/v1/applications/unknown", headers=world.auth(alice)).status_code == 404
    assert (
        client.post(f"{TOKENS}/authorize", json={"application": "unknown"}, headers=world.auth(alice)).status_code
        == 404
    )
    assert client.post(f"{TOKENS}/authorize", json={"application": 5}, headers=world.auth(alice)).status_code == 404
    assert client.post(f"{TOKENS}/authorize", json={}, headers=world.auth(alice)).status_code == 404
    assert client.post(f"{TOKENS}/validate", json={"application": app.uid, "auth_code": 1}).status_code == 404
    bad_json = client.post(f"{TOKENS}/validate", content=b"{", headers={"content-type": "application/json"})
    assert bad_json.status_code == 400
    client.post(f"{TOKENS}/authorize", json={"application": app.uid, "state": "x"}, headers=world.auth(alice))
    [grant] = client.get(TOKENS, headers=world.auth(alice)).json()
    assert client.get(f"{TOKENS}/{grant['id']}", headers=world.auth(bob)).status_code == 404
    assert client.delete(f"{TOKENS}/{grant['id']}", headers=world.auth(bob)).status_code == 404
    assert client.get(f"{TOKENS}/999999", headers=world.auth(alice)).status_code == 404
    renewed = client.get(f"/api/v1/applications/{app.uid}/token", params={"state": "y"}, headers=world.auth(alice))
    assert renewed.json()["id"] == grant["id"] and renewed.json()["auth_code"] != grant["auth_code"]


@pytest.mark.real_db
def test_a_code_traded_twice_at_once_gives_one_token(app, world):
    user = world.user("alice")
    application = make_app(world)
    with TestClient(app) as client:
        code = client.post(f"{TOKENS}/authorize", json={"application": application.uid, "state": "s"},
                           headers=world.auth(user)).json()["auth_code"]  # fmt: skip

    def trade(_: int) -> int:
        with TestClient(app, raise_server_exceptions=False) as own:
            body = {"application": application.uid, "auth_code": code, "state": "s"}
            return own.post(f"{TOKENS}/validate", json=body).status_code

    with ThreadPoolExecutor(max_workers=5) as pool:
        codes = list(pool.map(trade, range(5)))
    assert sorted(codes) == [200] + [404] * 4
