"""Per-swimlane WIP limits (taiga-back's swimlane-userstory-statuses): one row per lane and story
status, shown in each lane's `statuses`; project admins edit the limit; rows follow lanes and statuses."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import create_engine, select, text

from planyard.config import Settings
from planyard.db.migrate import alembic_config, upgrade
from planyard.main import create_app
from planyard.models import ChangeEntry, LaneStatus
from tests.factories import World

API = "/api/v1/swimlane-userstory-statuses"
LANES = "/api/v1/swimlanes"


def add_lane(client, world, user, project, name):
    r = client.post(LANES, json={"project": project.id, "name": name}, headers=world.auth(user))
    assert r.status_code == 201, r.text
    return r.json()


def us_statuses(client, world, user, project):
    h = world.auth(user)
    return client.get("/api/v1/userstory-statuses", params={"project": project.id}, headers=h).json()


def lanes(client, world, user, project):
    h = world.auth(user) | {"x-disable-pagination": "1"}
    return {lane["id"]: lane for lane in client.get(LANES, params={"project": project.id}, headers=h).json()}


def limits(lane):
    return {s["id"]: s["wip_limit"] for s in lane["statuses"]}


def test_the_first_lane_copies_the_status_limits_and_later_lanes_have_none(client, team):
    world, project, owner, *_ = team
    statuses = us_statuses(client, world, owner, project)
    h = world.auth(owner)
    assert client.patch(f"/api/v1/userstory-statuses/{statuses[0]['id']}", json={"wip_limit": 4},
                        headers=h).status_code == 200  # fmt: skip
    first = add_lane(client, world, owner, project, "First")
    second = add_lane(client, world, owner, project, "Second")
    assert limits(first) == {s["id"]: (4 if s is statuses[0] else s["wip_limit"]) for s in statuses}
    assert set(limits(second).values()) == {None}
    rows = [s["swimlane_userstory_status_id"] for lane in (first, second) for s in lane["statuses"]]
    assert all(isinstance(row, int) for row in rows) and len(set(rows)) == 2 * len(statuses)


def test_edit_the_limit_of_one_lane(client, team):
    world, project, owner, member, _ = team
    admin = team.admin
    first = add_lane(client, world, owner, project, "First")
    second = add_lane(client, world, owner, project, "Second")
    status = second["statuses"][1]
    url = f"{API}/{status['swimlane_userstory_status_id']}"
    r = client.patch(url, json={"wip_limit": 5, "swimlane": first["id"]}, headers=world.auth(admin))
    assert r.status_code == 200, r.text
    assert r.json() == {"id": status["swimlane_userstory_status_id"], "status": status["id"],
                        "swimlane": second["id"], "wip_limit": 5}  # fmt: skip
    shown = lanes(client, world, member, project)
    assert limits(shown[second["id"]])[status["id"]] == 5
    assert limits(shown[first["id"]]) == limits(first)
    assert client.get(url, headers=world.auth(member)).json()["wip_limit"] == 5
    assert client.put(url, json={"wip_limit": 2}, headers=world.auth(owner)).json()["wip_limit"] == 2
    assert client.patch(url, json={"wip_limit": None}, headers=world.auth(owner)).json()["wip_limit"] is None
    diffs = world.run(lambda ctx: list(ctx.session.scalars(select(ChangeEntry.diff).where(
        ChangeEntry.target_type == "swimlane_status").order_by(ChangeEntry.id))))  # fmt: skip
    assert diffs == [{"wip_limit": [None, 5]}, {"wip_limit": [5, 2]}, {"wip_limit": [2, None]}]


@pytest.mark.parametrize("value", [-1, "abc", 1.5, [3], 2**31])
def test_a_limit_must_be_a_non_negative_integer(client, team, value):
    world, project, owner, *_ = team
    row = add_lane(client, world, owner, project, "Lane")["statuses"][0]["swimlane_userstory_status_id"]
    r = client.patch(f"{API}/{row}", json={"wip_limit": value}, headers=world.auth(owner))
    assert r.status_code == 400 and "wip_limit" in r.json()
    assert client.get(f"{API}/{row}", headers=world.auth(owner)).json()["wip_limit"] is None


def test_permissions_and_unknown_ids(client, team):
    world, project, owner, member, outsider = team
    row = add_lane(client, world, owner, project, "Lane")["statuses"][0]["swimlane_userstory_status_id"]
    url = f"{API}/{row}"
    assert client.patch(url, json={"wip_limit": 1}, headers=world.auth(member)).status_code == 403
    assert client.patch(url, json={"wip_limit": 1}, headers=world.auth(outsider)).status_code == 404
    assert client.patch(url, json={"wip_limit": 1}).status_code == 404
    assert client.get(url, headers=world.auth(outsider)).status_code == 404
    assert client.patch(f"{API}/999999", json={"wip_limit": 1}, headers=world.auth(owner)).status_code == 404
    assert client.post(API, json={"wip_limit": 1}, headers=world.auth(owner)).status_code == 405
    assert client.delete(url, headers=world.auth(owner)).status_code == 405
    public = world.project(owner)
    shown = add_lane(client, world, owner, public, "Open")["statuses"][0]["swimlane_userstory_status_id"]
    assert client.patch(f"{API}/{shown}", json={"wip_limit": 1}).status_code == 401
    assert client.get(f"{API}/{shown}").status_code == 200


def test_list_follows_visibility_and_the_project_filter(client, team):
    world, project, owner, member, outsider = team
    lane = add_lane(client, world, owner, project, "Lane")
    public = world.project(owner)
    open_lane = add_lane(client, world, owner, public, "Open")
    ids = [s["swimlane_userstory_status_id"] for s in lane["statuses"]]
    open_ids = [s["swimlane_userstory_status_id"] for s in open_lane["statuses"]]
    h = world.auth(member) | {"x-disable-pagination": "1"}
    assert [r["id"] for r in client.get(API, params={"project": project.id}, headers=h).json()] == ids
    assert {r["id"] for r in client.get(API, headers=h).json()} == set(ids + open_ids)
    assert [r["id"] for r in client.get(API, headers={"x-disable-pagination": "1"}).json()] == open_ids
    assert set(client.get(API, headers=h).json()[0]) == {"id", "status", "swimlane", "wip_limit"}


def test_rows_follow_new_and_deleted_statuses_and_lanes(client, team):
    world, project, owner, *_ = team
    h = world.auth(owner)
    only = add_lane(client, world, owner, project, "Only")
    r = client.post("/api/v1/userstory-statuses", json={"project": project.id, "name": "Review", "wip_limit": 2},
                    headers=h)  # fmt: skip
    review = r.json()["id"]
    assert limits(lanes(client, world, owner, project)[only["id"]])[review] == 2  # a single lane keeps it
    second = add_lane(client, world, owner, project, "Second")
    r = client.post("/api/v1/userstory-statuses", json={"project": project.id, "name": "QA", "wip_limit": 3},
                    headers=h)  # fmt: skip
    qa = r.json()["id"]
    shown = lanes(client, world, owner, project)
    assert (limits(shown[only["id"]])[qa], limits(shown[second["id"]])[qa]) == (None, None)
    assert limits(shown[second["id"]])[review] is None
    move_to = only["statuses"][0]["id"]
    assert client.delete(f"/api/v1/userstory-statuses/{qa}", params={"moveTo": move_to}, headers=h).status_code == 204
    assert all(qa not in limits(lane) for lane in lanes(client, world, owner, project).values())
    assert client.delete(f"{LANES}/{second['id']}", params={"moveTo": only["id"]}, headers=h).status_code == 204
    remaining = world.run(lambda ctx: set(ctx.session.scalars(select(LaneStatus.lane_id))))
    assert remaining == {only["id"]}


def test_lists_run_a_constant_number_of_queries(client, team, query_counter):
    world, project, owner, *_ = team

    def count(url):
        query_counter.clear()
        r = client.get(url, params={"project": project.id}, headers=world.auth(owner) | {"x-disable-pagination": "1"})
        return len(query_counter), len(r.json())

    add_lane(client, world, owner, project, "L0")
    few = count(LANES), count(API)
    for i in range(1, 6):
        add_lane(client, world, owner, project, f"L{i}")
    many = count(LANES), count(API)
    assert [f[0] for f in few] == [m[0] for m in many] and many[0][1] == 6 and many[1][1] == 6 * few[1][1]


def test_migration_fills_the_rows_of_existing_lanes(tmp_path):
    """Revision 0003 gives every existing lane its rows; the default lane keeps the statuses' limits."""
    url = f"sqlite:///{tmp_path / 'fill.sqlite3'}"
    upgrade(url)
    settings = Settings(data_dir=tmp_path, database_url=url, secret_key="test-secret-key-that-is-long-enough-xx")
    app = create_app(settings)
    world = World(app)
    owner = world.user("filler")
    project = world.project(owner)
    from planyard.core import lanes

    first = world.run(lambda ctx: lanes.create_lane(ctx, project.id, "First").id, actor=owner)
    second = world.run(lambda ctx: lanes.create_lane(ctx, project.id, "Second").id, actor=owner)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE statuses SET wip_limit = 7 WHERE kind = 'story'"))
    app.state.engine.dispose()
    command.downgrade(alembic_config(url), "0002")
    command.upgrade(alembic_config(url), "head")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT lane_id, wip_limit FROM lane_statuses ORDER BY id")).all()
        story_statuses = conn.execute(
            text("SELECT count(*) FROM statuses WHERE kind = 'story' AND project_id IS NOT NULL")
        ).scalar_one()  # not the shared default's
    engine.dispose()
    assert len(rows) == 2 * story_statuses
    assert {limit for lane, limit in rows if lane == first} == {7}
    assert {limit for lane, limit in rows if lane == second} == {None}
