"""The project detail lists the project's swimlanes (taiga-back's `swimlanes` rows) and its default swimlane."""

from __future__ import annotations

from planyard.core.lanes import create_lane


def test_project_detail_lists_its_swimlanes_in_order(client, world):
    owner = world.user()
    project = world.project(owner, is_kanban_activated=True)
    h = world.auth(owner)
    empty = client.get(f"/api/v1/projects/{project.id}", headers=h).json()
    assert empty["swimlanes"] == [] and empty["default_swimlane"] is None
    first = world.run(lambda ctx: create_lane(ctx, project.id, "First"), actor=owner)
    second = world.run(lambda ctx: create_lane(ctx, project.id, "Second"), actor=owner)
    other = world.project(owner)
    world.run(lambda ctx: create_lane(ctx, other.id, "Elsewhere"), actor=owner)
    detail = client.get(f"/api/v1/projects/{project.id}", headers=h).json()
    assert detail["swimlanes"] == [
        {"id": first.id, "name": "First", "order": first.order, "project_id": project.id},
        {"id": second.id, "name": "Second", "order": second.order, "project_id": project.id},
    ]
    assert detail["default_swimlane"] == first.id
    listed = client.get("/api/v1/projects", headers=h).json()
    assert {p["id"]: p["default_swimlane"] for p in listed}[project.id] == first.id
    assert "swimlanes" not in listed[0]


def test_project_detail_swimlanes_cost_one_query_for_any_number(client, world, query_counter):
    owner = world.user()
    project = world.project(owner)
    h = world.auth(owner)

    def count(lanes):
        for i in range(lanes):
            world.run(lambda ctx, i=i: create_lane(ctx, project.id, f"Lane {i}-{lanes}"), actor=owner)
        query_counter.clear()
        body = client.get(f"/api/v1/projects/{project.id}", headers=h).json()
        return len(query_counter), len(body["swimlanes"])

    small = count(1)
    large = count(7)
    assert small[1] == 1 and large[1] == 8 and small[0] == large[0]
