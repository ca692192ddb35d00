"""Taiga custom attributes (§16 user stories, §20 tasks, §27 issues, and the epics' variant the web
client uses): one family, tested per kind."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planyard.core.work_items.kinds import KINDS
from planyard.core.work_items.service import ItemChanges, create_item
from planyard.models import ChangeEntry, CustomFieldValues

KINDS_BY_PATH = {
    "epic-custom-attributes": ("epic", "epics"),
    "userstory-custom-attributes": ("story", "userstories"),
    "task-custom-attributes": ("task", "tasks"),
    "issue-custom-attributes": ("issue", "issues"),
}
PATHS = list(KINDS_BY_PATH)
FIELDS = {"id", "name", "description", "type", "order", "project", "extra", "created_date", "modified_date"}
TYPES = ["text", "multiline", "richtext", "date", "url", "dropdown", "checkbox", "number"]


@pytest.fixture
def setup(world):
    owner, member, outsider = world.user(), world.user(), world.user()
    project = world.project(owner, private=True)
    world.member(project, member)
    return world, project, owner, member, outsider


def create(client, world, user, path, project, **fields):
    body = {"project": project.id, "name": "Duration"} | fields
    return client.post(f"/api/v1/{path}", json=body, headers=world.auth(user))


@pytest.mark.parametrize("path", PATHS)
def test_crud_round_trip(client, setup, path):
    world, project, owner, *_ = setup
    h = world.auth(owner)
    created = create(client, world, owner, path, project, description="Duration in minutes", type="number")
    assert created.status_code == 201, created.text
    body = created.json()
    assert set(body) == FIELDS
    assert body["name"] == "Duration" and body["description"] == "Duration in minutes" and body["type"] == "number"
    assert body["project"] == project.id and isinstance(body["id"], int) and isinstance(body["order"], int)
    assert body["extra"] is None and isinstance(body["created_date"], str)
    url = f"/api/v1/{path}/{body['id']}"
    assert client.get(url, headers=h).json() == body
    patched = client.patch(url, json={"name": "Length", "order": 7}, headers=h)
    assert patched.status_code == 200
    assert patched.json()["name"] == "Length" and patched.json()["order"] == 7
    assert patched.json()["description"] == "Duration in minutes"
    replaced = client.put(url, json={"name": "Whole", "type": "date", "description": ""}, headers=h)
    assert replaced.status_code == 200 and replaced.json()["type"] == "date" and replaced.json()["name"] == "Whole"
    assert client.delete(url, headers=h).status_code == 204
    assert client.get(url, headers=h).status_code == 404


@pytest.mark.parametrize("path", PATHS)
def test_list_is_per_kind_and_project_in_order(client, setup, path):
    world, project, owner, *_ = setup
    other = world.project(owner)
    ids = [create(client, world, owner, path, project, name=n).json()["id"] for n in ("First", "Second")]
    create(client, world, owner, path, other, name="Elsewhere")
    for other_path in PATHS:
        if other_path != path:
            create(client, world, owner, other_path, project, name="Other kind")
    listed = client.get(f"/api/v1/{path}", params={"project": project.id}, headers=world.auth(owner))
    assert listed.status_code == 200
    assert [a["id"] for a in listed.json()] == ids
    assert len(client.get(f"/api/v1/{path}", headers=world.auth(owner)).json()) == 3


@pytest.mark.parametrize("kind_type", TYPES)
def test_every_type_is_accepted(client, setup, kind_type):
    world, project, owner, *_ = setup
    response = create(client, world, owner, "userstory-custom-attributes", project, type=kind_type)
    assert response.status_code == 201 and response.json()["type"] == kind_type


def test_type_defaults_to_text_and_dropdown_keeps_its_options(client, setup):
    world, project, owner, *_ = setup
    assert create(client, world, owner, "task-custom-attributes", project).json()["type"] == "text"
    options = ["low", "medium", "high"]
    dropdown = create(client, world, owner, "task-custom-attributes", project, name="Size", type="dropdown",
                      extra=options).json()  # fmt: skip
    assert dropdown["extra"] == options
    url = f"/api/v1/task-custom-attributes/{dropdown['id']}"
    assert client.patch(url, json={"extra": ["s", "m"]}, headers=world.auth(owner)).json()["extra"] == ["s", "m"]
    assert client.patch(url, json={"extra": None}, headers=world.auth(owner)).json()["extra"] is None


@pytest.mark.parametrize("path", PATHS)
def test_bad_input_names_the_field(client, setup, path):
    world, project, owner, *_ = setup
    h = world.auth(owner)
    first = create(client, world, owner, path, project).json()
    assert create(client, world, owner, path, project).json() == {"name": ["Already exists one with the same name."]}
    assert create(client, world, owner, path, project, name="Other", type="colour").status_code == 400
    assert "type" in create(client, world, owner, path, project, name="Other", type="colour").json()
    assert set(client.post(f"/api/v1/{path}", json={"project": project.id}, headers=h).json()) == {"name"}
    assert set(client.post(f"/api/v1/{path}", json={"name": "X"}, headers=h).json()) == {"project"}
    assert set(create(client, world, owner, path, project, name="").json()) == {"name"}
    assert set(create(client, world, owner, path, project, name="x" * 65).json()) == {"name"}
    assert set(create(client, world, owner, path, project, name="Neg", order=-1).json()) == {"order"}
    missing = client.post(f"/api/v1/{path}", json={"project": 999999, "name": "X"}, headers=h)
    assert missing.status_code == 400 and set(missing.json()) == {"project"}
    second = create(client, world, owner, path, project, name="Second").json()
    url = f"/api/v1/{path}/{second['id']}"
    assert client.patch(url, json={"name": first["name"]}, headers=h).json() == {
        "name": ["Already exists one with the same name."]
    }
    assert client.patch(url, json={"name": "Second"}, headers=h).status_code == 200  # its own name
    assert set(client.patch(url, json={"description": None}, headers=h).json()) == {"description"}
    assert set(client.put(url, json={"order": 2}, headers=h).json()) == {"name"}
    assert client.get(f"/api/v1/{path}/999999", headers=h).status_code == 404


def test_same_name_is_allowed_in_another_kind_or_project(client, setup):
    world, project, owner, *_ = setup
    assert create(client, world, owner, "task-custom-attributes", project).status_code == 201
    assert create(client, world, owner, "issue-custom-attributes", project).status_code == 201
    assert create(client, world, owner, "task-custom-attributes", world.project(owner)).status_code == 201


def test_an_id_of_another_kind_is_not_found(client, setup):
    world, project, owner, *_ = setup
    task_attr = create(client, world, owner, "task-custom-attributes", project).json()
    assert (
        client.get(f"/api/v1/issue-custom-attributes/{task_attr['id']}", headers=world.auth(owner)).status_code == 404
    )


@pytest.mark.parametrize("path", PATHS)
def test_permissions(client, setup, path):
    world, project, owner, member, outsider = setup
    admin = world.user()
    world.member(project, admin, admin=True)
    attr = create(client, world, owner, path, project).json()
    url = f"/api/v1/{path}/{attr['id']}"
    # Reading needs to see the project; private projects are invisible to others.
    assert client.get(url, headers=world.auth(member)).status_code == 200
    assert client.get(url, headers=world.auth(outsider)).status_code == 404
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/{path}", params={"project": project.id}, headers=world.auth(outsider)).json() == []
    # Writing needs admin_project_values.
    assert create(client, world, member, path, project, name="M").status_code == 403
    assert client.patch(url, json={"name": "M"}, headers=world.auth(member)).status_code == 403
    assert client.delete(url, headers=world.auth(member)).status_code == 403
    assert client.patch(url, json={"name": "M"}, headers=world.auth(outsider)).status_code == 404
    assert create(client, world, admin, path, project, name="By admin").status_code == 201
    assert client.patch(url, json={"name": "A"}, headers=world.auth(admin)).status_code == 200


def test_public_project_is_readable_by_anyone_but_writable_by_admins(client, world):
    owner, outsider = world.user(), world.user()
    project = world.project(owner)
    attr = create(client, world, owner, "issue-custom-attributes", project).json()
    url = f"/api/v1/issue-custom-attributes/{attr['id']}"
    assert client.get(url).status_code == 200
    assert client.get("/api/v1/issue-custom-attributes", params={"project": project.id}).json()[0]["id"] == attr["id"]
    assert client.patch(url, json={"name": "X"}).status_code == 401
    assert client.patch(url, json={"name": "X"}, headers=world.auth(outsider)).status_code == 403
    anonymous = client.post("/api/v1/issue-custom-attributes", json={"project": project.id, "name": "Y"})
    assert anonymous.status_code == 401


@pytest.mark.parametrize("path", PATHS)
def test_bulk_update_order(client, setup, path):
    world, project, owner, member, _ = setup
    h = world.auth(owner)
    a, b, c = (create(client, world, owner, path, project, name=n).json()["id"] for n in "abc")
    bulk = "bulk_" + path.replace("-", "_")
    url = f"/api/v1/{path}/bulk_update_order"
    assert (
        client.post(url, json={"project": project.id, bulk: [[a, 30], [b, 10], [c, 20]]}, headers=h).status_code == 204
    )
    listed = client.get(f"/api/v1/{path}", params={"project": project.id}, headers=h).json()
    assert [(x["id"], x["order"]) for x in listed] == [(b, 10), (c, 20), (a, 30)]
    # All or nothing: one foreign id rejects the whole request.
    foreign = create(client, world, owner, path, world.project(owner), name="far").json()["id"]
    assert client.post(url, json={"project": project.id, bulk: [[a, 1], [foreign, 2]]}, headers=h).status_code == 400
    assert client.get(f"/api/v1/{path}/{a}", headers=h).json()["order"] == 30
    assert client.post(url, json={"project": project.id, bulk: [[a, -1]]}, headers=h).status_code == 400
    assert set(client.post(url, json={"project": project.id}, headers=h).json()) == {bulk}
    assert set(client.post(url, json={bulk: [[a, 1]]}, headers=h).json()) == {"project"}
    assert client.post(url, json={"project_id": project.id, bulk: [[a, 5]]}, headers=h).status_code == 204
    assert client.post(url, json={"project": project.id, bulk: [[a, 1]]}, headers=world.auth(member)).status_code == 403


def test_writes_are_recorded(client, setup, world):
    _, project, owner, *_ = setup
    attr = create(client, world, owner, "userstory-custom-attributes", project).json()
    client.patch(f"/api/v1/userstory-custom-attributes/{attr['id']}", json={"name": "New"}, headers=world.auth(owner))
    client.delete(f"/api/v1/userstory-custom-attributes/{attr['id']}", headers=world.auth(owner))
    stmt = (
        select(ChangeEntry)
        .where(ChangeEntry.target_id == attr["id"], ChangeEntry.target_type == "custom_field")
        .order_by(ChangeEntry.id)
    )
    entries = world.run(lambda ctx: [(e.action, e.diff, e.snapshot) for e in ctx.session.scalars(stmt)])
    assert [action for action, *_ in entries] == ["create", "change", "delete"]
    assert entries[1][1] == {"name": ["Duration", "New"]} and entries[1][2]["kind"] == "story"


@pytest.mark.parametrize("path", PATHS)
def test_delete_removes_the_key_from_every_item(client, setup, path):
    world, project, owner, *_ = setup
    kind_name, items_path = KINDS_BY_PATH[path]
    h = world.auth(owner)
    gone, kept = (create(client, world, owner, path, project, name=n).json()["id"] for n in ("gone", "kept"))
    items = [world.run(lambda ctx: create_item(ctx, KINDS[kind_name], project.id, ItemChanges(fields={"subject": "s"})),
                       actor=owner).id for _ in range(3)]  # fmt: skip
    for item_id in items[:2]:
        body = {"attributes_values": {str(gone): "x", str(kept): "y"}, "version": 1}
        assert (
            client.patch(f"/api/v1/{items_path}/custom-attributes-values/{item_id}", json=body, headers=h).status_code
            == 200
        )
    assert client.delete(f"/api/v1/{path}/{gone}", headers=h).status_code == 204
    for item_id in items:
        values = client.get(f"/api/v1/{items_path}/custom-attributes-values/{item_id}", headers=h).json()
        assert values["attributes_values"] == ({str(kept): "y"} if item_id in items[:2] else {})
    stmt = select(CustomFieldValues.version).where(CustomFieldValues.work_item_id == items[0])
    assert world.run(lambda ctx: ctx.session.scalar(stmt)) == 2  # removing a deleted field is no new version


def _seed_values(client, world, owner, project, count):
    items = [world.run(lambda ctx: create_item(ctx, KINDS["story"], project.id, ItemChanges(fields={"subject": "s"})),
                       actor=owner).id for _ in range(count)]  # fmt: skip
    attr = create(client, world, owner, "userstory-custom-attributes", project, name=f"n{count}").json()["id"]
    for item_id in items:
        body = {"attributes_values": {str(attr): 1}}
        client.patch(f"/api/v1/userstories/custom-attributes-values/{item_id}", json=body, headers=world.auth(owner))
    return attr


def test_no_n_plus_one(client, setup, query_counter):
    world, project, owner, *_ = setup
    h = world.auth(owner)
    counts = []
    for n in (2, 10):
        other = world.project(owner)
        for i in range(n):
            create(client, world, owner, "task-custom-attributes", other, name=f"a{i}")
        query_counter.clear()
        assert len(client.get("/api/v1/task-custom-attributes", params={"project": other.id}, headers=h).json()) == n
        counts.append(len(query_counter))
    assert counts[0] == counts[1]
    deletes = []
    for n in (2, 10):
        attr = _seed_values(client, world, owner, world.project(owner), n)
        query_counter.clear()
        assert client.delete(f"/api/v1/userstory-custom-attributes/{attr}", headers=h).status_code == 204
        deletes.append(len(query_counter))
    assert deletes[0] == deletes[1]
