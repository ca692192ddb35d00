"""Taiga §11 invitations: inviting by email, bulk invites, resending, looking up and accepting a token."""

from __future__ import annotations

import re

import pytest

from planyard.kit.mail import read_mail_log
from tests.factories import PASSWORD

BASE = "/api/v1/memberships"


@pytest.fixture
def setup(world, client):
    owner, member = world.user("owner"), world.user("member")
    project = world.project(owner, private=True, name="Secret")
    world.member(project, member, role_slug="back")
    roles = client.get("/api/v1/roles", params={"project": project.id}, headers=world.auth(owner)).json()
    return owner, member, project, {r["slug"]: r["id"] for r in roles}


def _mails(app):
    return read_mail_log(app.state.env.settings.mail_log)


def _token(mail):
    return re.search(r"Invitation token: (\S+)", mail["body"]).group(1)


def _invite(client, world, owner, project, role, email, **extra):
    body = {"project": project.id, "role": role, "email": email} | extra
    r = client.post(BASE, json=body, headers=world.auth(owner))
    assert r.status_code == 201, r.text
    return r.json()


def test_invite_unknown_email_creates_pending_invitation_and_mails_token(client, world, app, setup):
    owner, _, project, roles = setup
    m = _invite(client, world, owner, project, roles["front"], "guest@example.org", invitation_extra_text="Hi!")
    assert m["user"] is None and m["email"] == "guest@example.org" and m["user_email"] is None
    assert m["full_name"] is None and m["is_user_active"] is False and m["gravatar_id"] is None
    assert m["invitation_extra_text"] == "Hi!" and m["invited_by"]["id"] == owner.id
    assert "token" not in m
    [mail] = _mails(app)
    assert mail["to"] == "guest@example.org" and "Secret" in mail["subject"] and "Hi!" in mail["body"]
    token = _token(mail)
    for method in ("get", "post"):
        r = getattr(client, method)(f"/api/v1/invitations/{token}")
        assert r.status_code == 200
        assert r.json()["id"] == m["id"] and r.json()["project_name"] == "Secret" and "email" not in r.json()
    assert client.get("/api/v1/invitations/not-a-token").status_code == 404


def test_new_user_registers_with_invitation_token(client, world, app, setup):
    owner, _, project, roles = setup
    m = _invite(client, world, owner, project, roles["front"], "newbie@example.org")
    token = _token(_mails(app)[0])
    body = {"type": "private", "existing": False, "token": token, "username": "newbie", "password": PASSWORD,
            "email": "newbie@example.org", "full_name": "New Bie"}  # fmt: skip
    r = client.post("/api/v1/auth/register", json=body)
    assert r.status_code == 201, r.text
    headers = {"Authorization": f"Bearer {r.json()['auth_token']}"}
    project_view = client.get(f"/api/v1/projects/{project.id}", headers=headers)
    assert project_view.status_code == 200 and project_view.json()["i_am_member"] is True
    mine = client.get(f"{BASE}/{m['id']}", headers=world.auth(owner)).json()
    assert mine["user"] == r.json()["id"] and mine["full_name"] == "New Bie" and mine["role"] == roles["front"]
    assert client.get(f"/api/v1/invitations/{token}").status_code == 404
    assert client.post("/api/v1/auth/register", json=body | {"username": "other"}).status_code == 400


def test_existing_user_accepts_invitation_sent_to_another_address(client, world, app, setup):
    owner, _, project, roles = setup
    existing = world.user("carla")
    _invite(client, world, owner, project, roles["ux"], "carla.work@example.org")
    token = _token(_mails(app)[0])
    body = {"type": "private", "existing": True, "token": token, "username": "carla", "password": PASSWORD}
    r = client.post("/api/v1/auth/register", json=body)
    assert r.status_code == 201 and r.json()["id"] == existing.id
    view = client.get(f"/api/v1/projects/{project.id}", headers=world.auth(existing)).json()
    assert view["i_am_member"] is True
    assert next(m for m in view["members"] if m["id"] == existing.id)["role"] == roles["ux"]


def test_member_cannot_accept_a_second_invitation_to_same_project(client, world, app, setup):
    owner, member, project, roles = setup
    _invite(client, world, owner, project, roles["ux"], "member.alias@example.org")
    token = _token(_mails(app)[0])
    body = {"type": "private", "existing": True, "token": token, "username": "member", "password": PASSWORD}
    r = client.post("/api/v1/auth/register", json=body)
    assert r.status_code == 400 and "already a member" in r.json()["_error_message"]
    assert client.get(f"/api/v1/invitations/{token}").status_code == 200


def test_duplicate_invitation_is_rejected(client, world, setup):
    owner, _, project, roles = setup
    _invite(client, world, owner, project, roles["ux"], "twice@example.org")
    body = {"project": project.id, "role": roles["ux"], "email": "Twice@example.org"}
    r = client.post(BASE, json=body, headers=world.auth(owner))
    assert r.status_code == 400 and r.json() == {"email": ["The user yet exists in the project"]}


@pytest.mark.parametrize(("who", "status"), [("anonymous", 404), ("member", 403), ("outsider", 404), ("owner", 200)])
def test_resend_invitation_needs_admin(client, world, app, setup, who, status):
    owner, member, project, roles = setup
    m = _invite(client, world, owner, project, roles["ux"], "again@example.org")
    headers = {"anonymous": {}, "member": world.auth(member), "outsider": world.auth(world.user()),
               "owner": world.auth(owner)}[who]  # fmt: skip
    r = client.post(f"{BASE}/{m['id']}/resend_invitation", headers=headers)
    assert r.status_code == status
    mails = _mails(app)
    assert len(mails) == (2 if status == 200 else 1)
    if status == 200:
        assert r.json()["id"] == m["id"] and r.json()["email"] == "again@example.org"
        assert _token(mails[1]) == _token(mails[0])


def test_cancelled_invitation_token_stops_working(client, world, app, setup):
    owner, _, project, roles = setup
    m = _invite(client, world, owner, project, roles["ux"], "bye@example.org")
    token = _token(_mails(app)[0])
    assert client.delete(f"{BASE}/{m['id']}", headers=world.auth(owner)).status_code == 204
    assert client.get(f"/api/v1/invitations/{token}").status_code == 404


def test_bulk_create_adds_users_and_invites_emails(client, world, app, setup):
    owner, _, project, roles = setup
    known = world.user("known")
    body = {"project_id": project.id, "invitation_extra_text": "Welcome aboard",
            "bulk_memberships": [{"role_id": roles["front"], "username": "known"},
                                 {"role_id": roles["ux"], "email": "fresh@example.org"}]}  # fmt: skip
    r = client.post(f"{BASE}/bulk_create", json=body, headers=world.auth(owner))
    assert r.status_code == 200, r.text
    first, second = r.json()
    assert first["user"] == known.id and first["role"] == roles["front"] and first["user_email"] == "known@example.com"
    assert second["user"] is None and second["email"] == "fresh@example.org" and second["role_name"] == "UX"
    assert {m["invitation_extra_text"] for m in r.json()} == {"Welcome aboard"}
    mails = _mails(app)
    assert sorted(m["to"] for m in mails) == ["fresh@example.org", "known@example.com"]
    assert all("Welcome aboard" in m["body"] for m in mails)
    listed = client.get(BASE, params={"project": project.id}, headers=world.auth(owner)).json()
    assert len(listed) == 4


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([{"role_id": "FRONT", "email": "a@example.org"}, {"role_id": "OTHER", "email": "b@example.org"}],
         {"bulk_memberships": ["Invalid role ids. All roles must belong to the same project."]}),
        ([{"role_id": "FRONT", "email": "a@example.org"}, {"role_id": "UX", "email": "A@example.org"}],
         {"bulk_memberships": ["You are attempting to invite the same email address multiple times."]}),
        ([{"role_id": "FRONT", "username": "known"}, {"role_id": "UX", "email": "KNOWN@example.com"}],
         {"bulk_memberships": ["You are attempting to invite the same email address multiple times."]}),
        ([{"role_id": "FRONT", "email": "a@example.org"}, {"role_id": "UX", "username": "member"}],
         {"bulk_memberships": ["The user with this email address is already added to the project."]}),
        ([{"role_id": "FRONT", "email": "a@example.org"}, {"role_id": "UX", "email": "nobody"}],
         {"_error_message": "Malformed email adress.", "_error_type": "taiga.base.exceptions.WrongArguments"}),
    ],
)  # fmt: skip
def test_bulk_create_is_all_or_nothing(client, world, app, setup, items, expected):
    owner, _, project, roles = setup
    world.user("known")
    other = world.project(owner)
    other_role = client.get("/api/v1/roles", params={"project": other.id}).json()[0]["id"]
    ids = {"FRONT": roles["front"], "UX": roles["ux"], "OTHER": other_role}
    body = {"project_id": project.id, "bulk_memberships": [item | {"role_id": ids[item["role_id"]]} for item in items]}
    r = client.post(f"{BASE}/bulk_create", json=body, headers=world.auth(owner))
    assert r.status_code == 400 and r.json() == expected
    assert len(client.get(BASE, params={"project": project.id}, headers=world.auth(owner)).json()) == 2
    assert _mails(app) == []


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("member", 403), ("outsider", 400)])
def test_bulk_create_needs_admin(client, world, setup, who, status):
    owner, member, project, roles = setup
    headers = {"anonymous": {}, "member": world.auth(member), "outsider": world.auth(world.user())}[who]
    body = {"project_id": project.id, "bulk_memberships": [{"role_id": roles["ux"], "email": "z@example.org"}]}
    assert client.post(f"{BASE}/bulk_create", json=body, headers=headers).status_code == status


def test_bulk_create_body_validation(client, world, setup):
    owner, _, project, _ = setup
    r = client.post(f"{BASE}/bulk_create", json={"project_id": project.id}, headers=world.auth(owner))
    assert r.status_code == 400 and r.json() == {"bulk_memberships": ["This field is required."]}
    body = {"project_id": 999999, "bulk_memberships": []}
    r = client.post(f"{BASE}/bulk_create", json=body, headers=world.auth(owner))
    assert r.status_code == 400 and list(r.json()) == ["project_id"]
