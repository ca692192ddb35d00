"""Taiga §37 Timelines: project, user and profile timelines read from the change log: event types,
data of each event, visibility by the viewer's permissions, lazy and counted pagination, no N+1."""

from __future__ import annotations

from sqlalchemy import select

from planyard.core import auth, memberships
from planyard.core.work_items import service
from planyard.core.work_items.kinds import ISSUE, STORY, TASK
from planyard.core.work_items.service import ItemChanges
from planyard.models import Role, Status

ENTRY_FIELDS = {"id", "content_type", "object_id", "namespace", "event_type", "project", "data", "data_content_type",
                "created"}  # fmt: skip
USER_FIELDS = {"id", "name", "photo", "big_photo", "gravatar_id", "username", "is_profile_visible", "date_joined"}
LAZY = {"x-lazy-pagination": "true"}


def edit(world, actor, kind, item, comment="", **fields):
    return world.run(lambda ctx: service.update_item(ctx, kind, item.id, ItemChanges(fields, comment=comment)),
                     actor=actor)  # fmt: skip


def role_id(world, project, slug):
    return world.run(lambda ctx: ctx.session.scalar(select(Role.id).filter_by(project_id=project.id, slug=slug)))


def events(response):
    return [e["event_type"] for e in response.json()]


def test_project_timeline_events_and_data(client, team):
    world, project, owner, member, _ = team
    story = world.item(owner, STORY, project, subject="Story A")
    task = world.item(member, TASK, project, subject="Task B", parent_id=story.id)
    status = world.run(lambda ctx: ctx.session.scalar(
        select(Status).filter_by(project_id=project.id, kind="story", name="Ready")))  # fmt: skip
    edit(world, member, STORY, story, "Done **soon**", status_id=status.id)
    edit(world, owner, TASK, task, parent_order=7, board_order=3)  # reorders and watchers are no events
    world.run(lambda ctx: service.update_item(ctx, STORY, story.id, ItemChanges(watchers=[owner.id])), actor=owner)
    r = client.get(f"/api/v1/timeline/project/{project.id}", headers=world.auth(member) | LAZY)
    assert r.status_code == 200, r.text
    assert events(r) == ["userstories.userstory.change", "tasks.task.create", "userstories.userstory.create",
                         "projects.project.create"]  # fmt: skip
    change, created_task, _, created_project = r.json()
    assert set(change) == ENTRY_FIELDS
    assert (change["content_type"], change["object_id"]) == (created_project["content_type"], project.id)
    assert change["namespace"] == f"project:{project.id}" and change["project"] == project.id
    assert isinstance(change["id"], int) and isinstance(change["data_content_type"], int)
    assert change["data_content_type"] != created_task["data_content_type"]
    data = change["data"]
    assert data["userstory"] == {"id": story.id, "ref": story.ref, "subject": "Story A"}
    assert data["project"] == {"id": project.id, "slug": project.slug, "name": project.name,
                               "description": project.description}  # fmt: skip
    assert set(data["user"]) == USER_FIELDS and data["user"]["id"] == member.id
    assert data["user"]["username"] == member.username and data["user"]["name"] == member.full_name
    assert data["values_diff"] == {"status": ["New", "Ready"]}
    assert (data["comment"], data["comment_html"]) == ("Done **soon**", "<p>Done <strong>soon</strong></p>\n")
    task_data = created_task["data"]
    assert task_data["task"] == {"id": task.id, "ref": task.ref, "subject": "Task B",
                                 "userstory": {"id": story.id, "ref": story.ref, "subject": "Story A"}}  # fmt: skip
    assert task_data["values_diff"] == {} and task_data["comment"] == ""
    assert created_project["data"]["user"]["id"] == owner.id
    assert set(r.headers) >= {"x-paginated", "x-paginated-by", "x-pagination-current"}
    assert "x-pagination-count" not in r.headers and "x-pagination-next" not in r.headers


def test_memberships_accounts_and_deleted_items(client, team):
    world, project, owner, member, outsider = team
    newcomer = world.run(lambda ctx: auth.register_public(ctx, "newbie", "pass-word-1", "newbie@example.com", "Newb"))
    front = role_id(world, project, "front")
    world.run(lambda ctx: memberships.create_membership(
        ctx, {"project": project.id, "role": front, "username": newcomer.username}), actor=owner)  # fmt: skip
    world.run(lambda ctx: memberships.create_membership(
        ctx, {"project": project.id, "role": front, "email": "guest@example.com"}), actor=owner)  # fmt: skip
    issue = world.item(owner, ISSUE, project, subject="Gone soon")
    world.run(lambda ctx: service.delete_item(ctx, ISSUE, issue.id), actor=owner)
    r = client.get(f"/api/v1/timeline/project/{project.id}", headers=world.auth(owner))
    assert events(r) == [
        "issues.issue.delete",
        "issues.issue.create",
        "projects.membership.create",
        "projects.project.create",
    ]  # fmt: skip  (the pending invitation is no event)
    assert r.headers["x-pagination-count"] == "4"
    deleted, _, joined, _ = r.json()
    assert deleted["data"]["issue"] == {"id": issue.id, "ref": issue.ref, "subject": "Gone soon"}
    assert joined["data"]["user"]["id"] == newcomer.id and joined["data"]["role"] == {"id": front, "name": "Front"}
    relevant = client.get(f"/api/v1/timeline/project/{project.id}", params={"only_relevant": "true"},
                          headers=world.auth(owner))  # fmt: skip
    assert "issues.issue.delete" not in events(relevant)
    mine = client.get(f"/api/v1/timeline/user/{newcomer.id}")
    assert events(mine) == ["users.user.create"]
    [created] = mine.json()
    assert created["project"] is None and created["namespace"] == f"user:{newcomer.id}"
    assert created["data"]["user"]["username"] == "newbie"


def test_project_timeline_permissions(client, team):
    world, project, owner, member, outsider = team
    url = f"/api/v1/timeline/project/{project.id}"
    assert client.get(url, headers=world.auth(member)).status_code == 200
    assert client.get(url).status_code == 404
    assert client.get(url, headers=world.auth(outsider)).status_code == 404
    assert client.get("/api/v1/timeline/project/999999", headers=world.auth(owner)).status_code == 404
    public = world.project(owner)
    world.item(owner, STORY, public)
    assert events(client.get(f"/api/v1/timeline/project/{public.id}")) == [
        "userstories.userstory.create", "projects.project.create"]  # fmt: skip


def test_role_without_issue_view_sees_no_issue_events(client, team):
    world, project, owner, member, _ = team
    world.item(owner, ISSUE, project)
    world.item(owner, STORY, project)
    role = role_id(world, project, "back")

    def drop_issue_view(ctx):
        row = ctx.session.get(Role, role)
        row.permissions = [p for p in row.permissions if p != "view_issues"]

    world.run(drop_issue_view)
    for url in (f"/api/v1/timeline/project/{project.id}", f"/api/v1/timeline/user/{owner.id}",
                f"/api/v1/timeline/profile/{owner.id}"):  # fmt: skip
        seen = events(client.get(url, headers=world.auth(member)))
        assert "userstories.userstory.create" in seen and "issues.issue.create" not in seen
        assert "issues.issue.create" in events(client.get(url, headers=world.auth(owner)))


def test_user_and_profile_timelines(client, team):
    world, project, owner, member, outsider = team
    story = world.item(owner, STORY, project, subject="Mine")
    edit(world, owner, STORY, story, assigned_to_id=member.id)
    edit(world, member, STORY, story, "on it")
    hidden = world.project(owner, private=True)
    world.item(owner, STORY, hidden, subject="Secret")
    done_by_member = client.get(f"/api/v1/timeline/user/{member.id}", headers=world.auth(member))
    assert [e["data"].get("comment") for e in done_by_member.json()] == ["on it"]
    assert done_by_member.json()[0]["namespace"] == f"user:{member.id}"
    profile = client.get(f"/api/v1/timeline/profile/{member.id}", headers=world.auth(member)).json()
    assert [(e["event_type"], e["data"]["user"]["id"]) for e in profile] == [
        ("userstories.userstory.change", member.id), ("userstories.userstory.change", owner.id),
        ("userstories.userstory.create", owner.id)]  # fmt: skip
    by_owner = client.get(f"/api/v1/timeline/user/{owner.id}", headers=world.auth(member)).json()
    assert "Secret" not in [e["data"].get("userstory", {}).get("subject") for e in by_owner]
    assert client.get(f"/api/v1/timeline/user/{owner.id}").json() == []  # private projects only
    assert client.get("/api/v1/timeline/user/999999").status_code == 404
    assert client.get("/api/v1/timeline/profile/999999").status_code == 404


def test_lazy_and_counted_pagination(client, team):
    world, project, owner, *_ = team
    story = world.item(owner, STORY, project)
    for n in range(4):
        edit(world, owner, STORY, story, f"c{n}")
    url = f"/api/v1/timeline/project/{project.id}"
    h = world.auth(owner) | LAZY
    first = client.get(url, params={"page": 1, "page_size": 3}, headers=h)
    assert len(first.json()) == 3 and "page=2" in first.headers["x-pagination-next"]
    assert first.headers["x-paginated-by"] == "3" and first.headers["x-pagination-current"] == "1"
    second = client.get(url, params={"page": 2, "page_size": 3}, headers=h)
    assert len(second.json()) == 3 and "x-pagination-next" not in second.headers  # 6 events in all
    assert "page=1" in second.headers["x-pagination-prev"]
    assert client.get(url, params={"page": 3, "page_size": 3}, headers=h).status_code == 404
    counted = client.get(url, params={"page_size": 3}, headers=world.auth(owner))
    assert counted.headers["x-pagination-count"] == "6"
    assert client.get(url, params={"page": "x"}, headers=h).status_code == 400


def test_timeline_has_no_n_plus_one(client, team, query_counter):
    world, project, owner, member, _ = team
    counts = []
    for size in (2, 10):
        project = world.project(owner)
        world.member(project, member)
        parent = world.item(owner, STORY, project)
        for n in range(size):
            actor = (owner, member)[n % 2]
            item = world.item(actor, (STORY, TASK, ISSUE)[n % 3], project, parent_id=parent.id if n % 3 == 1 else None)
            edit(world, actor, (STORY, TASK, ISSUE)[n % 3], item, "hi", assigned_to_id=member.id)
        for path in ("project", "user", "profile"):
            target = project.id if path == "project" else member.id
            query_counter.clear()
            r = client.get(f"/api/v1/timeline/{path}/{target}", params={"page_size": 100}, headers=world.auth(owner))
            assert r.status_code == 200 and len(r.json()) >= size
            counts.append((path, len(query_counter)))
    assert counts[:3] == counts[3:]
