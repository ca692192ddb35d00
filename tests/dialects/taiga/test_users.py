"""Taiga §32 Users: list, get, me, edit, delete."""

from __future__ import annotations

from sqlalchemy import select

from planyard.kit.mail import read_mail_log
from planyard.models import Membership, Project, User
from tests.factories import PASSWORD

PUBLIC_FIELDS = {
    "id": int, "username": str, "full_name": str, "full_name_display": str, "color": str, "bio": str,
    "lang": str, "theme": str, "timezone": str, "is_active": bool, "gravatar_id": str, "roles": list,
}  # fmt: skip
ADMIN_FIELDS = {
    "email": str, "uuid": str, "date_joined": str, "read_new_terms": bool, "accepted_terms": bool,
    "verified_email": bool, "total_private_projects": int, "total_public_projects": int,
}  # fmt: skip
ADMIN_ONLY = set(ADMIN_FIELDS) | {"max_private_projects", "max_public_projects"}


def assert_fields(body: dict, fields: dict) -> None:
    for name, kind in fields.items():
        assert isinstance(body[name], kind), name


def usernames(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [u["username"] for u in response.json()]


def test_me_is_the_admin_detail_of_the_caller(client, world):
    alice = world.user("alice")
    world.project(alice, private=True)
    world.project(alice, private=False)
    r = client.get("/api/v1/users/me", headers=world.auth(alice))
    assert r.status_code == 200
    body = r.json()
    assert_fields(body, PUBLIC_FIELDS | ADMIN_FIELDS)
    assert body["id"] == alice.id and body["email"] == "alice@example.com"
    assert body["full_name_display"] == "Alice" and body["photo"] is None and body["big_photo"] is None
    assert body["total_private_projects"] == 1 and body["total_public_projects"] == 1
    assert body["roles"] == ["Product Owner"]


def test_me_needs_a_login(client):
    r = client.get("/api/v1/users/me")
    assert r.status_code == 401
    assert r.json()["_error_type"].endswith("NotAuthenticated")


def test_get_other_user_hides_private_fields(client, world):
    alice, bob = world.user("alice"), world.user("bob")
    for headers in ({}, world.auth(bob)):
        r = client.get(f"/api/v1/users/{alice.id}", headers=headers)
        assert r.status_code == 200
        assert_fields(r.json(), PUBLIC_FIELDS)
        assert not ADMIN_ONLY & set(r.json())


def test_get_self_or_as_superuser_shows_private_fields(client, world):
    alice, root = world.user("alice"), world.user("root", superuser=True)
    for viewer in (alice, root):
        r = client.get(f"/api/v1/users/{alice.id}", headers=world.auth(viewer))
        assert r.status_code == 200
        assert r.json()["email"] == "alice@example.com"


def test_get_unknown_user_is_404(client, world):
    r = client.get("/api/v1/users/999999", headers=world.auth(world.user()))
    assert r.status_code == 404


def test_list_shows_only_members_of_visible_projects(client, world):
    owner, mate, secret, loner, outsider = (world.user(n) for n in ("owner", "mate", "secret", "loner", "outsider"))
    public = world.project(owner, private=False)
    world.member(public, mate)
    hidden = world.project(secret, private=True)
    world.member(hidden, mate)
    assert usernames(client.get("/api/v1/users")) == ["mate", "owner"]
    assert usernames(client.get("/api/v1/users", headers=world.auth(outsider))) == ["mate", "outsider", "owner"]
    assert usernames(client.get("/api/v1/users", headers=world.auth(mate))) == ["mate", "owner", "secret"]
    everyone = usernames(client.get("/api/v1/users", headers=world.auth(world.user("root", superuser=True))))
    assert {"loner", "secret", "outsider"} <= set(everyone)


def test_list_by_project(client, world):
    owner, mate, other = world.user("owner"), world.user("mate"), world.user("other")
    project = world.project(owner, private=True)
    world.member(project, mate, role_slug="back")
    world.project(other, private=False)
    r = client.get(f"/api/v1/users?project={project.id}", headers=world.auth(mate))
    assert usernames(r) == ["mate", "owner"]
    assert_fields(r.json()[0], PUBLIC_FIELDS)
    assert r.json()[0]["roles"] == ["Back"]
    assert not ADMIN_ONLY & set(r.json()[0])
    assert r.headers["x-paginated"] == "true" and r.headers["x-pagination-count"] == "2"


def test_list_by_private_project_is_hidden_from_outsiders(client, world):
    project = world.project(world.user("owner"), private=True)
    assert client.get(f"/api/v1/users?project={project.id}").status_code == 404
    assert client.get(f"/api/v1/users?project={project.id}", headers=world.auth(world.user())).status_code == 404
    assert client.get("/api/v1/users?project=999999").status_code == 404
    r = client.get("/api/v1/users?project=abc")
    assert r.status_code == 400 and "project" in r.json()


def test_list_has_no_n_plus_one(client, world, query_counter):
    owner = world.user("owner")
    project = world.project(owner, private=False)

    def count_for(n: int) -> int:
        for _ in range(n):
            world.member(project, world.user())
        query_counter.clear()
        r = client.get(f"/api/v1/users?project={project.id}", headers={"x-disable-pagination": "1"})
        assert r.status_code == 200
        return len(query_counter)

    assert count_for(1) == count_for(9)


def test_edit_own_profile(client, world):
    alice = world.user("alice")
    r = client.patch(
        f"/api/v1/users/{alice.id}", json={"full_name": "Alice Liddell", "bio": "hi", "lang": "es"},
        headers=world.auth(alice),
    )  # fmt: skip
    assert r.status_code == 200
    body = r.json()
    assert body["full_name"] == "Alice Liddell" and body["full_name_display"] == "Alice Liddell"
    assert body["bio"] == "hi" and body["lang"] == "es" and body["email"] == "alice@example.com"
    assert client.get(f"/api/v1/users/{alice.id}").json()["bio"] == "hi"


def test_put_with_same_email_keeps_it_without_mail(client, world, app):
    alice = world.user("alice")
    body = {"username": "alice2", "email": "alice@example.com", "full_name": "A", "bio": "", "lang": "en"}
    r = client.put(f"/api/v1/users/{alice.id}", json=body, headers=world.auth(alice))
    assert r.status_code == 200 and r.json()["username"] == "alice2"
    assert read_mail_log(app.state.env.settings.mail_log) == []


def test_edit_others_is_forbidden_and_anonymous_401(client, world):
    alice, bob = world.user("alice"), world.user("bob")
    r = client.patch(f"/api/v1/users/{alice.id}", json={"bio": "x"}, headers=world.auth(bob))
    assert r.status_code == 403
    assert client.patch(f"/api/v1/users/{alice.id}", json={"bio": "x"}).status_code == 401
    assert client.patch("/api/v1/users/999999", json={"bio": "x"}, headers=world.auth(bob)).status_code == 404


def test_superuser_edits_anyone(client, world):
    alice, root = world.user("alice"), world.user("root", superuser=True)
    r = client.patch(f"/api/v1/users/{alice.id}", json={"bio": "edited"}, headers=world.auth(root))
    assert r.status_code == 200 and r.json()["bio"] == "edited"


def test_edit_rejects_duplicate_or_bad_username(client, world):
    alice, _ = world.user("alice"), world.user("bob")
    r = client.patch(f"/api/v1/users/{alice.id}", json={"username": "BOB"}, headers=world.auth(alice))
    assert r.status_code == 400
    assert r.json() == {"username": ["Invalid username. Try with a different one."]}
    r = client.patch(f"/api/v1/users/{alice.id}", json={"username": "no spaces"}, headers=world.auth(alice))
    assert r.status_code == 400 and "username" in r.json()


def test_edit_rejects_duplicate_or_invalid_email(client, world):
    alice, _ = world.user("alice"), world.user("bob")
    r = client.patch(f"/api/v1/users/{alice.id}", json={"email": "bob@example.com"}, headers=world.auth(alice))
    assert r.status_code == 400 and r.json()["_error_message"] == "Duplicated email"
    r = client.patch(f"/api/v1/users/{alice.id}", json={"email": "not-an-email"}, headers=world.auth(alice))
    assert r.status_code == 400 and r.json()["_error_message"] == "Invalid email"


def test_delete_self_anonymizes_and_deactivates(client, world, app):
    alice = world.user("alice")
    project = world.project(alice, private=False)
    other = world.project(world.user("bob"), private=False)
    world.member(other, alice)
    headers = world.auth(alice)
    assert client.delete(f"/api/v1/users/{alice.id}", headers=headers).status_code == 204

    def check(ctx) -> None:
        user = ctx.session.get(User, alice.id)
        assert not user.is_active and user.username.startswith("deleted-user-")
        assert user.email != "alice@example.com" and user.full_name == "Deleted user" and user.photo is None
        assert ctx.session.scalars(select(Membership).where(Membership.user_id == alice.id)).all() == []
        assert ctx.session.get(Project, project.id).blocked_code == "blocked-by-owner-leaving"

    world.run(check)
    assert client.get("/api/v1/users/me", headers=headers).status_code == 401
    assert client.get(f"/api/v1/users/{alice.id}").status_code == 404
    r = client.post("/api/v1/auth", json={"type": "normal", "username": "alice@example.com", "password": PASSWORD})
    assert r.status_code == 400


def test_delete_others_is_forbidden(client, world):
    alice, bob = world.user("alice"), world.user("bob")
    assert client.delete(f"/api/v1/users/{alice.id}", headers=world.auth(bob)).status_code == 403
    assert client.delete(f"/api/v1/users/{alice.id}").status_code == 401
    assert client.delete("/api/v1/users/999999", headers=world.auth(bob)).status_code == 404
    assert client.get(f"/api/v1/users/{alice.id}").status_code == 200
