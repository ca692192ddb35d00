"""Taiga custom attribute values of one item (§17 user stories, §21 tasks, §28 issues, and the epics'
variant): read, write with their own OCC version, validation, permissions, history."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planyard.core.work_items.kinds import KINDS
from planyard.core.work_items.service import ItemChanges, create_item, update_item
from planyard.models import ChangeEntry

# kind, items path, attributes path, the item's field in the values object
RESOURCES = [
    ("epic", "epics", "epic-custom-attributes", "epic"),
    ("story", "userstories", "userstory-custom-attributes", "user_story"),
    ("task", "tasks", "task-custom-attributes", "task"),
    ("issue", "issues", "issue-custom-attributes", "issue"),
]
PERMS = {"epic": ("view_epics", "modify_epic"), "story": ("view_us", "modify_us"),
         "task": ("view_tasks", "modify_task"), "issue": ("view_issues", "modify_issue")}  # fmt: skip
VERSION_ERROR = {"version": "The version doesn't match with the current one"}


@pytest.fixture
def setup(world):
    owner, member, outsider = world.user(), world.user(), world.user()
    project = world.project(owner, private=True)
    world.member(project, member)
    return world, project, owner, member, outsider


def new_item(world, owner, project, kind):
    changes = ItemChanges(fields={"subject": "An item"})
    return world.run(lambda ctx: create_item(ctx, KINDS[kind], project.id, changes), actor=owner).id


def new_attribute(client, world, owner, project, attrs_path, name="Size", **fields):
    body = {"project": project.id, "name": name} | fields
    response = client.post(f"/api/v1/{attrs_path}", json=body, headers=world.auth(owner))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.mark.parametrize("kind, items, attrs, item_field", RESOURCES)
def test_read_and_write(client, setup, kind, items, attrs, item_field):
    world, project, owner, *_ = setup
    h = world.auth(owner)
    item = new_item(world, owner, project, kind)
    size = new_attribute(client, world, owner, project, attrs)
    due = new_attribute(client, world, owner, project, attrs, "Due", type="date")
    url = f"/api/v1/{items}/custom-attributes-values/{item}"
    fresh = client.get(url, headers=h)
    assert fresh.status_code == 200
    assert fresh.json() == {"attributes_values": {}, "version": 1, item_field: item}
    patched = client.patch(url, json={"attributes_values": {size: "240 min"}, "version": 1}, headers=h)
    assert patched.status_code == 200, patched.text
    assert patched.json() == {"attributes_values": {size: "240 min"}, "version": 2, item_field: item}
    merged = client.patch(url, json={"attributes_values": {due: "2024-05-01"}, "version": 2}, headers=h).json()
    assert merged["attributes_values"] == {size: "240 min", due: "2024-05-01"} and merged["version"] == 3
    replaced = client.put(url, json={"attributes_values": {due: None}, "version": 3}, headers=h).json()
    assert replaced == {"attributes_values": {due: None}, "version": 4, item_field: item}
    assert client.get(url, headers=h).json() == replaced
    padded = client.patch(url, json={"attributes_values": {"0" + size: 5}}, headers=h).json()["attributes_values"]
    assert padded == {due: None, size: 5}


def test_values_of_every_json_type_round_trip(client, setup):
    world, project, owner, *_ = setup
    item = new_item(world, owner, project, "task")
    ids = [new_attribute(client, world, owner, project, "task-custom-attributes", name=t, type=t)
           for t in ("number", "checkbox", "url", "richtext")]  # fmt: skip
    values = dict(zip(ids, [3.5, True, "https://example.com", "**bold**"], strict=True))
    url = f"/api/v1/tasks/custom-attributes-values/{item}"
    response = client.put(url, json={"attributes_values": values, "version": 1}, headers=world.auth(owner))
    assert response.status_code == 200 and response.json()["attributes_values"] == values


def test_unchanged_values_keep_the_version(client, setup):
    world, project, owner, *_ = setup
    item = new_item(world, owner, project, "issue")
    attr = new_attribute(client, world, owner, project, "issue-custom-attributes")
    url = f"/api/v1/issues/custom-attributes-values/{item}"
    h = world.auth(owner)
    assert client.patch(url, json={"attributes_values": {attr: 1}, "version": 1}, headers=h).json()["version"] == 2
    assert client.patch(url, json={"attributes_values": {attr: 1}, "version": 2}, headers=h).json()["version"] == 2
    assert client.patch(url, json={"version": 2}, headers=h).json()["version"] == 2


@pytest.mark.parametrize("kind, items, attrs, item_field", RESOURCES)
def test_bad_input(client, setup, kind, items, attrs, item_field):
    world, project, owner, *_ = setup
    h = world.auth(owner)
    item = new_item(world, owner, project, kind)
    url = f"/api/v1/{items}/custom-attributes-values/{item}"
    other_kind = next(r[2] for r in RESOURCES if r[2] != attrs)
    foreign_kind = new_attribute(client, world, owner, project, other_kind)
    foreign_project = new_attribute(client, world, owner, world.project(owner), attrs)
    invalid = {"attributes_values": ["It contains invalid custom fields."]}
    for key in (foreign_kind, foreign_project, "999999", "abc", "-1", "1" * 30, "\u0661"):
        assert client.patch(url, json={"attributes_values": {key: 1}}, headers=h).json() == invalid
    not_object = {"attributes_values": ['Invalid content. It must be {"key": "value",...}']}
    for sent in ([1, 2], "x", None):
        assert client.patch(url, json={"attributes_values": sent}, headers=h).json() == not_object
    assert client.put(url, json={"version": 1}, headers=h).json() == {"attributes_values": ["This field is required."]}
    assert set(client.patch(url, json={"attributes_values": {}, "version": "x"}, headers=h).json()) == {"version"}
    assert client.get(f"/api/v1/{items}/custom-attributes-values/999999", headers=h).status_code == 404
    assert client.get(url, headers=h).json()["version"] == 1  # nothing was written


def test_an_item_of_another_kind_is_not_found(client, setup):
    world, project, owner, *_ = setup
    task = new_item(world, owner, project, "task")
    assert client.get(f"/api/v1/issues/custom-attributes-values/{task}", headers=world.auth(owner)).status_code == 404


@pytest.mark.parametrize("kind, items, attrs, item_field", RESOURCES)
def test_stale_version_is_refused_only_for_fields_written_since(client, setup, kind, items, attrs, item_field):
    world, project, owner, *_ = setup
    h = world.auth(owner)
    item = new_item(world, owner, project, kind)
    a, b = (new_attribute(client, world, owner, project, attrs, name=n) for n in ("A", "B"))
    url = f"/api/v1/{items}/custom-attributes-values/{item}"
    assert client.patch(url, json={"attributes_values": {a: "first"}, "version": 1}, headers=h).json()["version"] == 2
    stale = client.patch(url, json={"attributes_values": {a: "second"}, "version": 1}, headers=h)
    assert stale.status_code == 400 and stale.json() == VERSION_ERROR
    other_field = client.patch(url, json={"attributes_values": {b: "ok"}, "version": 1}, headers=h)
    assert other_field.status_code == 200 and other_field.json()["attributes_values"] == {a: "first", b: "ok"}
    # A PUT replaces every value, so it touches the fields written since too.
    assert client.put(url, json={"attributes_values": {b: "x"}, "version": 2}, headers=h).json() == VERSION_ERROR
    assert client.patch(url, json={"attributes_values": {}, "version": 99}, headers=h).json() == VERSION_ERROR
    assert client.get(url, headers=h).json()["attributes_values"] == {a: "first", b: "ok"}


def test_item_edits_and_value_edits_do_not_conflict(client, setup, world):
    _, project, owner, *_ = setup
    h = world.auth(owner)
    item = new_item(world, owner, project, "story")
    attr = new_attribute(client, world, owner, project, "userstory-custom-attributes")
    world.run(lambda ctx: update_item(ctx, KINDS["story"], item, ItemChanges(fields={"subject": "x"}), 1), owner)
    world.run(lambda ctx: update_item(ctx, KINDS["story"], item, ItemChanges(fields={"subject": "y"}), 2), owner)
    url = f"/api/v1/userstories/custom-attributes-values/{item}"
    assert client.patch(url, json={"attributes_values": {attr: 1}, "version": 1}, headers=h).status_code == 200
    assert client.patch(url, json={"attributes_values": {attr: 2}, "version": 2}, headers=h).status_code == 200
    story = world.run(
        lambda ctx: update_item(ctx, KINDS["story"], item, ItemChanges(fields={"subject": "z"}), 3), owner
    )
    assert story.version == 4


@pytest.mark.parametrize("kind, items, attrs, item_field", RESOURCES)
def test_permissions(client, setup, kind, items, attrs, item_field):
    world, project, owner, member, outsider = setup
    item = new_item(world, owner, project, kind)
    attr = new_attribute(client, world, owner, project, attrs)
    url = f"/api/v1/{items}/custom-attributes-values/{item}"
    body = {"attributes_values": {attr: "v"}}
    assert client.get(url, headers=world.auth(member)).status_code == 200
    assert client.patch(url, json=body, headers=world.auth(member)).status_code == 200
    assert client.get(url, headers=world.auth(outsider)).status_code == 404
    assert client.get(url).status_code == 404
    assert client.patch(url, json=body, headers=world.auth(outsider)).status_code == 404
    view, modify = PERMS[kind]
    _set_role_permissions(world, project, "back", [p for p in _role_permissions(world, project, "back") if p != modify])
    assert client.patch(url, json=body, headers=world.auth(member)).status_code == 403
    assert client.get(url, headers=world.auth(member)).status_code == 200
    _set_role_permissions(world, project, "back", [p for p in _role_permissions(world, project, "back") if p != view])
    assert client.get(url, headers=world.auth(member)).status_code == 403


def test_public_project_values_are_readable_by_anyone(client, world):
    owner, outsider = world.user(), world.user()
    project = world.project(owner)
    item = new_item(world, owner, project, "issue")
    attr = new_attribute(client, world, owner, project, "issue-custom-attributes")
    url = f"/api/v1/issues/custom-attributes-values/{item}"
    assert client.get(url).status_code == 200
    assert client.patch(url, json={"attributes_values": {attr: 1}}).status_code == 401
    assert client.patch(url, json={"attributes_values": {attr: 1}}, headers=world.auth(outsider)).status_code == 403


def test_writes_are_recorded_on_the_item(client, setup, world):
    _, project, owner, *_ = setup
    item = new_item(world, owner, project, "task")
    a, b = (new_attribute(client, world, owner, project, "task-custom-attributes", name=n) for n in ("A", "B"))
    url = f"/api/v1/tasks/custom-attributes-values/{item}"
    client.patch(url, json={"attributes_values": {a: 1, b: 2}, "version": 1}, headers=world.auth(owner))
    client.put(url, json={"attributes_values": {a: 5}, "version": 2}, headers=world.auth(owner))
    stmt = select(ChangeEntry).where(ChangeEntry.target_type == "task", ChangeEntry.target_id == item,
                                     ChangeEntry.action == "change").order_by(ChangeEntry.id)  # fmt: skip
    entries = world.run(lambda ctx: [(e.diff, e.version, e.user_id) for e in ctx.session.scalars(stmt)])
    assert entries == [
        ({"custom_attributes": [{}, {a: 1, b: 2}]}, 2, owner.id),
        ({"custom_attributes": [{a: 1, b: 2}, {a: 5}]}, 3, owner.id),
    ]


def _role_permissions(world, project, slug):
    from planyard.models import Role

    stmt = select(Role.permissions).where(Role.project_id == project.id, Role.slug == slug)
    return list(world.run(lambda ctx: ctx.session.scalar(stmt)))


def _set_role_permissions(world, project, slug, permissions):
    from planyard.models import Role

    def work(ctx):
        ctx.session.scalar(
            select(Role).where(Role.project_id == project.id, Role.slug == slug)
        ).permissions = permissions

    world.run(work)
