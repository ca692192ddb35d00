"""Taiga §12 Milestones: CRUD, permissions, field errors, nested stories and points, stats, watchers."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from planyard.core.work_items import service
from planyard.core.work_items.kinds import EPIC, STORY, TASK
from planyard.core.work_items.service import ItemChanges
from planyard.models import ChangeEntry, PointValue, Role, Sprint, Status, WorkItem, WorkItemLink

API = "/api/v1/milestones"
DATES = {"estimated_start": "2024-01-01", "estimated_finish": "2024-01-05"}


def make_sprint(world, owner, project, name="Sprint 1", **fields):
    from planyard.core import sprints

    values = {"name": name, "estimated_start": datetime(2024, 1, 1).date(),
              "estimated_finish": datetime(2024, 1, 5).date()} | fields  # fmt: skip
    return world.run(lambda ctx: sprints.create_sprint(ctx, project.id, values, None), actor=owner)


def ids_of(world, project):
    """{"role:back": id, "points:3": id, "story:done": id, "task:closed": id, ...} for a project."""

    def load(ctx):
        s = ctx.session
        found = {f"role:{r.slug}": r.id for r in s.scalars(select(Role).where(Role.project_id == project.id))}
        for p in s.scalars(select(PointValue).where(PointValue.project_id == project.id)):
            found[f"points:{p.name}"] = p.id
        for st in s.scalars(select(Status).where(Status.project_id == project.id)):
            found[f"{st.kind}:{st.slug}"] = st.id
        return found

    return world.run(load)


def make_item(world, owner, kind, project, role_points=None, finished=None, **fields):
    changes = ItemChanges(fields={"subject": "Work", **fields}, role_points=role_points)
    item = world.run(lambda ctx: service.create_item(ctx, kind, project.id, changes), actor=owner)
    if finished is not None:
        world.run(lambda ctx: setattr(ctx.session.get(WorkItem, item.id), "finish_date", finished))
    return item


def test_create_returns_the_milestone_detail(client, team):
    world, project, owner, member, _ = team
    body = {"project": project.id, "name": "Sprint 1", **DATES, "disponibility": 30, "order": 2,
            "watchers": [member.id], "_attrs": {}}  # fmt: skip
    res = client.post(API, json=body, headers=world.auth(owner))
    assert res.status_code == 201, res.text
    data = res.json()
    assert data["name"] == "Sprint 1" and data["slug"] == "sprint-1"
    assert data["project"] == project.id and data["owner"] == owner.id
    assert data["estimated_start"] == "2024-01-01" and data["estimated_finish"] == "2024-01-05"
    assert data["disponibility"] == 30.0 and data["order"] == 2 and data["closed"] is False
    assert data["user_stories"] == [] and data["total_points"] == 0 and data["closed_points"] == 0
    assert data["total_watchers"] == 1 and data["is_watcher"] is False
    assert data["project_extra_info"] == {"name": project.name, "slug": project.slug, "logo_small_url": None,
                                          "id": project.id}  # fmt: skip
    assert isinstance(data["created_date"], str) and isinstance(data["modified_date"], str)
    entry = world.run(lambda ctx: ctx.session.execute(select(ChangeEntry.action, ChangeEntry.target_id).where(
        ChangeEntry.target_type == "milestone")).one())  # fmt: skip
    assert tuple(entry) == ("create", data["id"])


def test_create_field_errors(client, team):
    world, project, owner, _, _ = team
    other = world.project(world.user(), private=True)
    auth = world.auth(owner)
    base = {"project": project.id, "name": "Sprint", **DATES}
    cases = [
        ({k: v for k, v in base.items() if k != "name"}, "name"),
        (base | {"name": "  "}, "name"),
        (base | {"estimated_start": "2024-13-40"}, "estimated_start"),
        ({k: v for k, v in base.items() if k != "estimated_finish"}, "estimated_finish"),
        (base | {"estimated_start": "2024-02-01"}, "estimated_finish"),
        (base | {"project": other.id}, "project"),
        (base | {"project": 999999}, "project"),
        (base | {"order": -1}, "order"),
        (base | {"watchers": [world.user().id]}, "watchers"),
    ]
    for body, field in cases:
        res = client.post(API, json=body, headers=auth)
        assert res.status_code == 400, (body, res.text)
        assert field in res.json(), (body, res.json())
    assert client.post(API, json=base, headers=auth).status_code == 201
    res = client.post(API, json=base | {"slug": "other"}, headers=auth)
    assert res.status_code == 400 and res.json() == {"name": ["Duplicated name"]}
    res = client.post(API, json=base | {"name": "Other", "slug": "Sprint"}, headers=auth)
    assert res.status_code == 201 and res.json()["slug"] == "sprint-2"


def test_create_permissions(client, team):
    world, project, owner, member, outsider = team
    public = world.project(owner)
    body = {"name": "S", **DATES}
    assert client.post(API, json=body | {"project": project.id}).status_code == 401
    assert client.post(API, json=body | {"project": public.id}).status_code == 401
    assert client.post(API, json=body | {"project": public.id}, headers=world.auth(outsider)).status_code == 403
    assert client.post(API, json=body | {"project": project.id}, headers=world.auth(outsider)).status_code == 400
    assert client.post(API, json=body | {"project": project.id}, headers=world.auth(member)).status_code == 201


def test_list_filters_order_and_headers(client, team):
    world, project, owner, _, _ = team
    make_sprint(world, owner, project, "Old", estimated_start=datetime(2023, 1, 1).date())
    make_sprint(world, owner, project, "New", estimated_start=datetime(2024, 1, 2).date(), closed=True)
    make_sprint(world, owner, world.project(owner), "Elsewhere")
    res = client.get(API, params={"project": project.id}, headers=world.auth(owner))
    assert res.status_code == 200
    assert [m["name"] for m in res.json()] == ["New", "Old"]
    assert res.headers["Taiga-Info-Total-Opened-Milestones"] == "1"
    assert res.headers["Taiga-Info-Total-Closed-Milestones"] == "1"
    assert res.headers["x-pagination-count"] == "2"
    res = client.get(API, params={"project": project.id, "closed": "false"}, headers=world.auth(owner))
    assert [m["name"] for m in res.json()] == ["Old"]
    assert res.headers["Taiga-Info-Total-Closed-Milestones"] == "1"
    assert "Taiga-Info-Total-Opened-Milestones" not in client.get(API, headers=world.auth(owner)).headers
    assert client.get(API, params={"closed": "maybe"}, headers=world.auth(owner)).status_code == 400


def test_visibility_on_private_and_public_projects(client, team):
    world, project, owner, member, outsider = team
    sprint = make_sprint(world, owner, project)
    public = world.project(owner)
    shown = make_sprint(world, owner, public)
    for who, expected in ((None, [shown.id]), (outsider, [shown.id]), (member, [sprint.id, shown.id])):
        headers = world.auth(who) if who else {}
        assert sorted(m["id"] for m in client.get(API, headers=headers).json()) == sorted(expected)
    assert client.get(f"{API}/{sprint.id}").status_code == 404
    assert client.get(f"{API}/{sprint.id}", headers=world.auth(outsider)).status_code == 404
    assert client.get(f"{API}/{sprint.id}", headers=world.auth(member)).status_code == 200
    assert client.get(f"{API}/{shown.id}").status_code == 200
    assert client.get(f"{API}/999999", headers=world.auth(owner)).status_code == 404
    res = client.get(API, params={"project": project.id}, headers=world.auth(outsider))
    assert res.json() == [] and res.headers["Taiga-Info-Total-Opened-Milestones"] == "0"


def test_edit_put_and_delete_permissions(client, team):
    world, project, owner, member, outsider = team
    sprint = make_sprint(world, owner, project)
    public = world.project(owner)
    public_sprint = make_sprint(world, owner, public)
    url = f"{API}/{sprint.id}"
    assert client.patch(url, json={"name": "X"}).status_code == 404
    assert client.patch(f"{API}/{public_sprint.id}", json={"name": "X"}).status_code == 401
    assert (
        client.patch(f"{API}/{public_sprint.id}", json={"name": "X"}, headers=world.auth(outsider)).status_code == 403
    )
    assert client.delete(f"{API}/{public_sprint.id}", headers=world.auth(outsider)).status_code == 403
    res = client.patch(url, json={"name": "Renamed", "closed": True}, headers=world.auth(member))
    assert res.status_code == 200 and res.json()["name"] == "Renamed" and res.json()["closed"] is True
    assert res.json()["slug"] == "sprint-1"
    res = client.put(url, json={"name": "Whole", "estimated_start": "2024-02-01", "estimated_finish": "2024-02-10"},
                     headers=world.auth(member))  # fmt: skip
    assert res.status_code == 200 and res.json()["estimated_start"] == "2024-02-01"
    assert client.put(url, json={"name": "No dates"}, headers=world.auth(member)).status_code == 400
    res = client.patch(url, json={"estimated_finish": "2024-01-01"}, headers=world.auth(member))
    assert res.status_code == 400 and "estimated_finish" in res.json()
    assert client.patch(url, json={"name": None}, headers=world.auth(member)).json() == {
        "name": ["This field may not be null."]}  # fmt: skip
    diffs = world.run(lambda ctx: list(ctx.session.scalars(select(ChangeEntry.diff).where(
        ChangeEntry.target_type == "milestone", ChangeEntry.action == "change").order_by(ChangeEntry.id))))  # fmt: skip
    assert diffs[0]["name"] == ["Sprint 1", "Renamed"] and diffs[0]["closed"] == [False, True]
    assert client.delete(f"{API}/999999", headers=world.auth(owner)).status_code == 404
    assert client.delete(url, headers=world.auth(member)).status_code == 204
    assert client.get(url, headers=world.auth(owner)).status_code == 404


def test_delete_moves_stories_and_tasks_back_to_the_backlog(client, team):
    world, project, owner, _, _ = team
    sprint = make_sprint(world, owner, project)
    story = make_item(world, owner, STORY, project, sprint_id=sprint.id)
    task = make_item(world, owner, TASK, project, sprint_id=sprint.id, parent_id=story.id)
    assert client.delete(f"{API}/{sprint.id}", headers=world.auth(owner)).status_code == 204
    rows = world.run(lambda ctx: list(ctx.session.execute(select(WorkItem.sprint_id).where(
        WorkItem.id.in_([story.id, task.id])))))  # fmt: skip
    assert [tuple(r) for r in rows] == [(None,), (None,)]
    assert world.run(lambda ctx: ctx.session.get(Sprint, sprint.id)) is None


def test_nested_user_stories_and_points(client, team):
    world, project, owner, member, _ = team
    ids = ids_of(world, project)
    sprint = make_sprint(world, owner, project)
    done = make_item(world, owner, STORY, project, sprint_id=sprint.id, status_id=ids["story:done"],
                     assigned_to_id=member.id,
                     role_points={ids["role:back"]: ids["points:3"], ids["role:front"]: ids["points:2"]})  # fmt: skip
    make_item(world, owner, STORY, project, sprint_id=sprint.id, role_points={ids["role:back"]: ids["points:1/2"]})
    make_item(world, owner, STORY, project)  # in the backlog
    epic = make_item(world, owner, EPIC, project, color="#abcdef")
    world.run(lambda ctx: ctx.session.add(WorkItemLink(kind="epic_story", from_id=epic.id, to_id=done.id)))
    data = client.get(f"{API}/{sprint.id}", headers=world.auth(owner)).json()
    assert data["total_points"] == 5.5 and data["closed_points"] == 5.0
    first = data["user_stories"][0]
    assert first["id"] == done.id and first["ref"] == done.ref and first["milestone"] == sprint.id
    assert first["is_closed"] is True and first["status"] == ids["story:done"]
    assert first["status_extra_info"]["is_closed"] is True and first["status_extra_info"]["name"] == "Done"
    assert first["assigned_to"] == member.id and first["assigned_to_extra_info"]["username"] == member.username
    assert first["points"][str(ids["role:back"])] == ids["points:3"]
    assert first["total_points"] == 5.0 and first["due_date_status"] == "not_set"
    assert first["epics"] == [
        {
            "id": epic.id,
            "ref": epic.ref,
            "subject": "Work",
            "color": "#abcdef",
            "project": {"id": project.id, "name": project.name, "slug": project.slug},
        }
    ]
    assert data["user_stories"][1]["epics"] is None and data["user_stories"][1]["total_points"] == 0.5
    assert first["project_extra_info"]["slug"] == project.slug
    assert len(data["user_stories"]) == 2


def test_list_runs_a_constant_number_of_queries(client, team, query_counter):
    world, project, owner, member, _ = team
    ids = ids_of(world, project)

    def add(n):
        for i in range(n):
            sprint = make_sprint(world, owner, project, f"S{len(query_counter)}-{i}")
            make_item(world, owner, STORY, project, sprint_id=sprint.id, assigned_to_id=member.id,
                      role_points={ids["role:back"]: ids["points:2"]})  # fmt: skip

    def count():
        query_counter.clear()
        res = client.get(API, params={"project": project.id}, headers=world.auth(owner))
        assert res.status_code == 200
        return len(query_counter), len(res.json())

    add(2)
    few = count()
    add(8)
    many = count()
    assert few[1] == 2 and many[1] == 10
    assert few[0] == many[0]


def test_stats_burndown(client, team):
    world, project, owner, _, outsider = team
    ids = ids_of(world, project)
    sprint = make_sprint(world, owner, project)
    back, front = ids["role:back"], ids["role:front"]
    make_item(
        world,
        owner,
        STORY,
        project,
        sprint_id=sprint.id,
        status_id=ids["story:done"],
        role_points={back: ids["points:3"], front: ids["points:2"]},
        finished=datetime(2024, 1, 3, tzinfo=UTC),
    )
    with_tasks = make_item(world, owner, STORY, project, sprint_id=sprint.id, role_points={back: ids["points:5"]})
    make_item(
        world,
        owner,
        STORY,
        project,
        sprint_id=sprint.id,
        status_id=ids["story:done"],
        role_points={back: ids["points:1"]},
        finished=datetime(2023, 12, 20, tzinfo=UTC),
    )
    make_item(
        world,
        owner,
        TASK,
        project,
        sprint_id=sprint.id,
        parent_id=with_tasks.id,
        status_id=ids["task:closed"],
        finished=datetime(2024, 1, 2, 9, tzinfo=UTC),
    )
    make_item(world, owner, TASK, project, sprint_id=sprint.id, parent_id=with_tasks.id)
    make_item(world, owner, TASK, project, sprint_id=sprint.id, status_id=ids["task:closed"], is_iocaine=True)
    res = client.get(f"{API}/{sprint.id}/stats", headers=world.auth(owner))
    assert res.status_code == 200, res.text
    data = res.json()
    assert data["name"] == "Sprint 1" and data["estimated_start"] == "2024-01-01"
    assert data["total_points"] == {str(ids["role:ux"]): 0, str(ids["role:design"]): 0, str(front): 2, str(back): 9}
    assert sorted(data["completed_points"]) == [0, 0, 2, 4]
    assert (data["total_userstories"], data["completed_userstories"]) == (3, 2)
    assert (data["total_tasks"], data["completed_tasks"], data["iocaine_doses"]) == (3, 2, 1)
    assert data["days"] == [
        {"day": "2024-01-01", "name": 1, "open_points": 10.0, "optimal_points": 11.0},
        {"day": "2024-01-02", "name": 2, "open_points": 7.5, "optimal_points": 8.25},
        {"day": "2024-01-03", "name": 3, "open_points": 2.5, "optimal_points": 5.5},
        {"day": "2024-01-04", "name": 4, "open_points": 2.5, "optimal_points": 2.75},
        {"day": "2024-01-05", "name": 5, "open_points": 2.5, "optimal_points": 0.0},
    ]
    assert client.get(f"{API}/{sprint.id}/stats", headers=world.auth(outsider)).status_code == 404
    assert client.get(f"{API}/999999/stats", headers=world.auth(owner)).status_code == 404


def test_watch_unwatch_and_watchers(client, team):
    world, project, owner, member, outsider = team
    sprint = make_sprint(world, owner, project)
    url = f"{API}/{sprint.id}"
    assert client.post(f"{url}/watch").status_code == 404
    assert client.post(f"{url}/watch", headers=world.auth(outsider)).status_code == 404
    public_sprint = make_sprint(world, owner, world.project(owner))
    assert client.post(f"{API}/{public_sprint.id}/watch").status_code == 401
    res = client.post(f"{url}/watch", headers=world.auth(member))
    assert res.status_code == 200 and res.content == b""
    assert client.post(f"{url}/watch", headers=world.auth(member)).status_code == 200
    watchers = client.get(f"{url}/watchers", headers=world.auth(owner)).json()
    assert watchers == [{"id": member.id, "username": member.username, "full_name": member.full_name}]
    detail = client.get(url, headers=world.auth(member)).json()
    assert detail["is_watcher"] is True and detail["total_watchers"] == 1
    assert client.post(f"{url}/unwatch", headers=world.auth(member)).status_code == 200
    assert client.get(f"{url}/watchers", headers=world.auth(owner)).json() == []
    assert client.get(f"{url}/watchers", headers=world.auth(outsider)).status_code == 404
