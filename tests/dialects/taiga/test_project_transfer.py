"""Taiga §10.24-10.27: transfer request, start, validate token, accept, reject."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from planyard.kit import security
from planyard.kit.mail import read_mail_log
from planyard.models import Membership, Project


def _url(project, action: str) -> str:
    return f"/api/v1/projects/{project.id}/{action}"


def _mails(app):
    return read_mail_log(app.state.env.settings.mail_log)


def _start(client, world, project, owner, heir) -> str:
    r = client.post(_url(project, "transfer_start"), json={"user": heir.id, "reason": "holidays"},
                    headers=world.auth(owner))  # fmt: skip
    assert r.status_code == 200 and r.content == b""
    return world.run(lambda ctx: ctx.session.get(Project, project.id).transfer_token)


def _error(r, message: str) -> None:
    assert r.status_code == 400
    assert r.json()["_error_message"] == message


def test_request_mails_the_owner(client, world, app, team):
    _, project, owner, *_ = team
    admin = team.admin
    r = client.post(_url(project, "transfer_request"), headers=world.auth(admin))
    assert r.status_code == 200 and r.content == b""
    [mail] = _mails(app)
    assert mail["to"] == owner.email and "admin" in mail["body"] and project.name in mail["body"]


def test_request_needs_an_admin(client, world, team):
    _, project, _, heir, _ = team
    assert client.post(_url(project, "transfer_request")).status_code == 404
    assert client.post(_url(project, "transfer_request"), headers=world.auth(heir)).status_code == 403
    assert client.post(_url(project, "transfer_request"), headers=world.auth(world.user())).status_code == 404


def test_start_sets_a_token_mailed_to_the_invitee(client, world, app, team):
    _, project, owner, heir, _ = team
    token = _start(client, world, project, owner, heir)
    assert token and len(token) <= 255
    [mail] = _mails(app)
    assert mail["to"] == heir.email and token in mail["body"] and "holidays" in mail["body"]
    assert client.get(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).json()["transfer_token"] == token
    ok = client.post(_url(project, "transfer_validate_token"), json={"token": token}, headers=world.auth(heir))
    assert ok.status_code == 200 and ok.content == b""


def test_start_is_for_the_owner_only(client, world, team):
    _, project, _, heir, _ = team
    admin = team.admin
    assert (
        client.post(_url(project, "transfer_start"), json={"user": heir.id}, headers=world.auth(admin)).status_code
        == 403
    )
    assert client.post(_url(project, "transfer_start"), json={"user": heir.id}).status_code == 404
    assert client.post("/api/v1/projects/999999/transfer_start", json={"user": heir.id},
                       headers=world.auth(admin)).status_code == 404  # fmt: skip


def test_start_errors(client, world, team):
    _, project, owner, *_ = team
    headers = world.auth(owner)
    _error(client.post(_url(project, "transfer_start"), json={}, headers=headers), "Invalid user id")
    _error(
        client.post(_url(project, "transfer_start"), json={"user": 999999}, headers=headers), "The user doesn't exist"
    )
    outsider = world.user()
    r = client.post(_url(project, "transfer_start"), json={"user": outsider.id}, headers=headers)
    _error(r, "The user must already be a project member")
    r = client.post(_url(project, "transfer_start"), json={"user": "abc"}, headers=headers)
    assert r.status_code == 400 and r.json() == {"user": ["A valid integer is required."]}


def test_accept_makes_the_invitee_owner_and_admin(client, world, app, team):
    _, project, owner, heir, _ = team
    token = _start(client, world, project, owner, heir)
    r = client.post(_url(project, "transfer_accept"), json={"token": token, "reason": "glad"}, headers=world.auth(heir))
    assert r.status_code == 200 and r.content == b""
    body = client.get(f"/api/v1/projects/{project.id}", headers=world.auth(heir)).json()
    assert body["owner"]["id"] == heir.id and body["i_am_owner"] and body["i_am_admin"]
    assert body["transfer_token"] is None
    admin_flag = select(Membership.is_admin).where(Membership.project_id == project.id, Membership.user_id == heir.id)
    is_admin = world.run(lambda ctx: ctx.session.scalar(admin_flag))
    assert is_admin is True
    old = client.get(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).json()
    assert old["i_am_owner"] is False and old["i_am_admin"] is True
    mail = _mails(app)[-1]
    assert mail["to"] == owner.email and "glad" in mail["body"]
    again = client.post(_url(project, "transfer_accept"), json={"token": token}, headers=world.auth(heir))
    _error(again, "Token is invalid")


def test_reject_clears_the_token_and_tells_the_owner(client, world, app, team):
    _, project, owner, heir, _ = team
    token = _start(client, world, project, owner, heir)
    r = client.post(_url(project, "transfer_reject"), json={"token": token, "reason": "busy"}, headers=world.auth(heir))
    assert r.status_code == 200
    assert world.run(lambda ctx: ctx.session.get(Project, project.id).transfer_token) is None
    assert client.get(f"/api/v1/projects/{project.id}", headers=world.auth(owner)).json()["owner"]["id"] == owner.id
    mail = _mails(app)[-1]
    assert mail["to"] == owner.email and "busy" in mail["body"] and "rejected" in mail["body"]


@pytest.mark.parametrize("action", ["transfer_accept", "transfer_reject", "transfer_validate_token"])
def test_token_must_be_the_pending_one_for_this_user(client, world, team, action):
    _, project, owner, heir, _ = team
    admin = team.admin
    token = _start(client, world, project, owner, heir)
    _error(client.post(_url(project, action), json={"token": "garbage"}, headers=world.auth(heir)), "Token is invalid")
    _error(client.post(_url(project, action), json={"token": token}, headers=world.auth(admin)), "Token is invalid")
    r = client.post(_url(project, action), json={}, headers=world.auth(heir))
    _error(r, "Token is invalid" if action == "transfer_validate_token" else "Invalid token")
    assert (
        client.post(_url(project, action), json={"token": token}, headers=world.auth(world.user())).status_code == 404
    )
    assert world.run(lambda ctx: ctx.session.get(Project, project.id).transfer_token) == token


@pytest.mark.parametrize("action", ["transfer_accept", "transfer_reject", "transfer_validate_token"])
def test_expired_token_is_rejected(client, world, settings, team, action):
    _, project, _, heir, _ = team
    expired = security.sign(settings.signing_key, {"pt": project.id, "u": heir.id}, timedelta(seconds=-5))

    def plant(ctx):
        ctx.session.get(Project, project.id).transfer_token = expired

    world.run(plant)
    _error(client.post(_url(project, action), json={"token": expired}, headers=world.auth(heir)), "Token has expired")


def test_transfer_to_public_project_needs_login(client, world):
    owner = world.user()
    project = world.project(owner)
    r = client.post(_url(project, "transfer_accept"), json={"token": "x"})
    assert r.status_code == 401
