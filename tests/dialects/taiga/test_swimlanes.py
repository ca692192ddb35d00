"""Taiga swimlanes (the web client's kanban rows): CRUD by project admins, default lane, moveTo on delete."""

from __future__ import annotations

from sqlalchemy import select

from planyard.core.work_items import service
from planyard.core.work_items.kinds import STORY
from planyard.core.work_items.service import ItemChanges
from planyard.models import ChangeEntry, Lane, Project, Status, WorkItem

API = "/api/v1/swimlanes"


def story(world, owner, project, **fields):
    changes = ItemChanges(fields={"subject": "Card", **fields})
    return world.run(lambda ctx: service.create_item(ctx, STORY, project.id, changes), actor=owner).id


def lanes_of(world, item_ids):
    rows = world.run(lambda ctx: list(ctx.session.execute(
        select(WorkItem.id, WorkItem.lane_id, WorkItem.kanban_order).where(WorkItem.id.in_(item_ids)))))  # fmt: skip
    return {item_id: (lane_id, order) for item_id, lane_id, order in rows}


def create(client, world, user, project, name):
    return client.post(API, json={"project": project.id, "name": name}, headers=world.auth(user))


def test_create_the_first_lane_takes_every_story_and_becomes_the_default(client, team):
    world, project, owner, *_ = team
    admin = team.admin
    card = story(world, owner, project)
    res = create(client, world, admin, project, "Team A")
    assert res.status_code == 201, res.text
    data = res.json()
    assert set(data) == {"id", "name", "order", "project", "statuses"}
    assert data["name"] == "Team A" and data["project"] == project.id and isinstance(data["order"], int)
    of_project = select(Status.id).where(Status.project_id == project.id, Status.kind == "story")
    statuses = world.run(lambda ctx: list(ctx.session.scalars(of_project.order_by(Status.order))))
    assert [s["id"] for s in data["statuses"]] == statuses
    first = data["statuses"][0]
    assert set(first) == {"id", "name", "slug", "order", "is_closed", "is_archived", "color", "wip_limit",
                          "swimlane_userstory_status_id"}  # fmt: skip
    assert lanes_of(world, [card])[card][0] == data["id"]
    extra = world.run(lambda ctx: ctx.session.get(Project, project.id).extra)
    assert extra["default_lane_id"] == data["id"]
    second = create(client, world, admin, project, "Team B").json()
    assert second["order"] > data["order"]
    assert lanes_of(world, [card])[card][0] == data["id"]
    assert all(s["wip_limit"] is None for s in second["statuses"])
    assert world.run(lambda ctx: ctx.session.scalar(select(ChangeEntry.action).where(
        ChangeEntry.target_type == "swimlane", ChangeEntry.target_id == data["id"])))  == "create"  # fmt: skip


def test_create_errors_and_permissions(client, team):
    world, project, owner, member, outsider = team
    admin = team.admin
    assert client.post(API, json={"project": project.id, "name": "X"}).status_code == 401
    assert create(client, world, member, project, "X").status_code == 403
    assert create(client, world, outsider, project, "X").status_code == 400
    assert client.post(API, json={"project": project.id}, headers=world.auth(owner)).json() == {
        "name": ["This field is required."]}  # fmt: skip
    assert "name" in create(client, world, owner, project, " ").json()
    assert "project" in client.post(API, json={"project": 999999, "name": "X"}, headers=world.auth(owner)).json()
    assert create(client, world, owner, project, "X").status_code == 201
    res = create(client, world, admin, project, "X")
    assert res.status_code == 400 and res.json() == {"name": ["Duplicated name"]}


def test_list_and_get_follow_project_visibility(client, team):
    world, project, owner, member, outsider = team
    public = world.project(owner)
    hidden = create(client, world, owner, project, "Hidden").json()["id"]
    shown = create(client, world, owner, public, "Shown").json()["id"]
    create(client, world, owner, project, "Another")
    res = client.get(API, params={"project": project.id}, headers={**world.auth(member), "x-disable-pagination": "1"})
    assert res.status_code == 200 and [lane["name"] for lane in res.json()] == ["Hidden", "Another"]
    assert [lane["id"] for lane in client.get(API).json()] == [shown]
    assert [lane["id"] for lane in client.get(API, headers=world.auth(outsider)).json()] == [shown]
    assert client.get(f"{API}/{hidden}").status_code == 404
    assert client.get(f"{API}/{hidden}", headers=world.auth(outsider)).status_code == 404
    assert client.get(f"{API}/{hidden}", headers=world.auth(member)).json()["name"] == "Hidden"
    assert client.get(f"{API}/{shown}").status_code == 200
    assert client.get(f"{API}/999999", headers=world.auth(owner)).status_code == 404
    assert client.get(API, params={"project": "abc"}).status_code == 400


def test_edit_and_put(client, team):
    world, project, owner, member, _ = team
    admin = team.admin
    lane = create(client, world, owner, project, "Lane").json()["id"]
    create(client, world, owner, project, "Other")
    url = f"{API}/{lane}"
    assert client.patch(url, json={"name": "New"}).status_code == 404
    assert client.patch(url, json={"name": "New"}, headers=world.auth(member)).status_code == 403
    res = client.patch(url, json={"name": "Renamed"}, headers=world.auth(admin))
    assert res.status_code == 200 and res.json()["name"] == "Renamed"
    assert client.patch(url, json={"name": "Other"}, headers=world.auth(admin)).json() == {"name": ["Duplicated name"]}
    assert client.patch(url, json={"name": None}, headers=world.auth(admin)).status_code == 400
    assert client.put(url, json={}, headers=world.auth(admin)).status_code == 400
    assert client.put(url, json={"name": "Whole"}, headers=world.auth(admin)).json()["name"] == "Whole"


def test_delete_moves_stories_to_the_end_of_another_lane(client, team):
    world, project, owner, member, _ = team
    admin = team.admin
    default = create(client, world, owner, project, "Default").json()["id"]
    gone = create(client, world, owner, project, "Gone").json()["id"]
    kept = story(world, owner, project, lane_id=default)
    moved = [story(world, owner, project, lane_id=gone) for _ in range(2)]
    url = f"{API}/{gone}"
    assert client.delete(url, headers=world.auth(member)).status_code == 403
    res = client.delete(url, headers=world.auth(admin))
    assert res.status_code == 400 and "Cannot set swimlane to None" in res.json()["_error_message"]
    assert "moveTo" in client.delete(f"{url}?moveTo={gone}", headers=world.auth(admin)).json()
    assert "moveTo" in client.delete(f"{url}?moveTo=999999", headers=world.auth(admin)).json()
    res = client.delete(f"{API}/{default}?moveTo={gone}", headers=world.auth(admin))
    assert res.status_code == 400 and res.json()["_error_message"] == "The default swimlane cannot be deleted."
    assert client.delete(f"{url}?moveTo={default}", headers=world.auth(admin)).status_code == 204
    rows = lanes_of(world, [kept, *moved])
    assert {lane for lane, _ in rows.values()} == {default}
    assert rows[kept][1] < rows[moved[0]][1] < rows[moved[1]][1]
    assert client.get(url, headers=world.auth(owner)).status_code == 404
    assert client.delete(f"{API}/{default}", headers=world.auth(owner)).status_code == 204
    assert {lane for lane, _ in lanes_of(world, [kept, *moved]).values()} == {None}
    assert "default_lane_id" not in world.run(lambda ctx: ctx.session.get(Project, project.id).extra)


def test_bulk_update_order(client, team):
    world, project, owner, member, _ = team
    admin = team.admin
    a = create(client, world, owner, project, "A").json()["id"]
    b = create(client, world, owner, project, "B").json()["id"]
    other = create(client, world, owner, world.project(owner), "Elsewhere").json()["id"]
    url = f"{API}/bulk_update_order"
    body = {"project": project.id, "bulk_swimlanes": [[a, 2], [b, 1]]}
    assert client.post(url, json=body, headers=world.auth(member)).status_code == 403
    assert client.post(url, json=body | {"bulk_swimlanes": [[a, -1]]}, headers=world.auth(admin)).status_code == 400
    assert client.post(url, json={"project": project.id}, headers=world.auth(admin)).status_code == 400
    res = client.post(url, json=body | {"bulk_swimlanes": [[other, 1]]}, headers=world.auth(admin))
    assert res.status_code == 400
    assert client.post(url, json=body, headers=world.auth(admin)).status_code == 204
    names = [lane["name"] for lane in client.get(API, params={"project": project.id}, headers=world.auth(owner)).json()]
    assert names == ["B", "A"]
    orders = world.run(lambda ctx: dict(ctx.session.execute(select(Lane.id, Lane.order).where(
        Lane.id.in_([a, b]))).all()))  # fmt: skip
    assert orders == {a: 2, b: 1}


def test_list_runs_a_constant_number_of_queries(client, team, query_counter):
    world, project, owner, *_ = team

    def count():
        query_counter.clear()
        res = client.get(API, params={"project": project.id}, headers=world.auth(owner))
        return len(query_counter), len(res.json())

    for i in range(2):
        create(client, world, owner, project, f"L{i}")
    few = count()
    for i in range(2, 10):
        create(client, world, owner, project, f"L{i}")
    many = count()
    assert (few[1], many[1]) == (2, 10) and few[0] == many[0]


def test_lanes_by_project_for_the_project_detail(client, team):
    from planyard.core import lanes

    world, project, owner, *_ = team
    b = create(client, world, owner, project, "B").json()["id"]
    a = create(client, world, owner, project, "A").json()["id"]
    empty = world.project(owner)
    found = world.run(lambda ctx: {pid: [lane.id for lane in rows] for pid, rows in
                                   lanes.lanes_by_project(ctx, {project.id, empty.id}).items()})  # fmt: skip
    assert found == {project.id: [b, a], empty.id: []}
