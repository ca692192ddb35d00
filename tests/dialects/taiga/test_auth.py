"""Taiga §3 Auth: login, registration, refresh; Bearer tokens, personal API tokens."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import jwt
import pytest
from starlette.testclient import TestClient

from planyard.core.auth import create_api_token, issue_tokens
from planyard.kit import security
from tests.factories import PASSWORD

AUTH_FIELDS = {
    "auth_token": str, "refresh": str, "id": int, "username": str, "full_name": str, "full_name_display": str,
    "email": str, "color": str, "bio": str, "lang": str, "timezone": str, "is_active": bool,
}  # fmt: skip


def test_login_returns_user_auth_detail(client, world):
    user = world.user("alice")
    r = client.post("/api/v1/auth", json={"type": "normal", "username": "alice", "password": PASSWORD})
    assert r.status_code == 200
    body = r.json()
    for name, kind in AUTH_FIELDS.items():
        assert isinstance(body[name], kind), name
    assert body["id"] == user.id and body["email"] == "alice@example.com"
    me = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {body['auth_token']}"})
    assert me.status_code == 200 and me.json()["username"] == "alice"


def test_login_accepts_email_as_username(client, world):
    world.user("bob")
    r = client.post("/api/v1/auth", json={"type": "normal", "username": "BOB@example.com", "password": PASSWORD})
    assert r.status_code == 200 and r.json()["username"] == "bob"


def test_login_wrong_password_is_400_with_taiga_error(client, world):
    world.user("carol")
    r = client.post("/api/v1/auth", json={"type": "normal", "username": "carol", "password": "nope"})
    assert r.status_code == 400
    assert r.json()["_error_message"] == "No active account found with the given credentials"


def test_login_missing_fields_names_them(client):
    r = client.post("/api/v1/auth", json={"type": "normal"})
    assert r.status_code == 400
    assert r.json() == {"username": ["This field is required."], "password": ["This field is required."]}


def test_malformed_json_is_parse_error(client):
    r = client.post("/api/v1/auth", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json()["_error_type"].endswith("ParseError")


def test_wrong_content_type_is_415(client):
    r = client.post("/api/v1/auth", content=b"username=a", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    assert "_error_message" in r.json()


def test_oversized_body_is_413(client):
    r = client.post(
        "/api/v1/auth", content=b'{"a":"' + b"x" * 70000 + b'"}', headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 413


def test_public_register_creates_user_and_logs_in(client):
    data = {
        "type": "public",
        "username": "newbie",
        "password": "longpass1",
        "email": "n@example.com",
        "full_name": "New Bie",
    }
    r = client.post("/api/v1/auth/register", json=data)
    assert r.status_code == 201
    assert r.json()["username"] == "newbie" and r.json()["auth_token"]
    again = client.post("/api/v1/auth/register", json=data)
    assert again.status_code == 400
    assert set(again.json()) == {"username", "email"}


def test_public_register_requires_every_field(client):
    r = client.post("/api/v1/auth/register", json={"type": "public", "username": "x1", "password": "longpass1"})
    assert r.status_code == 400
    assert set(r.json()) == {"email", "full_name"}


def test_refresh_gives_a_new_working_token(client, world):
    world.user("dave")
    login = client.post("/api/v1/auth", json={"type": "normal", "username": "dave", "password": PASSWORD}).json()
    r = client.post("/api/v1/auth/refresh", json={"refresh": login["refresh"]})
    assert r.status_code == 200
    token = r.json()["auth_token"]
    assert client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    bad = client.post("/api/v1/auth/refresh", json={"refresh": login["auth_token"]})
    assert bad.status_code == 401


def test_expired_and_garbage_tokens_are_401(client, world, settings):
    user = world.user()
    expired = security.sign(settings.signing_key, {"user_id": user.id, "token_type": "access"}, timedelta(seconds=-5))
    for token in (expired, "garbage"):
        r = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401
        assert "_error_message" in r.json()
    assert client.get("/api/v1/users/me").status_code == 401


def test_personal_api_token_works_as_bearer(client, world):
    user = world.user("erin")
    token = world.run(lambda ctx: create_api_token(ctx.session, user, "script"))
    r = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and r.json()["username"] == "erin"
    revoked = token[:-2] + "xx"
    assert client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {revoked}"}).status_code == 401


def test_cors_preflight_allows_the_web_client_headers(client):
    r = client.options("/api/v1/projects", headers={
        "Origin": "http://elsewhere.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization,x-disable-pagination,x-session-id"})  # fmt: skip
    assert r.status_code == 200
    allowed = r.headers["access-control-allow-headers"].lower()
    assert "x-disable-pagination" in allowed and "authorization" in allowed
    listed = client.get("/api/v1/projects", headers={"Origin": "http://elsewhere.example"})
    assert "x-pagination-count" in listed.headers["access-control-expose-headers"].lower()


def test_registration_mails_a_working_cancel_token(client, app):
    from planyard.kit.mail import read_mail_log

    data = {"type": "public", "username": "leaver", "password": "longpass1", "email": "l@example.com",
            "full_name": "Lea Ver"}  # fmt: skip
    assert client.post("/api/v1/auth/register", json=data).status_code == 201
    mail = read_mail_log(app.state.env.settings.mail_log)[-1]
    assert mail["to"] == "l@example.com"
    token = mail["body"].rsplit(" ", 1)[-1]
    assert client.post("/api/v1/users/cancel", json={"cancel_token": token}).status_code == 204
    login = client.post("/api/v1/auth", json={"type": "normal", "username": "leaver", "password": "longpass1"})
    assert login.status_code == 400


def _refresh(client, token: str):
    return client.post("/api/v1/auth/refresh", json={"refresh": token})


def test_a_refresh_token_works_once_and_each_use_answers_a_new_one(client, world):
    world.user("fay")
    first = client.post("/api/v1/auth", json={"type": "normal", "username": "fay", "password": PASSWORD}).json()
    second = _refresh(client, first["refresh"])
    assert second.status_code == 200 and second.json()["refresh"] != first["refresh"]
    again = _refresh(client, first["refresh"])
    assert again.status_code == 401
    assert again.json() == {
        "_error_message": "Token is blacklisted",
        "_error_type": "taiga.base.exceptions.NotAuthenticated",
    }
    third = _refresh(client, second.json()["refresh"])
    assert third.status_code == 200
    assert _refresh(client, second.json()["refresh"]).status_code == 401


@pytest.mark.real_db
def test_parallel_uses_of_one_refresh_token_give_exactly_one_success(app, world):
    user = world.user()
    token = issue_tokens(world.env.settings, user).refresh

    def use(_: int) -> int:
        with TestClient(app, raise_server_exceptions=False) as own:
            return _refresh(own, token).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(use, range(8)))
    assert sorted(codes) == [200] + [401] * 7


def test_signed_tokens_without_exp_or_with_a_non_integer_user_are_401(client, world, settings):
    user = world.user()
    key = settings.signing_key
    forged = [
        jwt.encode({"user_id": user.id, "token_type": "access", "jti": "a1"}, key, algorithm="HS256"),
        security.sign(key, {"user_id": [user.id], "token_type": "access"}, timedelta(minutes=5)),
        security.sign(key, {"user_id": str(user.id), "token_type": "access"}, timedelta(minutes=5)),
        security.sign(key, {"user_id": True, "token_type": "access"}, timedelta(minutes=5)),
    ]
    for token in forged:
        r = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401 and "_error_message" in r.json()
    refresh_forged = [
        jwt.encode({"user_id": user.id, "token_type": "refresh", "jti": "r1"}, key, algorithm="HS256"),
        security.sign(key, {"user_id": [user.id], "token_type": "refresh"}, timedelta(minutes=5)),
    ]
    for token in refresh_forged:
        r = _refresh(client, token)
        assert r.status_code == 401 and r.json()["_error_message"] == "Token is invalid or expired"
