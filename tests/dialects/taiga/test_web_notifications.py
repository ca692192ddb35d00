"""The web client's notification bell (taiga-back's web-notifications): who is notified of what and
never the actor, the `data` shape and `event_type` numbers, only_unread, order, set-as-read, paging."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planyard.models import Notification, WorkItem

API = "/api/v1/web-notifications"
FIELDS = {"id", "event_type", "user", "data", "created", "read"}
USER_FIELDS = {"id", "name", "photo", "big_photo", "gravatar_id", "username", "is_profile_visible", "date_joined"}
ASSIGNED, MENTIONED, WATCHER, MEMBER, COMMENT, COMMENT_MENTION = 1, 2, 3, 4, 5, 6
pytestmark = pytest.mark.team(name="Bell")


def bell(client, world, user, **params):
    r = client.get(API, params=params, headers=world.auth(user) | {"x-disable-pagination": "1"})
    assert r.status_code == 200, r.text
    return r.json()


def events(client, world, user):
    return [(n["event_type"], n["data"].get("obj", {}).get("id")) for n in bell(client, world, user)]


def create(client, world, user, resource, project, **fields):
    r = client.post(f"/api/v1/{resource}", json={"project": project.id, "subject": "Bell rings"} | fields,
                    headers=world.auth(user))  # fmt: skip
    assert r.status_code == 201, r.text
    return r.json()


def patch(client, world, user, resource, item, **fields):
    r = client.patch(f"/api/v1/{resource}/{item['id']}", json={"version": item["version"]} | fields,
                     headers=world.auth(user))  # fmt: skip
    assert r.status_code == 200, r.text
    return r.json()


def test_issue_edit_notifies_the_assignee_new_watchers_and_the_mentioned_not_the_actor(client, team):
    world, project, owner, _, outsider = team
    ann, bob, cid = team.members("ann", "bob", "cid")
    issue = create(client, world, owner, "issues", project)
    patch(client, world, owner, "issues", issue, assigned_to=ann.id, watchers=[bob.id, owner.id],
          description="Ask @cid, @owner and @outsider")  # fmt: skip
    assert events(client, world, ann) == [(ASSIGNED, issue["id"])]
    assert events(client, world, bob) == [(WATCHER, issue["id"])]
    assert events(client, world, cid) == [(MENTIONED, issue["id"])]
    assert bell(client, world, owner) == [] and bell(client, world, outsider) == []
    [note] = bell(client, world, ann)
    assert set(note) == FIELDS and note["user"] == ann.id and note["read"] is None
    assert isinstance(note["id"], int) and note["created"].startswith("20")
    data = note["data"]
    assert set(data) == {"project", "user", "obj"}
    assert data["project"] == {"id": project.id, "slug": project.slug, "name": "Bell"}
    assert data["obj"] == {"id": issue["id"], "ref": issue["ref"], "subject": "Bell rings", "content_type": "issue"}
    assert set(data["user"]) == USER_FIELDS
    assert (data["user"]["id"], data["user"]["username"], data["user"]["is_profile_visible"]) == (
        owner.id,
        "owner",
        True,
    )


def test_mentions_already_there_and_unchanged_assignees_notify_nobody_again(client, team):
    world, project, owner, *_ = team
    ann, bob, cid = team.members("ann", "bob", "cid")
    task = create(client, world, owner, "tasks", project, assigned_to=ann.id, description="for @bob")
    assert events(client, world, ann) == [(ASSIGNED, task["id"])]
    assert events(client, world, bob) == [(MENTIONED, task["id"])]
    task = patch(client, world, owner, "tasks", task, assigned_to=ann.id, description="for @bob and @cid")
    assert len(bell(client, world, ann)) == 1 and len(bell(client, world, bob)) == 1
    assert events(client, world, cid) == [(MENTIONED, task["id"])]
    patch(client, world, ann, "tasks", task, assigned_to=ann.id, subject="Self-assigned, renamed")
    assert len(bell(client, world, ann)) == 1


def test_story_assigned_users_notify_the_new_ones(client, team):
    world, project, owner, *_ = team
    ann, bob = team.members("ann", "bob")
    story = create(client, world, owner, "userstories", project, assigned_users=[ann.id], assigned_to=ann.id)
    assert events(client, world, ann) == [(ASSIGNED, story["id"])]
    patch(client, world, owner, "userstories", story, assigned_users=[ann.id, bob.id])
    assert events(client, world, bob) == [(ASSIGNED, story["id"])]
    assert len(bell(client, world, ann)) == 1
    assert bell(client, world, bob)[0]["data"]["obj"]["content_type"] == "userstory"


def test_a_comment_notifies_the_watchers_and_its_mentions_once(client, team):
    world, project, owner, *_ = team
    ann, bob, cid = team.members("ann", "bob", "cid")
    story = create(client, world, owner, "userstories", project, watchers=[ann.id, bob.id, cid.id])
    story = client.get(f"/api/v1/userstories/{story['id']}", headers=world.auth(cid)).json()
    for user in (ann, bob, cid):
        assert events(client, world, user) == [(WATCHER, story["id"])]
    patch(client, world, cid, "userstories", story, comment="Ping @bob and @owner")
    assert events(client, world, ann)[0] == (COMMENT, story["id"])
    assert events(client, world, bob)[0] == (COMMENT_MENTION, story["id"])
    assert events(client, world, owner) == [(COMMENT_MENTION, story["id"])]
    assert len(bell(client, world, bob)) == 2 and len(bell(client, world, cid)) == 1


def test_a_mention_added_by_editing_a_comment_notifies(client, team):
    world, project, owner, *_ = team
    ann, bob = team.members("ann", "bob")
    issue = create(client, world, owner, "issues", project)
    patch(client, world, owner, "issues", issue, comment="First @ann")
    assert events(client, world, ann) == [(COMMENT_MENTION, issue["id"])]
    history = client.get(f"/api/v1/history/issue/{issue['id']}", headers=world.auth(owner)).json()
    base = f"/api/v1/history/issue/{issue['id']}/edit_comment"
    r = client.post(base, params={"id": history[0]["id"]}, json={"comment": "First @ann, then @bob"},
                    headers=world.auth(owner))  # fmt: skip
    assert r.status_code == 200, r.text
    assert events(client, world, bob) == [(MENTIONED, issue["id"])]
    assert len(bell(client, world, ann)) == 1


def test_users_added_to_a_project_are_notified_not_invited_emails(client, team):
    world, project, owner, *_ = team
    (ann,) = team.members("ann")
    newcomer = world.user("newcomer")
    roles = client.get("/api/v1/roles", params={"project": project.id}, headers=world.auth(owner)).json()
    role = roles[0]["id"]
    people = [{"role_id": role, "username": "newcomer"}, {"role_id": role, "email": "x@example.org"}]
    body = {"project_id": project.id, "bulk_memberships": people}
    assert client.post("/api/v1/memberships/bulk_create", json=body, headers=world.auth(owner)).status_code == 200
    [note] = bell(client, world, newcomer)
    assert note["event_type"] == MEMBER and set(note["data"]) == {"project", "user"}
    assert note["data"]["project"]["id"] == project.id and note["data"]["user"]["id"] == owner.id
    assert bell(client, world, owner) == [] and bell(client, world, ann) == []


def test_a_refused_write_raises_no_notification(client, team):
    world, project, owner, *_ = team
    (ann,) = team.members("ann")
    issue = create(client, world, owner, "issues", project)
    r = client.patch(f"/api/v1/issues/{issue['id']}", json={"assigned_to": ann.id, "status": 999999, "version": 1},
                     headers=world.auth(owner))  # fmt: skip
    assert r.status_code == 400
    assert bell(client, world, ann) == []


def notify(client, world, actor, project, target, n):
    """`n` notifications for `target`: issues assigned to them, oldest first."""
    return [create(client, world, actor, "issues", project, assigned_to=target.id)["id"] for _ in range(n)]


def test_only_unread_order_and_set_as_read(client, team):
    world, project, owner, *_ = team
    ann, bob = team.members("ann", "bob")
    issues = notify(client, world, owner, project, ann, 3)
    listed = bell(client, world, ann)
    assert [n["data"]["obj"]["id"] for n in listed] == issues[::-1]  # newest first
    first, second, third = listed
    h = world.auth(ann)
    r = client.patch(f"{API}/{second['id']}/set-as-read", headers=h)
    assert (r.status_code, r.json()) == (200, {})
    unread = bell(client, world, ann, only_unread="true")
    assert [n["id"] for n in unread] == [first["id"], third["id"]]
    assert [n["id"] for n in bell(client, world, ann, only_unread="false")] == [first["id"], third["id"], second["id"]]
    assert bell(client, world, ann)[2]["read"].startswith("20")
    assert client.patch(f"{API}/{first['id']}/set-as-read", headers=world.auth(bob)).status_code == 404
    assert client.patch(f"{API}/999999/set-as-read", headers=h).status_code == 404
    assert client.patch(f"{API}/{first['id']}/set-as-read").status_code == 401
    assert bell(client, world, ann, only_unread="true")[0]["read"] is None
    assert client.post(f"{API}/set-as-read", headers=h).status_code == 200
    assert bell(client, world, ann, only_unread="true") == []
    assert all(n["read"] for n in bell(client, world, ann))
    assert client.post(f"{API}/set-as-read").status_code == 401


def test_anonymous_callers_get_an_empty_object(client, team):
    world, project, owner, *_ = team
    (ann,) = team.members("ann")
    notify(client, world, owner, project, ann, 1)
    r = client.get(API, params={"only_unread": "true", "page": 1}, headers={"x-lazy-pagination": "true"})
    assert (r.status_code, r.json()) == (200, {})


def test_pages_lazy_and_counted(client, team):
    world, project, owner, *_ = team
    (ann,) = team.members("ann")
    issues = notify(client, world, owner, project, ann, 3)
    h = world.auth(ann)
    lazy = h | {"x-lazy-pagination": "true"}
    r = client.get(API, params={"only_unread": "true", "page": 1, "page_size": 2}, headers=lazy)
    assert r.status_code == 200 and r.json()["total"] == 3
    assert [n["data"]["obj"]["id"] for n in r.json()["objects"]] == issues[:0:-1]
    assert (r.headers["x-paginated"], r.headers["x-paginated-by"], r.headers["x-pagination-current"]) == (
        "true",
        "2",
        "1",
    )
    assert "x-pagination-count" not in r.headers and "page=2" in r.headers["x-pagination-next"]
    last = client.get(API, params={"page": 2, "page_size": 2}, headers=lazy)
    assert [n["data"]["obj"]["id"] for n in last.json()["objects"]] == issues[:1]
    assert "x-pagination-next" not in last.headers and "x-pagination-prev" in last.headers
    assert client.get(API, params={"page": 3, "page_size": 2}, headers=lazy).status_code == 404
    counted = client.get(API, headers=h)
    assert counted.headers["x-pagination-count"] == "3" and counted.json()["total"] == 3
    assert client.get(API, params={"page": "x"}, headers=h).status_code == 400


def test_deleted_items_keep_their_notification(client, team):
    world, project, owner, *_ = team
    (ann,) = team.members("ann")
    [issue_id] = notify(client, world, owner, project, ann, 1)
    assert client.delete(f"/api/v1/issues/{issue_id}", headers=world.auth(owner)).status_code == 204
    [note] = bell(client, world, ann)
    assert note["data"]["obj"]["id"] == issue_id and note["data"]["obj"]["subject"] == "Bell rings"
    assert world.run(lambda ctx: ctx.session.get(WorkItem, issue_id)) is None


def test_list_runs_a_constant_number_of_queries(client, team, query_counter):
    world, project, owner, *_ = team
    ann, bob, cid = team.members("ann", "bob", "cid")

    def count():
        query_counter.clear()
        r = client.get(API, params={"page": 1}, headers=world.auth(ann) | {"x-lazy-pagination": "true"})
        assert r.status_code == 200
        return len(query_counter), len(r.json()["objects"])

    notify(client, world, owner, project, ann, 1)
    few, shown = count()
    for actor in (bob, cid, owner):
        notify(client, world, actor, project, ann, 3)
    many, more = count()
    assert (shown, more) == (1, 10) and few == many
    stored = world.run(lambda ctx: len(ctx.session.scalars(select(Notification.id)).all()))
    assert stored == 10
