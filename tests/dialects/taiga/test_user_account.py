"""Taiga §32 account flows: change email, password change and recovery, avatar, cancel."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import timedelta

import pytest
from PIL import Image

from planyard.core.context import Context
from planyard.core.user_account import cancel_token_for, change_avatar
from planyard.kit import security
from planyard.kit.errors import Invalid
from planyard.kit.mail import read_mail_log
from planyard.kit.uow import UnitOfWork
from planyard.models import User
from tests.factories import PASSWORD


def png(size: int = 8) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), (200, 10, 10)).save(out, format="PNG")
    return out.getvalue()


def mails(app) -> list[dict[str, str]]:
    return read_mail_log(app.state.env.settings.mail_log)


def token_in(mail: dict[str, str]) -> str:
    return re.search(r"token: (\S+)$", mail["body"]).group(1)


def login(client, username: str, password: str) -> int:
    return client.post("/api/v1/auth", json={"type": "normal", "username": username, "password": password}).status_code


# --- change email ----------------------------------------------------------------------------


def test_email_change_is_confirmed_by_the_mailed_token(client, world, app):
    alice = world.user("alice")
    r = client.patch(f"/api/v1/users/{alice.id}", json={"email": "new@example.com"}, headers=world.auth(alice))
    assert r.status_code == 200 and r.json()["email"] == "alice@example.com"
    [mail] = mails(app)
    assert mail["to"] == "new@example.com"
    r = client.post("/api/v1/users/change_email", json={"email_token": token_in(mail)})
    assert r.status_code == 200
    assert r.json()["id"] == alice.id and r.json()["email"] == "new@example.com"
    assert r.json()["verified_email"] is True
    assert client.get("/api/v1/users/me", headers=world.auth(alice)).json()["email"] == "new@example.com"
    again = client.post("/api/v1/users/change_email", json={"email_token": token_in(mail)})
    assert again.status_code == 400
    assert again.json()["_error_message"].startswith("Invalid, are you sure the token is correct")


def test_email_change_bad_or_missing_token(client):
    r = client.post("/api/v1/users/change_email", json={"email_token": "nope"})
    assert r.status_code == 400 and "_error_message" in r.json()
    r = client.post("/api/v1/users/change_email", json={})
    assert r.status_code == 400 and r.json() == {"email_token": ["This field is required."]}


def test_email_change_fails_if_the_address_was_taken_meanwhile(client, world, app):
    alice = world.user("alice")
    client.patch(f"/api/v1/users/{alice.id}", json={"email": "taken@example.com"}, headers=world.auth(alice))
    bob = world.user("bob")
    client.patch(f"/api/v1/users/{bob.id}", json={"email": "taken@example.com"}, headers=world.auth(bob))
    first, second = mails(app)
    assert client.post("/api/v1/users/change_email", json={"email_token": token_in(second)}).status_code == 200
    assert client.post("/api/v1/users/change_email", json={"email_token": token_in(first)}).status_code == 400


# --- change password -------------------------------------------------------------------------


def test_change_password(client, world):
    alice = world.user("alice")
    body = {"current_password": PASSWORD, "password": "brand-new-pass"}
    r = client.post("/api/v1/users/change_password", json=body, headers=world.auth(alice))
    assert r.status_code == 204 and r.content == b""
    assert login(client, "alice", "brand-new-pass") == 200
    assert login(client, "alice", PASSWORD) == 400


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"current_password": "wrong-one", "password": "brand-new-pass"}, "Invalid current password"),
        ({"current_password": PASSWORD, "password": "short"}, "Invalid password length at least 6 characters needed"),
        ({"password": "brand-new-pass"}, "Current password parameter needed"),
        ({"current_password": PASSWORD}, "New password parameter needed"),
    ],
)
def test_change_password_errors(client, world, body, message):
    alice = world.user("alice")
    r = client.post("/api/v1/users/change_password", json=body, headers=world.auth(alice))
    assert r.status_code == 400 and r.json()["_error_message"] == message
    assert login(client, "alice", PASSWORD) == 200


def test_change_password_needs_login(client):
    r = client.post("/api/v1/users/change_password", json={"current_password": "x", "password": "yyyyyyy"})
    assert r.status_code == 401


# --- password recovery -----------------------------------------------------------------------


@pytest.mark.parametrize(("identifier", "answered"), [("alice", ""), ("ALICE@example.com", "ALICE@example.com")])
def test_password_recovery_mails_a_one_time_token(client, world, app, identifier, answered):
    """The documented answer, naming no address the request did not name (Taiga has long answered none)."""
    world.user("alice")
    r = client.post("/api/v1/users/password_recovery", json={"username": identifier})
    assert r.status_code == 200
    assert r.json() == {"detail": "Mail sended successfully!", "email": answered}
    [mail] = mails(app)
    assert mail["to"] == "alice@example.com"
    body = {"token": token_in(mail), "password": "recovered-pass"}
    assert client.post("/api/v1/users/change_password_from_recovery", json=body).status_code == 204
    assert login(client, "alice", "recovered-pass") == 200
    again = client.post("/api/v1/users/change_password_from_recovery", json=body | {"password": "other-pass"})
    assert again.status_code == 400 and again.json()["_error_message"] == "Token is invalid"


def test_password_recovery_unknown_or_missing_user(client, world, app):
    r = client.post("/api/v1/users/password_recovery", json={"username": "ghost"})
    assert r.status_code == 400 and r.json()["_error_message"] == "Username or password does not matches user."
    r = client.post("/api/v1/users/password_recovery", json={})
    assert r.status_code == 400 and r.json()["_error_message"] == "Invalid username or email"
    assert mails(app) == []


def test_a_new_recovery_token_replaces_the_old_one(client, world, app):
    world.user("alice")
    for _ in range(2):
        client.post("/api/v1/users/password_recovery", json={"username": "alice"})
    old, new = (token_in(m) for m in mails(app))
    body = {"password": "recovered-pass"}
    assert client.post("/api/v1/users/change_password_from_recovery", json=body | {"token": old}).status_code == 400
    assert client.post("/api/v1/users/change_password_from_recovery", json=body | {"token": new}).status_code == 204


def test_change_password_from_recovery_errors(client, world, app):
    world.user("alice")
    client.post("/api/v1/users/password_recovery", json={"username": "alice"})
    token = token_in(mails(app)[0])
    r = client.post("/api/v1/users/change_password_from_recovery", json={"token": token, "password": "abc"})
    assert r.status_code == 400 and list(r.json()) == ["password"]
    r = client.post("/api/v1/users/change_password_from_recovery", json={"token": "bogus", "password": "abcdefg"})
    assert r.status_code == 400 and r.json()["_error_message"] == "Token is invalid"
    r = client.post("/api/v1/users/change_password_from_recovery", json={})
    assert r.status_code == 400 and set(r.json()) == {"token", "password"}
    assert login(client, "alice", PASSWORD) == 200


# --- avatar ----------------------------------------------------------------------------------


def test_change_avatar_replaces_and_removes_files(client, world, app):
    alice = world.user("alice")
    headers = world.auth(alice)
    r = client.post("/api/v1/users/change_avatar", files={"avatar": ("me.png", png(), "image/png")}, headers=headers)
    assert r.status_code == 200
    first = r.json()["photo"]
    assert first.endswith("/me.png") and r.json()["big_photo"] == first and r.json()["email"] == "alice@example.com"
    media = app.state.env.settings.media_dir
    first_path = media / first.split("/media/", 1)[1]
    assert first_path.read_bytes() == png()
    assert client.get(first.split("127.0.0.1:8000", 1)[1]).status_code == 200
    r = client.post("/api/v1/users/change_avatar", files={"avatar": ("two.png", png(4), "image/png")}, headers=headers)
    second_path = media / r.json()["photo"].split("/media/", 1)[1]
    assert second_path.is_file() and not first_path.exists()
    r = client.post("/api/v1/users/remove_avatar", headers=headers)
    assert r.status_code == 200 and r.json()["photo"] is None and r.json()["big_photo"] is None
    assert not second_path.exists()
    assert client.get("/api/v1/users/me", headers=headers).json()["photo"] is None


def test_change_avatar_rejects_missing_or_non_image(client, world):
    headers = world.auth(world.user("alice"))
    r = client.post("/api/v1/users/change_avatar", files={"other": ("a.png", png(), "image/png")}, headers=headers)
    assert r.status_code == 400 and list(r.json()) == ["avatar"]
    r = client.post("/api/v1/users/change_avatar", files={"avatar": ("a.png", b"not an image", "image/png")},
                    headers=headers)  # fmt: skip
    assert r.status_code == 400 and list(r.json()) == ["avatar"]
    assert client.get("/api/v1/users/me", headers=headers).json()["photo"] is None


def test_avatar_over_the_upload_limit_is_rejected(world):
    alice = world.user("alice")
    settings = world.env.settings.model_copy(update={"max_upload_bytes": 16})
    env = dataclasses.replace(world.env, settings=settings)
    uow = UnitOfWork(world.factory())
    try:
        ctx = Context(uow=uow, env=env, actor=uow.session.get(User, alice.id))
        with pytest.raises(Invalid) as error:
            change_avatar(ctx, png(), "big.png")
        assert list(error.value.fields) == ["avatar"]
    finally:
        uow.rollback()
        uow.close()


def test_avatar_endpoints_need_login(client):
    assert (
        client.post("/api/v1/users/change_avatar", files={"avatar": ("a.png", png(), "image/png")}).status_code == 401
    )
    assert client.post("/api/v1/users/remove_avatar").status_code == 401


# --- cancel ----------------------------------------------------------------------------------


def test_cancel_with_token_deactivates_the_account(client, world):
    alice = world.user("alice")
    headers = world.auth(alice)
    token = cancel_token_for(world.env, alice)
    assert client.post("/api/v1/users/cancel", json={"cancel_token": token}).status_code == 204
    assert client.get("/api/v1/users/me", headers=headers).status_code == 401
    assert login(client, "alice", PASSWORD) == 400
    again = client.post("/api/v1/users/cancel", json={"cancel_token": token})
    assert again.status_code == 400


@pytest.mark.parametrize("kind", ["garbage", "access", "expired", "missing"])
def test_cancel_rejects_bad_tokens(client, world, kind):
    alice = world.user("alice")
    key = world.env.settings.signing_key
    tokens = {
        "garbage": "not-a-token",
        "access": world.token(alice),
        "expired": security.sign(key, {"purpose": "cancel_account", "user_id": alice.id}, timedelta(seconds=-1)),
    }
    body = {"cancel_token": tokens[kind]} if kind in tokens else {}
    r = client.post("/api/v1/users/cancel", json=body)
    assert r.status_code == 400
    assert r.json()["_error_message"] == "Invalid, are you sure the token is correct?"
    assert client.get("/api/v1/users/me", headers=world.auth(alice)).status_code == 200
