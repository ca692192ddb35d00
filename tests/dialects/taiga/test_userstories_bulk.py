"""Taiga §13.7-13.10 and the web client's bulk calls: bulk create, backlog/sprint/kanban reorders in
both body formats, bulk moves into a milestone; all or nothing, history written, one UPDATE per row."""

from __future__ import annotations

from sqlalchemy import select

from planyard.core.taiga_rules import story_orders
from planyard.core.work_items import service
from planyard.core.work_items.kinds import STORY, TASK
from planyard.core.work_items.service import ItemChanges
from planyard.models import ChangeEntry, OutboxEvent, RolePoints, Sprint, WorkItem
from tests.dialects.taiga.test_userstories import URL, make_sprint, project_values

BACKLOG = f"{URL}/bulk_update_backlog_order"
KANBAN = f"{URL}/bulk_update_kanban_order"


def rows(world, project, field):
    stmt = select(WorkItem.id, getattr(WorkItem, field)).where(WorkItem.project_id == project.id,
                                                                WorkItem.kind == "story")  # fmt: skip
    return dict(world.run(lambda ctx: ctx.session.execute(stmt).all()))


def story_entries(world, story_id):
    stmt = select(ChangeEntry.diff).where(ChangeEntry.target_type == "story", ChangeEntry.target_id == story_id)
    return world.run(lambda ctx: ctx.session.scalars(stmt.order_by(ChangeEntry.id)).all())


def test_bulk_create(client, team):
    world, project, owner, member, outsider = team
    _, _, statuses = project_values(world, project)
    sprint = make_sprint(world, project)
    body = {"project_id": project.id, "bulk_stories": "First\n  Second \n\n", "status_id": statuses["ready"],
            "milestone_id": sprint.id}  # fmt: skip
    r = client.post(f"{URL}/bulk_create", json=body, headers=world.auth(member))
    assert r.status_code == 200, r.text
    assert [(s["subject"], s["status"], s["milestone"]) for s in r.json()] == [
        ("First", statuses["ready"], sprint.id), ("Second", statuses["ready"], sprint.id)]  # fmt: skip
    assert "description_html" in r.json()[0] and r.json()[0]["points"]
    assert [story_entries(world, s["id"])[0] for s in r.json()] == [{}, {}]
    anonymous = client.post(f"{URL}/bulk_create", json={"project_id": project.id, "bulk_stories": "x"})
    assert anonymous.status_code in (400, 401)
    foreign = client.post(f"{URL}/bulk_create", json=body, headers=world.auth(outsider))
    assert foreign.status_code == 400 and "project_id" in foreign.json()


def test_bulk_create_is_all_or_nothing(client, team):
    world, project, owner, *_ = team
    h = world.auth(owner)
    for body, field in (({"status_id": 999999}, "status_id"), ({"swimlane_id": 999999}, "swimlane_id"),
                        ({"milestone_id": 999999}, "milestone_id"), ({"bulk_stories": " \n "}, "bulk_stories"),
                        ({"bulk_stories": "ok\n" + "x" * 501}, "bulk_stories"), ({"project_id": 999999}, "project_id"),
                        ({"bulk_stories": None}, "bulk_stories")):  # fmt: skip
        r = client.post(f"{URL}/bulk_create", json={"project_id": project.id, "bulk_stories": "a\nb"} | body, headers=h)
        assert r.status_code == 400 and field in r.json(), (body, r.text)
    assert rows(world, project, "ref") == {}


def bulk_body(project, lines, **fields):
    return {"project_id": project.id, "bulk_stories": "\n".join(f"Story {i}" for i in range(lines))} | fields


def statements_of_bulk_creates(client, query_counter, url, body_of, headers, lines=(10, 200)):
    """The statements each bulk_create runs, one body per number of lines (`body_of(lines)`)."""
    counts = []
    for n in lines:
        body = body_of(n)
        query_counter.clear()
        r = client.post(url, json=body, headers=headers)
        assert r.status_code == 200 and len(r.json()) >= n, r.text
        counts.append(len(query_counter))
    return counts


def test_bulk_create_runs_as_many_statements_for_200_lines_as_for_10(client, team, query_counter):
    world, project, owner, *_ = team
    roles, _, statuses = project_values(world, project)
    assert roles  # so that points per role are written too

    def body_of(lines):  # in a sprint of its own, which closes with its stories
        sprint = make_sprint(world, project, name=f"S{lines}")
        return bulk_body(project, lines, milestone_id=sprint.id, status_id=statuses["done"])

    ten, two_hundred = statements_of_bulk_creates(client, query_counter, f"{URL}/bulk_create", body_of,
                                                  world.auth(owner))  # fmt: skip
    assert ten == two_hundred


def test_bulk_created_stories_are_what_one_by_one_creation_writes(client, team):
    world, project, owner, *_ = team
    roles, _, statuses = project_values(world, project)
    sprint, h = make_sprint(world, project), world.auth(owner)
    fields = {"status": statuses["done"], "milestone": sprint.id}
    single = client.post(URL, json={"project": project.id, "subject": "One"} | fields, headers=h).json()
    body = {"project_id": project.id, "bulk_stories": "A\nB\nC", "status_id": statuses["done"],
            "milestone_id": sprint.id}  # fmt: skip
    created = client.post(f"{URL}/bulk_create", json=body, headers=h).json()
    apart = {"id", "ref", "subject", "created_date", "modified_date", "finish_date", "backlog_order", "sprint_order",
             "kanban_order"}  # fmt: skip
    for entry in created:
        assert {k: v for k, v in entry.items() if k not in apart} == {
            k: v for k, v in single.items() if k in entry and k not in apart}  # fmt: skip
        assert entry["is_closed"] and entry["finish_date"]
    ids = [entry["id"] for entry in created]
    assert [entry["ref"] for entry in created] == [single["ref"] + n for n in (1, 2, 3)] and ids == sorted(ids)
    assert world.run(lambda ctx: ctx.session.get(Sprint, sprint.id)).closed  # all its stories are closed
    log = world.run(lambda ctx: ctx.session.execute(
        select(ChangeEntry.target_id, ChangeEntry.action, ChangeEntry.version, ChangeEntry.user_id,
               ChangeEntry.diff, ChangeEntry.snapshot, OutboxEvent.topic)
        .join(OutboxEvent, OutboxEvent.change_id == ChangeEntry.id)
        .where(ChangeEntry.target_id.in_(ids)).order_by(ChangeEntry.id)).all())  # fmt: skip
    assert log == [(e["id"], "create", 1, owner.id, {}, {"ref": e["ref"], "subject": e["subject"]}, "story.create")
                   for e in created]  # fmt: skip
    columns = [c for c in ChangeEntry.__table__.columns if c.key not in ("id", "target_id", "snapshot", "created_at")]
    entries = world.run(lambda ctx: ctx.session.execute(select(*columns).where(
        ChangeEntry.target_type == "story", ChangeEntry.target_id.in_([single["id"], *ids]))).all())  # fmt: skip
    assert len(entries) == 4 and all(entry == entries[0] for entry in entries)  # as one-by-one creation writes them
    points = world.run(lambda ctx: ctx.session.execute(select(RolePoints.work_item_id, RolePoints.role_id)).all())
    assert sorted(points) == sorted((i, role) for i in [single["id"], *ids] for role in roles)


def test_the_history_and_timeline_of_bulk_created_stories(client, team):
    world, project, owner, member, _ = team
    h = world.auth(owner)
    first, second = client.post(f"{URL}/bulk_create", json=bulk_body(project, 2), headers=h).json()
    edited = client.patch(f"{URL}/{first['id']}", json={"subject": "Renamed", "version": 1}, headers=h)
    assert edited.status_code == 200 and edited.json()["version"] == 2
    [entry] = client.get(f"/api/v1/history/userstory/{first['id']}", headers=h).json()
    assert entry["diff"] == {"subject": ["Story 0", "Renamed"]}
    timeline = client.get(f"/api/v1/timeline/project/{project.id}", headers=world.auth(member)).json()
    created = [e["data"]["userstory"]["id"] for e in timeline if e["event_type"] == "userstories.userstory.create"]
    assert created == [second["id"], first["id"]]


def test_documented_backlog_format_shifts_the_others(client, team, query_counter):
    world, project, owner, *_ = team
    a, b, c, d = (world.item(owner, STORY, project, backlog_order=i) for i in (1, 2, 3, 4))
    query_counter.clear()
    body = {"project_id": project.id, "bulk_stories": [{"us_id": d.id, "order": 2}]}
    r = client.post(BACKLOG, json=body, headers=world.auth(owner))
    assert r.status_code == 200, r.text
    assert [s["id"] for s in r.json()] == [d.id] and r.json()[0]["backlog_order"] == 2
    assert r.headers["Taiga-Info-Order-Updated"] == f'{{"{b.id}": 3, "{c.id}": 4, "{d.id}": 2}}'
    assert rows(world, project, "backlog_order") == {a.id: 1, b.id: 3, c.id: 4, d.id: 2}
    updates = [s for s in query_counter if s.lstrip().upper().startswith("UPDATE WORK_ITEMS")]
    assert len(updates) <= 3
    assert story_entries(world, d.id)[-1] == {"backlog_order": [4, 2]}
    listed = client.get(URL, params={"project": project.id}, headers=world.auth(owner)).json()
    assert [s["id"] for s in listed] == [a.id, d.id, b.id, c.id]


def test_a_positions_answer_shows_the_stored_stories_and_a_new_order_is_no_edit(client, team):
    world, project, owner, *_ = team
    a, b, c = (world.item(owner, STORY, project, backlog_order=i) for i in (1, 2, 3))
    h = world.auth(owner)
    before = {s["id"]: s for s in client.get(URL, params={"project": project.id}, headers=h).json()}
    client.patch(f"{URL}/{c.id}", json={"description": "**Why**", "version": c.version}, headers=h)
    stored = client.get(f"{URL}/{c.id}", headers=h).json()
    body = {"project_id": project.id, "bulk_stories": [{"us_id": c.id, "order": 1}]}
    r = client.post(BACKLOG, json=body, headers=h)
    assert r.status_code == 200, r.text
    [answer] = r.json()
    assert answer["backlog_order"] == 1 and answer["description_html"] == "<p><strong>Why</strong></p>\n"
    assert answer["version"] == stored["version"] and answer["modified_date"] == stored["modified_date"]
    after = {s["id"]: s for s in client.get(URL, params={"project": project.id}, headers=h).json()}
    assert [after[i]["backlog_order"] for i in (a.id, b.id)] == [2, 3]  # both shifted
    assert all(after[i]["modified_date"] == before[i]["modified_date"] for i in (a.id, b.id))


def test_reorders_reject_bad_input_without_writing(client, team):
    world, project, owner, member, outsider = team
    a, b = world.item(owner, STORY, project, backlog_order=1), world.item(owner, STORY, project, backlog_order=2)
    other = world.project(outsider)
    foreign = world.item(outsider, STORY, other)
    h = world.auth(owner)
    cases = [
        ({"bulk_stories": [{"us_id": a.id, "order": -1}]}, "bulk_stories"),
        ({"bulk_stories": [{"us_id": a.id, "order": "x"}]}, "bulk_stories"),
        ({"bulk_stories": [{"us_id": a.id, "order": 5}, {"us_id": foreign.id, "order": 1}]}, "bulk_stories"),
        ({"bulk_userstories": [a.id, foreign.id]}, "bulk_userstories"),
        ({"bulk_userstories": [a.id], "milestone_id": 999999}, "milestone_id"),
        ({"bulk_userstories": [a.id], "after_userstory_id": b.id, "before_userstory_id": b.id}, "before_userstory_id"),
        ({"bulk_userstories": [a.id], "after_userstory_id": foreign.id}, "after_userstory_id"),
        ({"project_id": 999999, "bulk_userstories": [a.id]}, "project_id"),
        ({}, "bulk_userstories"),
    ]
    for body, field in cases:
        r = client.post(BACKLOG, json={"project_id": project.id} | body, headers=h)
        assert r.status_code == 400 and field in r.json(), (body, r.text)
    assert rows(world, project, "backlog_order") == {a.id: 1, b.id: 2}
    body = {"project_id": project.id, "bulk_userstories": [b.id]}
    assert client.post(BACKLOG, json=body).status_code == 404  # private project, anonymous
    assert client.post(BACKLOG, json=body, headers=world.auth(outsider)).status_code == 404
    stakeholder = world.user()
    world.member(project, stakeholder, role_slug="stakeholder")
    assert client.post(BACKLOG, json=body, headers=world.auth(stakeholder)).status_code == 403


def test_client_drop_in_backlog_and_into_a_sprint(client, team):
    world, project, owner, *_ = team
    a, b, c = (world.item(owner, STORY, project, backlog_order=i) for i in (1, 2, 3))
    task = world.run(lambda ctx: service.create_item(ctx, TASK, project.id, ItemChanges(
        {"subject": "t", "parent_id": c.id})), owner)  # fmt: skip
    h = world.auth(owner)
    r = client.post(BACKLOG, json={"project_id": project.id, "bulk_userstories": [c.id], "before_userstory_id": b.id},
                    headers=h)  # fmt: skip
    assert r.status_code == 200
    assert r.json() == [{"id": c.id, "milestone": None, "backlog_order": 2}, {"id": b.id, "milestone": None,
                                                                              "backlog_order": 3}]  # fmt: skip
    assert rows(world, project, "backlog_order") == {a.id: 1, b.id: 3, c.id: 2}
    top = client.post(BACKLOG, json={"project_id": project.id, "bulk_userstories": [b.id]}, headers=h).json()
    assert [(x["id"], x["backlog_order"]) for x in top] == [(b.id, 1), (a.id, 2), (c.id, 3)]
    sprint = make_sprint(world, project)
    body = {"project_id": project.id, "milestone_id": sprint.id, "bulk_userstories": [c.id, a.id]}
    moved = client.post(BACKLOG, json=body, headers=h)
    assert moved.status_code == 200
    assert moved.json() == [{"id": c.id, "milestone": sprint.id, "sprint_order": 1},
                            {"id": a.id, "milestone": sprint.id, "sprint_order": 2}]  # fmt: skip
    assert rows(world, project, "sprint_id") == {a.id: sprint.id, b.id: None, c.id: sprint.id}
    assert world.run(lambda ctx: ctx.session.get(WorkItem, task.id)).sprint_id == sprint.id
    assert story_entries(world, c.id)[-1]["sprint_id"] == [None, sprint.id]
    after = {
        "project_id": project.id,
        "milestone_id": sprint.id,
        "bulk_userstories": [c.id],
        "after_userstory_id": a.id,
    }
    sprint_order = client.post(f"{URL}/bulk_update_sprint_order", json=after, headers=h)
    assert sprint_order.status_code == 200
    assert rows(world, project, "sprint_order")[c.id] == 3


def test_client_drop_in_kanban(client, team):
    world, project, owner, *_ = team
    _, _, statuses = project_values(world, project)
    a = world.item(owner, STORY, project, kanban_order=1, status_id=statuses["done"])
    b = world.item(owner, STORY, project, kanban_order=5)
    h = world.auth(owner)
    body = {"project_id": project.id, "status_id": statuses["done"], "bulk_userstories": [b.id],
            "after_userstory_id": a.id}  # fmt: skip
    r = client.post(KANBAN, json=body, headers=h)
    assert r.status_code == 200, r.text
    assert r.json() == [{"id": b.id, "status": statuses["done"], "swimlane": None, "kanban_order": 2}]
    moved = world.run(lambda ctx: ctx.session.get(WorkItem, b.id))
    assert moved.status_id == statuses["done"] and moved.is_closed and moved.version == 2
    assert story_entries(world, b.id)[-1]["status_id"] == [statuses["new"], statuses["done"]]
    assert client.post(KANBAN, json=body | {"status_id": 999999}, headers=h).json().keys() == {"status_id"}
    assert client.post(KANBAN, json=body | {"swimlane_id": 999999}, headers=h).json().keys() == {"swimlane_id"}
    no_status = {"project_id": project.id, "bulk_userstories": [b.id]}
    assert client.post(KANBAN, json=no_status, headers=h).json().keys() == {"status_id"}
    documented = {"project_id": project.id, "bulk_stories": [{"us_id": a.id, "order": 9}]}
    assert client.post(KANBAN, json=documented, headers=h).status_code == 200
    assert rows(world, project, "kanban_order") == {a.id: 9, b.id: 2}


def test_bulk_update_milestone(client, team):
    world, project, owner, member, _ = team
    sprint = make_sprint(world, project)
    inside = world.item(owner, STORY, project, sprint_id=sprint.id, sprint_order=1)
    a, b = world.item(owner, STORY, project), world.item(owner, STORY, project)
    task = world.run(lambda ctx: service.create_item(ctx, TASK, project.id, ItemChanges(
        {"subject": "t", "parent_id": a.id})), owner)  # fmt: skip
    body = {"project_id": project.id, "milestone_id": sprint.id,
            "bulk_stories": [{"us_id": a.id, "order": 1}, {"us_id": b.id, "order": 2}]}  # fmt: skip
    r = client.post(f"{URL}/bulk_update_milestone", json=body, headers=world.auth(member))
    assert r.status_code == 204
    assert rows(world, project, "sprint_id") == {inside.id: sprint.id, a.id: sprint.id, b.id: sprint.id}
    assert rows(world, project, "sprint_order") == {inside.id: 3, a.id: 1, b.id: 2}
    assert world.run(lambda ctx: ctx.session.get(WorkItem, task.id)).sprint_id == sprint.id
    assert story_entries(world, a.id)[-1]["sprint_id"] == [None, sprint.id]
    other = make_sprint(world, world.project(world.user()), name="Elsewhere")
    bad = client.post(f"{URL}/bulk_update_milestone", json=body | {"milestone_id": other.id}, headers=world.auth(owner))
    assert bad.status_code == 400 and "milestone_id" in bad.json()


def test_a_drop_near_the_top_writes_only_up_to_the_first_gap(client, team, query_counter):
    world, project, owner, *_ = team
    h = world.auth(owner)

    def backlog_with(orders):
        made = [world.item(owner, STORY, project, backlog_order=o) for o in orders]
        return [s.id for s in made]

    def drop(ids, before):
        query_counter.clear()
        body = {"project_id": project.id, "bulk_userstories": ids, "before_userstory_id": before}
        r = client.post(BACKLOG, json=body, headers=h)
        assert r.status_code == 200, r.text
        return r.json(), len(query_counter)

    gapped = backlog_with(range(10, 310, 10))  # 30 stories, 10 apart
    stamps = dict(world.run(lambda ctx: ctx.session.execute(select(WorkItem.id, WorkItem.modified_date)).all()))
    start = rows(world, project, "backlog_order")
    answer, queries = drop(gapped[-3:], gapped[1])
    assert [(x["id"], x["backlog_order"]) for x in answer] == [  # the pushed story below the next, room for 3
        (gapped[-3], 20), (gapped[-2], 21), (gapped[-1], 22), (gapped[1], 26)]  # fmt: skip
    after = rows(world, project, "backlog_order")
    assert {i for i in after if after[i] != start[i]} == {*gapped[-3:], gapped[1]}
    assert sorted(after, key=lambda i: (after[i], i)) == [gapped[0], *gapped[-3:], *gapped[1:-3]]  # Taiga's ordering
    now = dict(world.run(lambda ctx: ctx.session.execute(select(WorkItem.id, WorkItem.modified_date)).all()))
    assert now == stamps  # a new order is not an edit (Taiga writes the order column alone)
    dense = backlog_with(range(1000, 1030))  # 30 stories in a row: all those after the drop shift
    answer, dense_queries = drop(dense[-3:], dense[0])
    assert len(answer) == 30 and dense_queries == queries
    body = {"project_id": project.id, "bulk_stories": [{"us_id": gapped[5], "order": 30}]}
    r = client.post(BACKLOG, json=body, headers=h)
    assert r.headers["Taiga-Info-Order-Updated"] == f'{{"{gapped[2]}": 38, "{gapped[5]}": 30}}'


def test_a_shift_longer_than_the_first_read_reads_on(client, team, monkeypatch):
    world, project, owner, *_ = team
    monkeypatch.setattr(story_orders, "FIRST_PAGE", 2)  # the cell is read 2, 4, 8, 16 ... rows at a time
    dense = [world.item(owner, STORY, project, backlog_order=o).id for o in range(100, 130)]
    body = {"project_id": project.id, "bulk_userstories": dense[-3:], "before_userstory_id": dense[0]}
    r = client.post(BACKLOG, json=body, headers=world.auth(owner))
    assert r.status_code == 200, r.text
    assert [(x["id"], x["backlog_order"]) for x in r.json()] == [
        (i, 100 + n) for n, i in enumerate([*dense[-3:], *dense[:-3]])]  # fmt: skip
    after = rows(world, project, "backlog_order")
    assert sorted(after, key=lambda i: (after[i], i)) == [*dense[-3:], *dense[:-3]]
    outbox = world.run(lambda ctx: ctx.session.execute(
        select(OutboxEvent.topic, ChangeEntry.target_id).join(ChangeEntry, ChangeEntry.id == OutboxEvent.change_id)
        .where(ChangeEntry.target_id.in_(dense[-3:]), ChangeEntry.action == "change")).all())  # fmt: skip
    assert sorted(outbox) == sorted(("story.change", i) for i in dense[-3:])  # one event per moved story


def test_positions_next_to_a_tie_give_taigas_ordering(client, team):
    """A story moved back from an order another story shares: Taiga's one-by-one shifts tie the stories
    after it, and ids break the ties, so the whole list is read."""
    world, project, owner, *_ = team
    a, b, c, d = (world.item(owner, STORY, project, backlog_order=o).id for o in (0, 74, 74, 73))
    body = {"project_id": project.id, "bulk_stories": [{"us_id": a, "order": 0}, {"us_id": b, "order": 0}]}
    r = client.post(BACKLOG, json=body, headers=world.auth(owner))
    assert r.status_code == 200, r.text
    after = rows(world, project, "backlog_order")
    assert sorted(after, key=lambda i: (after[i], i)) == [a, b, c, d]  # d (73) now after c: both at 75 for Taiga


def test_moves_to_the_same_spot_push_only_the_stories_moved_there_before(client, team, query_counter):
    """The stories pushed after the moved ones go just below the next story, so moving stories to one spot
    again and again writes the same number of rows each time while that gap lasts, not more and more (as
    one-by-one shifts do)."""
    world, project, owner, *_ = team
    h = world.auth(owner)
    backlog = [world.item(owner, STORY, project, backlog_order=10**6 * n).id for n in range(1, 41)]
    written, top = [], backlog[0]
    for n in range(6):
        moved = backlog[-3 * (n + 1) :][:3]
        if n % 2:
            body = {"project_id": project.id, "bulk_userstories": moved, "before_userstory_id": top}
        else:
            body = {"project_id": project.id, "bulk_stories": [{"us_id": s, "order": 10**6 + i} for i, s in
                                                               enumerate(moved)]}  # fmt: skip
        start = rows(world, project, "backlog_order")
        assert client.post(BACKLOG, json=body, headers=h).status_code == 200
        after = rows(world, project, "backlog_order")
        written.append(len([i for i in after if after[i] != start[i]]))
        assert sorted(after, key=lambda i: (after[i], i))[:3] == moved
        top = moved[0]
    assert written[1:] == [6] * 5  # the 3 moved and the 3 moved there before
