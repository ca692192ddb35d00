"""Taiga §11 Memberships: listing, adding people, editing roles, removing, permission matrix."""

from __future__ import annotations

import pytest

from planyard.kit.mail import read_mail_log

BASE = "/api/v1/memberships"
DETAIL_FIELDS = {
    "id": int, "user": int, "project": int, "role": int, "is_admin": bool, "created_at": str,
    "user_order": int, "role_name": str, "full_name": str, "is_user_active": bool, "color": str,
    "gravatar_id": str, "project_name": str, "project_slug": str, "is_owner": bool,
}  # fmt: skip
ALL_FIELDS = set(DETAIL_FIELDS) | {"invited_by", "invitation_extra_text", "photo"}


def _headers(world, people, who):
    return {} if who == "anonymous" else world.auth(people[who])


def _role(client, world, people, project, slug):
    roles = client.get("/api/v1/roles", params={"project": project.id}, headers=world.auth(people["owner"])).json()
    return next(r["id"] for r in roles if r["slug"] == slug)


def _membership(client, world, people, project, username):
    rows = client.get(BASE, params={"project": project.id}, headers=world.auth(people["owner"])).json()
    return next(m for m in rows if m["user"] == people[username].id)


def test_list_memberships_of_a_project_as_admin(client, world, team):
    people, projects = team.people, team.projects
    r = client.get(BASE, params={"project": projects["public"].id}, headers=world.auth(people["admin"]))
    assert r.status_code == 200 and r.headers["x-pagination-count"] == "3"
    rows = r.json()
    assert [m["full_name"] for m in rows] == ["Admin", "Member", "Owner"]
    for m in rows:
        for name, kind in DETAIL_FIELDS.items():
            assert isinstance(m[name], kind), name
        assert set(m) == ALL_FIELDS | {"email", "user_email"}
        assert m["user_email"] == m["email"] == f"{m['full_name'].lower()}@example.com"
        assert m["project_name"] == "Open" and m["project_slug"] == projects["public"].slug
    owner = rows[2]
    assert owner["is_owner"] is True and owner["is_admin"] is True and owner["role_name"] == "Product Owner"
    assert rows[1]["is_owner"] is False and rows[1]["role_name"] == "Back"


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member"])
def test_non_admins_do_not_see_emails(client, world, team, who):
    people, projects = team.people, team.projects
    r = client.get(BASE, params={"project": projects["public"].id}, headers=_headers(world, people, who))
    assert r.status_code == 200 and len(r.json()) == 3
    assert all(set(m) == ALL_FIELDS for m in r.json())
    one = client.get(f"{BASE}/{r.json()[0]['id']}", headers=_headers(world, people, who)).json()
    assert "email" not in one and "user_email" not in one


@pytest.mark.parametrize(
    ("privacy", "who", "count"),
    [("public", "anonymous", 3), ("public", "outsider", 3), ("private", "anonymous", 0),
     ("private", "outsider", 0), ("private", "member", 3), ("private", "admin", 3), ("private", "owner", 3)],
)  # fmt: skip
def test_list_and_get_only_visible_projects(client, world, team, privacy, who, count):
    people, projects = team.people, team.projects
    project, headers = projects[privacy], _headers(world, people, who)
    assert len(client.get(BASE, params={"project": project.id}, headers=headers).json()) == count
    everything = client.get(BASE, headers=headers).json()
    assert sum(m["project"] == project.id for m in everything) == count
    some_id = _membership(client, world, people, project, "member")["id"]
    assert client.get(f"{BASE}/{some_id}", headers=headers).status_code == (200 if count else 404)


def test_list_filters_by_role_and_unknown_is_404(client, world, team):
    people, projects = team.people, team.projects
    back = _role(client, world, people, projects["public"], "back")
    rows = client.get(BASE, params={"project": projects["public"].id, "role": back}).json()
    assert [m["user"] for m in rows] == [people["member"].id]
    assert client.get(BASE, params={"role": "x"}).status_code == 400
    assert client.get(f"{BASE}/999999").status_code == 404
    assert client.get(f"{BASE}/{2**63}").status_code == 400
    assert client.get(BASE, params={"project": 2**63}).status_code == 400


def test_list_has_no_n_plus_one(client, world, team, query_counter):
    people, projects = team.people, team.projects
    for i in range(8):
        world.member(projects["public"], world.user(f"extra{i}"), role_slug="front")
    headers = world.auth(people["owner"])
    query_counter.clear()
    assert len(client.get(BASE, params={"project": projects["public"].id, "page_size": 2}, headers=headers).json()) == 2
    few = len(query_counter)
    query_counter.clear()
    assert len(client.get(BASE, params={"project": projects["public"].id}, headers=headers).json()) == 11
    assert len(query_counter) == few


def test_admin_adds_existing_user_by_username(client, world, team, app):
    people, projects = team.people, team.projects
    newcomer = world.user("newcomer")
    front = _role(client, world, people, projects["private"], "front")
    body = {"project": projects["private"].id, "role": front, "username": "newcomer"}
    r = client.post(BASE, json=body, headers=world.auth(people["admin"]))
    assert r.status_code == 201, r.text
    m = r.json()
    assert m["user"] == newcomer.id and m["role"] == front and m["role_name"] == "Front"
    assert m["email"] == m["user_email"] == "newcomer@example.com" and m["is_admin"] is False
    assert m["invited_by"]["username"] == "admin" and m["is_user_active"] is True
    project = client.get(f"/api/v1/projects/{projects['private'].id}", headers=world.auth(newcomer))
    assert project.status_code == 200 and project.json()["i_am_member"] is True
    mails = read_mail_log(app.state.env.settings.mail_log)
    assert [mail["to"] for mail in mails] == ["newcomer@example.com"] and "Closed" in mails[0]["subject"]


def test_adding_by_email_of_existing_user_makes_them_member(client, world, team):
    people, projects = team.people, team.projects
    user = world.user("dana")
    front = _role(client, world, people, projects["public"], "front")
    body = {"project": projects["public"].id, "role": front, "email": "DANA@example.com", "is_admin": True}
    m = client.post(BASE, json=body, headers=world.auth(people["owner"])).json()
    assert m["user"] == user.id and m["is_admin"] is True and m["email"] == "dana@example.com"


def test_create_validation_errors(client, world, team):
    people, projects = team.people, team.projects
    headers, pid = world.auth(people["owner"]), projects["public"].id
    front = _role(client, world, people, projects["public"], "front")
    other_role = _role(client, world, people, projects["private"], "front")
    r = client.post(BASE, json={"project": pid, "email": "x@example.com"}, headers=headers)
    assert r.status_code == 400 and r.json() == {"role": ["This field is required."]}
    r = client.post(BASE, json={"project": pid, "role": front}, headers=headers)
    assert r.status_code == 400 and r.json() == {"email": ["This field is required."]}
    r = client.post(BASE, json={"project": pid, "role": other_role, "email": "x@example.com"}, headers=headers)
    assert r.status_code == 400 and r.json() == {"role": ["Invalid role for the project"]}
    r = client.post(BASE, json={"project": pid, "role": front, "email": "not-an-email"}, headers=headers)
    assert r.status_code == 400 and list(r.json()) == ["email"]
    r = client.post(BASE, json={"project": pid, "role": front, "username": "member"}, headers=headers)
    assert r.status_code == 400 and r.json() == {"username": ["The user yet exists in the project"]}
    r = client.post(BASE, json={"project": pid, "role": front, "email": "MEMBER@example.com"}, headers=headers)
    assert r.status_code == 400 and r.json() == {"email": ["The user yet exists in the project"]}
    r = client.post(BASE, json={"project": 999999, "role": front, "email": "x@example.com"}, headers=headers)
    assert r.status_code == 400 and list(r.json()) == ["project"]
    r = client.post(BASE, json={"project": 2**63, "role": front, "email": "x@example.com"}, headers=headers)
    assert r.status_code == 400 and list(r.json()) == ["project"]


def test_unverified_admin_cannot_add_members(client, world, team):
    people, projects = team.people, team.projects
    from planyard.models import User

    world.run(lambda ctx: setattr(ctx.session.get(User, people["admin"].id), "verified_email", False))
    front = _role(client, world, people, projects["public"], "front")
    body = {"project": projects["public"].id, "role": front, "email": "x@example.com"}
    r = client.post(BASE, json=body, headers=world.auth(people["admin"]))
    assert r.status_code == 400 and "verify your email" in r.json()["_error_message"]


@pytest.mark.parametrize(
    ("privacy", "who", "status"),
    [("public", "anonymous", 401), ("public", "outsider", 403), ("public", "member", 403),
     ("public", "admin", 201), ("public", "owner", 201), ("private", "anonymous", 401),
     ("private", "outsider", 400), ("private", "member", 403), ("private", "admin", 201)],
)  # fmt: skip
def test_create_needs_project_admin(client, world, team, privacy, who, status):
    people, projects = team.people, team.projects
    front = _role(client, world, people, projects[privacy], "front")
    body = {"project": projects[privacy].id, "role": front, "email": "guest@example.org"}
    assert client.post(BASE, json=body, headers=_headers(world, people, who)).status_code == status


@pytest.mark.parametrize(
    ("privacy", "who", "status"),
    [("public", "anonymous", 401), ("public", "outsider", 403), ("public", "member", 403),
     ("public", "admin", 200), ("private", "outsider", 404), ("private", "owner", 200)],
)  # fmt: skip
def test_edit_role_needs_project_admin(client, world, team, privacy, who, status):
    people, projects = team.people, team.projects
    project = projects[privacy]
    membership = _membership(client, world, people, project, "member")
    ux = _role(client, world, people, project, "ux")
    for method in ("patch", "put"):
        r = getattr(client, method)(f"{BASE}/{membership['id']}", json={"role": ux},
                                    headers=_headers(world, people, who))  # fmt: skip
        assert r.status_code == status
    if status == 200:
        assert r.json()["role"] == ux and r.json()["role_name"] == "UX"
        roles = client.get(f"/api/v1/projects/{project.id}", headers=world.auth(people["member"])).json()["members"]
        assert next(m for m in roles if m["id"] == people["member"].id)["role"] == ux


def test_edit_validation_and_admin_rules(client, world, team):
    people, projects = team.people, team.projects
    project, headers = projects["public"], world.auth(people["owner"])
    member = _membership(client, world, people, project, "member")
    owner = _membership(client, world, people, project, "owner")
    admin = _membership(client, world, people, project, "admin")
    other_role = _role(client, world, people, projects["private"], "ux")
    r = client.patch(f"{BASE}/{member['id']}", json={"role": other_role}, headers=headers)
    assert r.status_code == 400 and r.json() == {"role": ["Invalid role for the project"]}
    r = client.patch(f"{BASE}/{member['id']}", json={"project": projects["private"].id}, headers=headers)
    assert r.status_code == 400 and r.json() == {"project": ["Invalid operation"]}
    r = client.patch(f"{BASE}/{owner['id']}", json={"is_admin": False}, headers=headers)
    assert r.status_code == 400 and r.json() == {"is_admin": ["The project owner must be admin."]}
    r = client.patch(f"{BASE}/{member['id']}", json={"is_admin": True}, headers=headers)
    assert r.status_code == 200 and r.json()["is_admin"] is True
    assert client.get(f"/api/v1/projects/{project.id}", headers=world.auth(people["member"])).json()["i_am_admin"]
    r = client.patch(f"{BASE}/{admin['id']}", json={"is_admin": False}, headers=headers)
    assert r.status_code == 200 and r.json()["is_admin"] is False
    assert client.patch(f"{BASE}/999999", json={"role": other_role}, headers=headers).status_code == 404
    r = client.put(f"{BASE}/{member['id']}", json={"is_admin": False}, headers=headers)
    assert r.status_code == 400 and r.json() == {"role": ["This field is required."]}


def test_last_active_admin_cannot_be_demoted(client, world):
    from planyard.models import Project

    owner, admin = world.user("boss"), world.user("deputy")
    project = world.project(owner)
    world.member(project, admin, role_slug="back", admin=True)
    world.run(lambda ctx: setattr(ctx.session.get(Project, project.id), "owner_id", None))
    rows = client.get(BASE, params={"project": project.id}, headers=world.auth(admin)).json()
    by_user = {m["user"]: m for m in rows}
    headers = world.auth(admin)
    assert (
        client.patch(f"{BASE}/{by_user[owner.id]['id']}", json={"is_admin": False}, headers=headers).status_code == 200
    )
    r = client.patch(f"{BASE}/{by_user[admin.id]['id']}", json={"is_admin": False}, headers=headers)
    assert r.status_code == 400
    assert r.json() == {"is_admin": ["At least one user must be an active admin for this project."]}
    r = client.delete(f"{BASE}/{by_user[admin.id]['id']}", headers=headers)
    assert r.status_code == 400


@pytest.mark.parametrize(
    ("privacy", "who", "status"),
    [("public", "anonymous", 401), ("public", "outsider", 403), ("public", "member", 403),
     ("public", "admin", 204), ("private", "anonymous", 404), ("private", "owner", 204)],
)  # fmt: skip
def test_delete_needs_project_admin(client, world, team, privacy, who, status):
    people, projects = team.people, team.projects
    project = projects[privacy]
    membership = _membership(client, world, people, project, "member")
    assert client.delete(f"{BASE}/{membership['id']}", headers=_headers(world, people, who)).status_code == status
    if status == 204:
        gone = client.get(f"/api/v1/projects/{project.id}", headers=world.auth(people["member"]))
        assert gone.status_code == 404 if privacy == "private" else gone.json()["i_am_member"] is False


def test_owner_membership_cannot_be_deleted(client, world, team):
    people, projects = team.people, team.projects
    owner = _membership(client, world, people, projects["public"], "owner")
    r = client.delete(f"{BASE}/{owner['id']}", headers=world.auth(people["admin"]))
    assert r.status_code == 400
    assert r.json()["_error_message"] == (
        "The project must have an owner and at least one of the users must be an active admin"
    )
    assert client.delete(f"{BASE}/999999", headers=world.auth(people["admin"])).status_code == 404
