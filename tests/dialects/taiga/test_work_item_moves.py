"""Moving user stories, tasks and issues to another project by editing `project` (Taiga's update
rules): permissions in both projects, values carried over by slug/name or reset, the new ref, a story's
tasks, attachments and custom values, history; errors leave everything as it was."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from planyard.core.work_items import service
from planyard.core.work_items.kinds import ISSUE, STORY, TASK
from planyard.core.work_items.service import ItemChanges
from planyard.models import (
    Attachment,
    ChangeEntry,
    CustomField,
    CustomFieldValues,
    ItemOption,
    Lane,
    PointValue,
    Role,
    Status,
    WorkItem,
)  # fmt: skip
from tests.dialects.taiga.test_userstories import make_sprint


def status_id(world, project, kind, slug):
    return world.run(lambda ctx: ctx.session.scalar(select(Status.id).where(
        Status.project_id == project.id, Status.kind == kind, Status.slug == slug)))  # fmt: skip


def option_id(world, project, kind, name):
    return world.run(lambda ctx: ctx.session.scalar(select(ItemOption.id).where(
        ItemOption.project_id == project.id, ItemOption.kind == kind, ItemOption.name == name)))  # fmt: skip


def rename_status(world, project, kind, slug, new_slug):
    world.run(lambda ctx: ctx.session.execute(update(Status).where(
        Status.project_id == project.id, Status.kind == kind, Status.slug == slug).values(slug=new_slug)))  # fmt: skip


def item_row(world, item_id):
    return world.run(lambda ctx: ctx.session.get(WorkItem, item_id))


def project_json(client, world, project, user):
    return client.get(f"/api/v1/projects/{project.id}", headers=world.auth(user)).json()


@pytest.fixture
def two(world):
    owner = world.user("owner")
    source, target = world.project(owner, private=True), world.project(owner, private=True)
    return world, owner, source, target


def test_story_moves_with_its_tasks_attachments_and_values(client, two):
    world, owner, source, target = two
    world.item(owner, STORY, target)  # the target's ref 1 is taken
    sprint = make_sprint(world, source)
    lane = world.run(lambda ctx: ctx.session.merge(Lane(project_id=source.id, name="Lane", order=1)))
    roles = world.run(lambda ctx: ctx.session.scalars(select(Role.id).where(
        Role.project_id == source.id, Role.computable.is_(True)).order_by(Role.id)).all())  # fmt: skip
    five = world.run(lambda ctx: ctx.session.scalar(select(PointValue.id).where(
        PointValue.project_id == source.id, PointValue.name == "5")))  # fmt: skip
    story = world.item(
        owner,
        STORY,
        source,
        status_id=status_id(world, source, "story", "in-progress"),
        sprint_id=sprint.id,
        lane_id=lane.id,
        tags=["api"],
        kanban_order=5,
    )
    world.run(lambda ctx: service.update_item(ctx, STORY, story.id, ItemChanges(role_points={roles[0]: five})), owner)
    task = world.item(
        owner,
        TASK,
        source,
        parent_id=story.id,
        sprint_id=sprint.id,
        status_id=status_id(world, source, "task", "in-progress"),
    )
    rename_status(world, target, "task", "in-progress", "doing")  # no task status of that slug there

    def extras(ctx):
        field = CustomField(project_id=source.id, kind="story", name="Cost")
        ctx.session.add(field)
        ctx.session.flush()
        ctx.session.add(CustomFieldValues(work_item_id=story.id, values={str(field.id): "10"}))
        ctx.session.add(Attachment(project_id=source.id, target_type="story", target_id=story.id, name="a.txt",
                                   file_key="k"))  # fmt: skip

    world.run(extras)
    h = world.auth(owner)
    r = client.patch(f"/api/v1/userstories/{story.id}", json={"project": target.id, "version": 2}, headers=h)
    assert r.status_code == 200, r.text
    body = r.json()
    target_roles = world.run(lambda ctx: ctx.session.scalars(select(Role.id).where(
        Role.project_id == target.id, Role.computable.is_(True))).all())  # fmt: skip
    unknown = world.run(lambda ctx: ctx.session.scalar(select(PointValue.id).where(
        PointValue.project_id == target.id, PointValue.name == "?")))  # fmt: skip
    assert (body["project"], body["ref"], body["version"]) == (target.id, 2, 3)
    assert body["status"] == status_id(world, target, "story", "in-progress")  # same slug
    assert (body["milestone"], body["swimlane"], body["kanban_order"] > 5) == (None, None, True)
    assert body["points"] == {str(r): unknown for r in target_roles} and body["tags"] == [["api", None]]
    assert body["project_extra_info"]["id"] == target.id
    moved_task = item_row(world, task.id)
    assert (moved_task.project_id, moved_task.ref, moved_task.parent_id) == (target.id, 3, story.id)
    assert moved_task.status_id == project_json(client, world, target, owner)["default_task_status"]
    assert moved_task.sprint_id is None and moved_task.version == 2
    files = client.get("/api/v1/userstories/attachments", params={"object_id": story.id, "project": target.id},
                       headers=h).json()  # fmt: skip
    assert [f["name"] for f in files] == ["a.txt"] and files[0]["project"] == target.id
    values = client.get(f"/api/v1/userstories/custom-attributes-values/{story.id}", headers=h).json()
    assert values["attributes_values"] == {}
    resolved = client.get("/api/v1/resolver", params={"project": target.slug, "us": 2}, headers=h)
    assert resolved.json() == {"project": target.id, "us": story.id}
    old_ref = client.get("/api/v1/resolver", params={"project": source.slug, "us": story.ref}, headers=h)
    assert old_ref.status_code == 404
    entry = world.run(
        lambda ctx: ctx.session.scalars(
            select(ChangeEntry)
            .where(ChangeEntry.target_type == "story", ChangeEntry.target_id == story.id)
            .order_by(ChangeEntry.id.desc())
        ).first()
    )
    assert entry.project_id == target.id and entry.version == 3
    assert entry.diff["project_id"] == [source.id, target.id] and entry.diff["ref"] == [story.ref, 2]
    assert entry.diff["sprint_id"] == [sprint.id, None]
    history = client.get(f"/api/v1/history/userstory/{story.id}", headers=h).json()
    assert history[0]["diff"]["ref"] == [story.ref, 2] and "project_id" not in history[0]["diff"]
    listed = client.get("/api/v1/userstories", params={"project": target.id, "include_tasks": 1}, headers=h).json()
    assert [s["id"] for s in listed if s["id"] == story.id] and listed[-1]["tasks"][0]["id"] == task.id
    assert client.get("/api/v1/tasks", params={"project": source.id}, headers=h).json() == []


def test_sent_values_follow_the_target(client, two):
    world, owner, source, target = two
    target_sprint = make_sprint(world, target, "T1")
    story = world.item(owner, STORY, source, status_id=status_id(world, source, "story", "done"))
    rename_status(world, target, "story", "done", "finished")
    h = world.auth(owner)
    # a sprint of the target stays; a source status without a match becomes the target's default
    r = client.patch(f"/api/v1/userstories/{story.id}", json={"project": target.id, "milestone": target_sprint.id,
                     "status": status_id(world, source, "story", "done"), "subject": "Moved"}, headers=h)  # fmt: skip
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["milestone"] == target_sprint.id and body["subject"] == "Moved"
    assert body["status"] == project_json(client, world, target, owner)["default_us_status"]
    assert body["is_closed"] is False and body["finish_date"] is None
    # and back, with a status of the target it goes to
    back = client.patch(f"/api/v1/userstories/{story.id}", json={"project": source.id,
                        "status": status_id(world, source, "story", "ready")}, headers=h)  # fmt: skip
    assert back.status_code == 200 and back.json()["status"] == status_id(world, source, "story", "ready")
    assert back.json()["milestone"] is None and back.json()["ref"] == 2


def test_issue_options_map_by_name(client, two):
    world, owner, source, target = two
    issue = world.item(
        owner,
        ISSUE,
        source,
        priority_id=option_id(world, source, "priority", "High"),
        severity_id=option_id(world, source, "severity", "Critical"),
        type_id=option_id(world, source, "issue_type", "Question"),
        status_id=status_id(world, source, "issue", "rejected"),
    )
    world.run(lambda ctx: ctx.session.execute(update(ItemOption).where(
        ItemOption.project_id == target.id, ItemOption.name == "Critical").values(name="Blocker")))  # fmt: skip
    r = client.put(f"/api/v1/issues/{issue.id}", json={"project": target.id, "subject": "Crash", "version": 1},
                   headers=world.auth(owner))  # fmt: skip
    assert r.status_code == 200, r.text
    body = r.json()
    defaults = project_json(client, world, target, owner)
    assert (body["project"], body["ref"], body["subject"]) == (target.id, 1, "Crash")
    assert body["priority"] == option_id(world, target, "priority", "High")
    assert body["type"] == option_id(world, target, "issue_type", "Question")
    assert body["severity"] == defaults["default_severity"]
    assert body["status"] == status_id(world, target, "issue", "rejected") and body["is_closed"] is True


def test_task_moves_alone_or_into_a_story_of_the_target(client, two):
    world, owner, source, target = two
    source_story = world.item(owner, STORY, source)
    target_sprint = make_sprint(world, target, "T1")
    target_story = world.item(owner, STORY, target, sprint_id=target_sprint.id)
    task = world.item(owner, TASK, source, parent_id=source_story.id)
    h = world.auth(owner)
    r = client.patch(f"/api/v1/tasks/{task.id}", json={"project": target.id}, headers=h)
    assert r.status_code == 200, r.text
    assert (r.json()["project"], r.json()["user_story"], r.json()["ref"]) == (target.id, None, 2)
    other = world.item(owner, TASK, source, parent_id=source_story.id)
    r = client.patch(f"/api/v1/tasks/{other.id}", json={"project": target.id, "user_story": target_story.id},
                     headers=h)  # fmt: skip
    assert r.status_code == 200, r.text
    assert (r.json()["user_story"], r.json()["milestone"]) == (target_story.id, target_sprint.id)


@pytest.mark.parametrize("kind,path", [(STORY, "userstories"), (TASK, "tasks"), (ISSUE, "issues")])
def test_permissions_and_unknown_project(client, world, kind, path):
    owner, member = world.user(), world.user()
    source, target = world.project(owner, private=True), world.project(owner, private=True)
    hidden = world.project(world.user(), private=True)

    def grant(project, *permissions):
        def work(ctx):
            role = ctx.session.scalar(select(Role).where(Role.project_id == project.id, Role.slug == "stakeholder"))
            role.permissions = ["view_project", kind.view, *permissions]

        world.run(work)

    world.member(source, member, role_slug="stakeholder")
    grant(source, kind.modify, kind.delete)
    item = world.item(owner, kind, source)
    url, h = f"/api/v1/{path}/{item.id}", world.auth(member)
    unknown = client.patch(url, json={"project": 999999}, headers=h)
    assert unknown.status_code == 400 and unknown.json()["_error_message"] == "The project doesn't exist"
    assert client.patch(url, json={"project": target.id}, headers=h).status_code == 403  # not a member there
    assert client.patch(url, json={"project": hidden.id}, headers=h).status_code == 403
    world.member(target, member, role_slug="stakeholder")
    grant(target)
    assert client.patch(url, json={"project": target.id}, headers=h).status_code == 403  # no add there
    grant(target, kind.add)
    grant(source, kind.modify)
    assert client.patch(url, json={"project": target.id}, headers=h).status_code == 403  # no delete here
    assert client.patch(url, json={"project": target.id}, headers=world.auth(world.user())).status_code == 404
    assert client.patch(url, json={"project": target.id}).status_code == 404
    row = item_row(world, item.id)
    assert (row.project_id, row.ref, row.version) == (source.id, item.ref, 1)
    grant(source, kind.modify, kind.delete)
    ok = client.patch(url, json={"project": target.id}, headers=h)
    assert ok.status_code == 200 and ok.json()["project"] == target.id


def test_a_story_with_tasks_needs_the_task_permissions_too(client, world):
    owner, member = world.user(), world.user()
    source, target = world.project(owner, private=True), world.project(owner, private=True)
    world.member(source, member)
    world.member(target, member)
    story = world.item(owner, STORY, source)
    world.item(owner, TASK, source, parent_id=story.id)
    world.run(lambda ctx: ctx.session.execute(update(Role).where(Role.project_id == target.id, Role.slug == "back")
                                              .values(permissions=["view_project", "view_us", "add_us"])))  # fmt: skip
    r = client.patch(f"/api/v1/userstories/{story.id}", json={"project": target.id}, headers=world.auth(member))
    assert r.status_code == 403
    assert item_row(world, story.id).project_id == source.id


def test_stale_version_is_refused_when_the_project_changed_since(client, two):
    world, owner, source, target = two
    story = world.item(owner, STORY, source)
    h = world.auth(owner)
    assert client.patch(f"/api/v1/userstories/{story.id}", json={"project": target.id, "version": 1},
                        headers=h).status_code == 200  # fmt: skip
    stale = client.patch(f"/api/v1/userstories/{story.id}", json={"project": source.id, "version": 1}, headers=h)
    assert stale.status_code == 400 and "version" in stale.json()
