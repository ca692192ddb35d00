"""The web client's web-notifications (a user with none gets an empty page; see test_web_notifications)
and user-project-settings (the section each project opens on, per membership of the logged-in user)."""

from __future__ import annotations

from sqlalchemy import select

from planyard.models import ChangeEntry, Membership, Role

SETTINGS_FIELDS = {"id", "project", "project_name", "homepage", "allowed_sections"}


def test_web_notifications_of_a_user_with_none_are_an_empty_page(client, world):
    user = world.user()
    h = world.auth(user)
    r = client.get("/api/v1/web-notifications", params={"only_unread": "true", "page": 1},
                   headers=h | {"x-lazy-pagination": "true"})  # fmt: skip
    assert r.status_code == 200 and r.json() == {"objects": [], "total": 0}
    assert (r.headers["x-paginated"], r.headers["x-pagination-current"]) == ("true", "1")
    assert r.headers["x-paginated-by"] == "30" and "x-pagination-count" not in r.headers
    counted = client.get("/api/v1/web-notifications", headers=h)
    assert counted.headers["x-pagination-count"] == "0"
    assert client.get("/api/v1/web-notifications", headers=h | {"x-disable-pagination": "1"}).json() == []
    assert client.get("/api/v1/web-notifications", params={"page": 2}, headers=h).status_code == 404
    assert client.get("/api/v1/web-notifications", params={"page": "x"}, headers=h).status_code == 400
    assert client.get("/api/v1/web-notifications").json() == {}
    assert client.post("/api/v1/web-notifications/set-as-read", headers=h).status_code == 200
    assert client.post("/api/v1/web-notifications/set-as-read").status_code == 401
    assert client.patch("/api/v1/web-notifications/1/set-as-read", headers=h).status_code == 404


def membership_id(world, project, user):
    return world.run(lambda ctx: ctx.session.scalar(
        select(Membership.id).filter_by(project_id=project.id, user_id=user.id)))  # fmt: skip


def test_settings_list_one_per_membership(client, world):
    owner, member, outsider = world.user(), world.user(), world.user()
    first = world.project(owner, name="First")
    second = world.project(owner, name="Second", is_epics_activated=True, is_kanban_activated=True)
    world.member(second, member)
    r = client.get("/api/v1/user-project-settings", headers=world.auth(owner) | {"x-disable-pagination": "1"})
    assert r.status_code == 200
    rows = r.json()
    assert [row["project"] for row in rows] == [first.id, second.id]
    assert set(rows[0]) == SETTINGS_FIELDS
    assert rows[0] == {"id": membership_id(world, first, owner), "project": first.id, "project_name": "First",
                       "homepage": 1, "allowed_sections": [1, 3, 6, 5]}  # fmt: skip
    assert rows[1]["allowed_sections"] == [1, 2, 3, 4, 6, 5]
    only = client.get("/api/v1/user-project-settings", params={"project": second.id}, headers=world.auth(owner))
    assert [row["project"] for row in only.json()] == [second.id]
    assert [row["project"] for row in client.get("/api/v1/user-project-settings",
                                                 headers=world.auth(member)).json()] == [second.id]  # fmt: skip
    assert client.get("/api/v1/user-project-settings", headers=world.auth(outsider)).json() == []
    assert client.get("/api/v1/user-project-settings").status_code == 401
    assert (
        client.get("/api/v1/user-project-settings", params={"project": "x"}, headers=world.auth(owner)).status_code
        == 400
    )


def test_settings_homepage_follows_the_role(client, world):
    owner, member = world.user(), world.user()
    project = world.project(owner, private=True)
    world.member(project, member)

    def drop_issue_view(ctx):
        role = ctx.session.scalar(select(Role).filter_by(project_id=project.id, slug="back"))
        role.permissions = [p for p in role.permissions if p != "view_issues"]

    world.run(drop_issue_view)
    sid = membership_id(world, project, member)
    url = f"/api/v1/user-project-settings/{sid}"
    h = world.auth(member)
    assert client.get(url, headers=h).json()["allowed_sections"] == [1, 3, 6]
    r = client.patch(url, json={"homepage": 5}, headers=h)
    assert (r.status_code, r.json()) == (400, {"homepage": ["You don't have access to this section"]})
    r = client.patch(url, json={"homepage": 3}, headers=h)
    assert r.status_code == 200 and r.json()["homepage"] == 3
    assert client.get(url, headers=h).json()["homepage"] == 3
    logged = world.run(lambda ctx: ctx.session.scalar(select(ChangeEntry).filter_by(
        target_type="user_project_settings", target_id=sid)))  # fmt: skip
    assert logged.diff == {"homepage": [1, 3]} and logged.user_id == member.id
    assert client.patch(url, json={"homepage": None}, headers=h).json() == {"homepage": ["This field may not be null."]}
    assert client.patch(url, json={"homepage": "x"}, headers=h).status_code == 400
    assert client.put(url, json={}, headers=h).json() == {"homepage": ["This field is required."]}
    assert client.put(url, json={"homepage": 6}, headers=h).json()["homepage"] == 6
    assert client.delete(url, headers=h).status_code == 204
    assert client.get(url, headers=h).json()["homepage"] == 1
    owner_url = f"/api/v1/user-project-settings/{membership_id(world, project, owner)}"
    assert client.get(owner_url, headers=h).status_code == 404  # someone else's settings
    assert client.patch(owner_url, json={"homepage": 1}, headers=h).status_code == 404
    assert client.get(url).status_code == 401
