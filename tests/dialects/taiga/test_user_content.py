"""Taiga §32 profile content: stats, contacts, watched, liked and voted content."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from planyard.core.projects import tags
from planyard.models import Vote, Watch

CONTENT_FIELDS = {
    "type": str, "id": int, "slug": str, "name": str, "description": str, "tags_colors": list,
    "created_date": str, "is_private": bool, "is_watcher": bool, "total_watchers": int,
    "is_fan": bool, "total_fans": int,
}  # fmt: skip
NULL_FOR_PROJECTS = (
    "ref", "subject", "assigned_to", "status", "status_color", "logo_small_url", "project", "project_name",
    "project_slug", "project_is_private", "assigned_to_username", "assigned_to_full_name", "assigned_to_photo",
)  # fmt: skip
CONTACT_FIELDS = {
    "id": int, "username": str, "full_name": str, "full_name_display": str, "color": str, "bio": str,
    "lang": str, "timezone": str, "is_active": bool, "roles": list, "projects_with_me": list,
}  # fmt: skip


def social(world, model, user, project, days_ago: int = 0) -> None:
    created = datetime.now(UTC) - timedelta(days=days_ago)
    world.run(lambda ctx: ctx.session.add(
        model(target_type="project", target_id=project.id, user_id=user.id, created_at=created)))  # fmt: skip


def ids(response) -> list[int]:
    assert response.status_code == 200, response.text
    return [e["id"] for e in response.json()]


# --- stats -----------------------------------------------------------------------------------


def test_stats_count_visible_projects_roles_and_contacts(client, world):
    alice, bob, carol, dave = (world.user(n) for n in ("alice", "bob", "carol", "dave"))
    public = world.project(bob, private=False)
    world.member(public, alice, role_slug="back")
    world.member(public, carol)
    secret = world.project(dave, private=True)
    world.member(secret, alice, role_slug="design")
    r = client.get(f"/api/v1/users/{alice.id}/stats")
    assert r.status_code == 200
    assert r.json() == {
        "roles": ["Back"], "total_num_closed_userstories": 0, "total_num_contacts": 2, "total_num_projects": 1,
    }  # fmt: skip
    r = client.get(f"/api/v1/users/{alice.id}/stats", headers=world.auth(dave))
    assert r.json() == {
        "roles": ["Back", "Design"], "total_num_closed_userstories": 0, "total_num_contacts": 3,
        "total_num_projects": 2,
    }  # fmt: skip


def test_stats_of_unknown_user_is_404(client):
    assert client.get("/api/v1/users/999999/stats").status_code == 404


# --- contacts --------------------------------------------------------------------------------


def test_contacts_are_users_sharing_a_visible_project(client, world):
    alice, bob, carol, dave, me = (world.user(n) for n in ("alice", "bob", "carol", "dave", "me"))
    public = world.project(bob, private=False, name="Public")
    world.member(public, alice, role_slug="front")
    world.member(public, me)
    secret = world.project(carol, private=True, name="Secret")
    world.member(secret, alice)
    world.project(dave, private=False)
    r = client.get(f"/api/v1/users/{alice.id}/contacts", headers=world.auth(me))
    assert r.status_code == 200
    body = r.json()
    assert [c["username"] for c in body] == ["bob", "me"]
    for contact in body:
        for name, kind in CONTACT_FIELDS.items():
            assert isinstance(contact[name], kind), name
        assert "email" not in contact
    assert body[0]["roles"] == ["Product Owner"]
    assert body[0]["projects_with_me"] == [{"id": public.id, "slug": public.slug, "name": "Public"}]
    assert r.headers["x-pagination-count"] == "2"
    r = client.get(f"/api/v1/users/{alice.id}/contacts", headers=world.auth(carol))
    assert [c["username"] for c in r.json()] == ["bob", "carol", "me"]
    anonymous = client.get(f"/api/v1/users/{alice.id}/contacts").json()
    assert [c["username"] for c in anonymous] == ["bob", "me"]
    assert all(c["projects_with_me"] == [] for c in anonymous)


def test_contacts_filters(client, world):
    alice, bob, carol = world.user("alice"), world.user("bob"), world.user("carol")
    first = world.project(bob, private=False)
    world.member(first, alice)
    second = world.project(carol, private=False)
    world.member(second, alice)
    names = lambda r: [c["username"] for c in r.json()]  # noqa: E731
    assert names(client.get(f"/api/v1/users/{alice.id}/contacts?q=CAR")) == ["carol"]
    assert names(client.get(f"/api/v1/users/{alice.id}/contacts?exclude_project={first.id}")) == ["carol"]


def test_contacts_of_unknown_user_is_404(client):
    assert client.get("/api/v1/users/999999/contacts").status_code == 404


def test_contacts_have_no_n_plus_one(client, world, query_counter):
    alice = world.user("alice")
    project = world.project(alice, private=False)

    def count_for(n: int) -> int:
        for _ in range(n):
            world.member(project, world.user())
        query_counter.clear()
        r = client.get(f"/api/v1/users/{alice.id}/contacts", headers=world.auth(alice))
        assert r.status_code == 200 and len(r.json()) >= n
        return len(query_counter)

    assert count_for(2) == count_for(8)


# --- watched / liked / voted -----------------------------------------------------------------


def test_watched_projects_have_the_liked_object_fields(client, world):
    alice, bob = world.user("alice"), world.user("bob")
    old = world.project(bob, private=False, name="Old one", tags=["a"])
    world.run(lambda ctx: [tags.create_tag(ctx, old.id, n, c) for n, c in (("a", "#fff"), ("b", "#000"))], actor=bob)
    new = world.project(bob, private=False, name="New one")
    social(world, Watch, alice, old, days_ago=3)
    social(world, Watch, alice, new, days_ago=1)
    social(world, Vote, bob, old)  # bob, the creator, watches it already
    r = client.get(f"/api/v1/users/{alice.id}/watched", headers=world.auth(bob))
    assert ids(r) == [new.id, old.id]
    entry = r.json()[1]
    for name, kind in CONTENT_FIELDS.items():
        assert isinstance(entry[name], kind), name
    for name in NULL_FOR_PROJECTS:
        assert entry[name] is None, name
    assert entry["type"] == "project" and entry["name"] == "Old one" and entry["slug"] == old.slug
    assert entry["description"] == "A test project" and entry["is_private"] is False
    assert entry["tags_colors"] == [{"name": "a", "color": "#fff"}]
    assert entry["total_watchers"] == 2 and entry["is_watcher"] is True
    assert entry["total_fans"] == 1 and entry["is_fan"] is True
    assert "is_voter" not in entry and "total_voters" not in entry
    assert r.headers["x-paginated"] == "true"


def test_watched_filters_by_type_and_text(client, world):
    alice, bob = world.user("alice"), world.user("bob")
    taiga = world.project(bob, private=False, name="Taiga clone")
    other = world.project(bob, private=False, name="Something else")
    social(world, Watch, alice, taiga)
    social(world, Watch, alice, other)
    assert ids(client.get(f"/api/v1/users/{alice.id}/watched?q=TAIGA")) == [taiga.id]
    assert set(ids(client.get(f"/api/v1/users/{alice.id}/watched?type=project"))) == {taiga.id, other.id}
    assert ids(client.get(f"/api/v1/users/{alice.id}/watched?type=issue")) == []


def test_content_of_private_projects_is_only_shown_to_who_may_see_them(client, world):
    alice, owner, outsider = world.user("alice"), world.user("owner"), world.user("outsider")
    secret = world.project(owner, private=True)
    world.member(secret, alice)
    public = world.project(owner, private=False)
    social(world, Vote, alice, secret)  # she watches it already: her membership made her policy there
    for model in (Watch, Vote):
        social(world, model, alice, public)
    for path in ("watched", "liked"):
        url = f"/api/v1/users/{alice.id}/{path}"
        assert ids(client.get(url)) == [public.id]
        assert ids(client.get(url, headers=world.auth(outsider))) == [public.id]
        assert set(ids(client.get(url, headers=world.auth(owner)))) == {secret.id, public.id}
        assert set(ids(client.get(url, headers=world.auth(alice)))) == {secret.id, public.id}


def test_liked_lists_fan_projects(client, world):
    alice, bob = world.user("alice"), world.user("bob")
    liked_project = world.project(bob, private=False, name="Liked")
    watched_only = world.project(bob, private=False)
    social(world, Vote, alice, liked_project)
    social(world, Watch, alice, watched_only)
    r = client.get(f"/api/v1/users/{alice.id}/liked", headers=world.auth(alice))
    assert ids(r) == [liked_project.id]
    entry = r.json()[0]
    assert entry["type"] == "project" and entry["is_fan"] is True and entry["total_fans"] == 1
    assert entry["is_watcher"] is False and entry["total_watchers"] == 1  # bob, its creator
    assert ids(client.get(f"/api/v1/users/{alice.id}/liked?q=nothing-like-this")) == []


def test_voted_has_no_projects(client, world):
    alice, bob = world.user("alice"), world.user("bob")
    social(world, Vote, alice, world.project(bob, private=False))
    r = client.get(f"/api/v1/users/{alice.id}/voted")
    assert r.status_code == 200 and r.json() == []
    assert client.get(f"/api/v1/users/{alice.id}/voted?type=userstory&q=x").json() == []


def test_content_lists_paginate(client, world):
    alice, bob = world.user("alice"), world.user("bob")
    projects = [world.project(bob, private=False) for _ in range(3)]
    for days, project in enumerate(projects):
        social(world, Vote, alice, project, days_ago=days)
    r = client.get(f"/api/v1/users/{alice.id}/liked?page_size=2&page=2")
    assert ids(r) == [projects[2].id]
    assert r.headers["x-pagination-count"] == "3" and "x-pagination-prev" in r.headers
    r = client.get(f"/api/v1/users/{alice.id}/liked", headers={"x-disable-pagination": "1"})
    assert ids(r) == [p.id for p in projects] and "x-paginated" not in r.headers


def test_content_of_unknown_user_is_404(client):
    for path in ("watched", "liked", "voted"):
        assert client.get(f"/api/v1/users/999999/{path}").status_code == 404


def test_content_lists_have_no_n_plus_one(client, world, query_counter):
    alice, bob = world.user("alice"), world.user("bob")

    def count_for(n: int) -> int:
        for _ in range(n):
            project = world.project(bob, private=False)
            social(world, Watch, alice, project)
            social(world, Vote, alice, project)
        query_counter.clear()
        r = client.get(f"/api/v1/users/{alice.id}/watched", headers=world.auth(bob))
        assert r.status_code == 200
        return len(query_counter)

    assert count_for(2) == count_for(8)
