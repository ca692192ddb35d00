"""Rows that hang on an item, through the core: checklists, time entries, blockers (in step with Taiga's
is_blocked / blocked_note) and relations; each write logged under its own target type, each row gone
with its item or project."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from planyard.core.projects.service import delete_project
from planyard.core.work_items import blockers, checklists, relations, service, time_entries
from planyard.core.work_items.checklists import NewCheckItem
from planyard.core.work_items.kinds import STORY, TASK
from planyard.core.work_items.service import ItemChanges
from planyard.core.work_items.time_entries import NewTimeEntry
from planyard.kit.errors import Forbidden, Invalid, NotFound
from planyard.models import Blocker, ChangeEntry, Checklist, ChecklistItem, TimeEntry, WorkItem, WorkItemLink


def create(world, actor, kind, project, **fields):
    changes = ItemChanges(fields={"subject": "Something", **fields})
    return world.run(lambda ctx: service.create_item(ctx, kind, project.id, changes), actor=actor)


def logged(world, target_type):
    stmt = select(ChangeEntry.action, ChangeEntry.target_id).where(ChangeEntry.target_type == target_type)
    return world.run(lambda ctx: ctx.session.execute(stmt.order_by(ChangeEntry.id)).all())


def count(world, model, *where):
    return world.run(lambda ctx: ctx.session.scalar(select(func.count()).select_from(model).where(*where)))


def test_checklists_and_their_items_in_order(team):
    world, project, owner, member, outsider = team
    story = create(world, owner, STORY, project)
    first = world.run(lambda ctx: checklists.create_checklist(ctx, story.id, "Before release"), actor=member)
    second = world.run(lambda ctx: checklists.create_checklist(ctx, story.id, "After", order=0.5), actor=member)
    done = world.run(lambda ctx: checklists.add_check_item(ctx, first.id, NewCheckItem("Docs", checked=True)),
                     actor=member)  # fmt: skip
    later = NewCheckItem("Tests", due_date=date(2027, 1, 2), responsible_id=owner.id)
    todo = world.run(lambda ctx: checklists.add_check_item(ctx, first.id, later), actor=member)
    assert done.checked and done.checked_by_id == member.id and done.checked_at is not None
    assert (done.order, todo.order) == (1, 2)
    listed = world.run(lambda ctx: checklists.list_checklists(ctx, story.id), actor=owner)
    assert [c.checklist.name for c in listed] == ["After", "Before release"]
    assert [i.text for i in listed[1].items] == ["Docs", "Tests"] and listed[0].items == []
    world.run(lambda ctx: checklists.update_check_item(ctx, done.id, {"checked": False, "text": "Docs!"}),
              actor=member)  # fmt: skip
    world.run(lambda ctx: checklists.update_checklist(ctx, second.id, {"name": "Later"}), actor=member)
    listed = world.run(lambda ctx: checklists.list_checklists(ctx, story.id), actor=owner)
    unchecked = listed[1].items[0]
    assert (unchecked.text, unchecked.checked, unchecked.checked_at) == ("Docs!", False, None)
    assert listed[0].checklist.name == "Later"
    world.run(lambda ctx: checklists.delete_checklist(ctx, first.id), actor=member)
    assert count(world, ChecklistItem) == 0 and count(world, Checklist) == 1
    assert [a for a, _ in logged(world, "checklist")] == ["create", "create", "change", "delete"]
    assert [a for a, _ in logged(world, "checklist_item")] == ["create", "create", "change"]


def test_checklists_need_the_items_permissions_and_sane_values(team):
    world, project, owner, member, outsider = team
    story = create(world, owner, STORY, project)
    with pytest.raises(NotFound):
        world.run(lambda ctx: checklists.list_checklists(ctx, story.id), actor=outsider)
    with pytest.raises(NotFound):
        world.run(lambda ctx: checklists.create_checklist(ctx, story.id, "x"), actor=outsider)
    with pytest.raises(Invalid):
        world.run(lambda ctx: checklists.create_checklist(ctx, story.id, "  "), actor=owner)
    checklist = world.run(lambda ctx: checklists.create_checklist(ctx, story.id, "x"), actor=owner)
    stranger = NewCheckItem("t", responsible_id=outsider.id)
    with pytest.raises(Invalid) as error:
        world.run(lambda ctx: checklists.add_check_item(ctx, checklist.id, stranger), actor=owner)
    assert "responsible_id" in error.value.fields
    viewer = world.user()
    world.member(project, viewer, role_slug="back")
    world.run(lambda ctx: _drop_permission(ctx, project.id, "modify_us"))
    with pytest.raises(Forbidden):
        world.run(lambda ctx: checklists.create_checklist(ctx, story.id, "y"), actor=viewer)


def _drop_permission(ctx, project_id, permission):
    from planyard.models import Role

    for role in ctx.session.scalars(select(Role).where(Role.project_id == project_id)):
        role.permissions = [p for p in role.permissions if p != permission]


def test_time_entries_log_minutes_of_members(team):
    world, project, owner, member, outsider = team
    task = create(world, owner, TASK, project)
    logged_time = world.run(lambda ctx: time_entries.log_time(
        ctx, task.id, NewTimeEntry(minutes=90, date=date(2026, 12, 1), comment="pairing")), actor=member)  # fmt: skip
    assert (logged_time.user_id, logged_time.author_id, logged_time.project_id) == (member.id, member.id, project.id)
    for bad in ({"minutes": 0}, {"minutes": "10"}, {"user_id": outsider.id}, {"role_id": 999999}):
        with pytest.raises(Invalid):
            world.run(lambda ctx, bad=bad: time_entries.update_time_entry(ctx, logged_time.id, bad), actor=member)
    world.run(lambda ctx: time_entries.log_time(ctx, task.id, NewTimeEntry(15, date(2026, 11, 30), user_id=owner.id)),
              actor=member)  # fmt: skip
    world.run(lambda ctx: time_entries.update_time_entry(ctx, logged_time.id, {"minutes": 60, "comment": None}),
              actor=member)  # fmt: skip
    entries = world.run(lambda ctx: time_entries.list_time_entries(ctx, task.id), actor=owner)
    assert [(e.date, e.minutes, e.user_id, e.comment) for e in entries] == [
        (date(2026, 11, 30), 15, owner.id, ""), (date(2026, 12, 1), 60, member.id, "")]  # fmt: skip
    with pytest.raises(NotFound):
        world.run(lambda ctx: time_entries.list_time_entries(ctx, task.id), actor=outsider)
    world.run(lambda ctx: time_entries.delete_time_entry(ctx, logged_time.id), actor=member)
    assert [a for a, _ in logged(world, "time_entry")] == ["create", "create", "change", "delete"]


def item_flags(world, item_id):
    item = world.run(lambda ctx: ctx.session.get(WorkItem, item_id))
    return item.is_blocked, item.blocked_note, item.version


def open_reasons(world, item_id):
    stmt = select(Blocker.reason).where(Blocker.work_item_id == item_id, Blocker.released_at.is_(None))
    return world.run(lambda ctx: list(ctx.session.scalars(stmt.order_by(Blocker.id))))


def test_a_taiga_block_opens_a_blocker_and_an_unblock_releases_them(team):
    world, project, owner, *_ = team
    story = create(world, owner, STORY, project, is_blocked=True, blocked_note="waiting for legal")
    assert open_reasons(world, story.id) == ["waiting for legal"]

    def edit(fields):
        world.run(lambda ctx: service.update_item(ctx, STORY, story.id, ItemChanges(fields)), actor=owner)

    edit({"blocked_note": "waiting for the vendor"})
    assert open_reasons(world, story.id) == ["waiting for the vendor"]
    edit({"is_blocked": False, "blocked_note": ""})
    assert open_reasons(world, story.id) == []
    released = world.run(lambda ctx: ctx.session.scalar(select(Blocker)))
    assert released.released_at is not None and released.released_by_id == owner.id
    edit({"subject": "no flag touched"})
    assert count(world, Blocker) == 1
    assert logged(world, "blocker") == []  # the item's own change entries are the whole log of a Taiga write


def test_core_blockers_move_the_taiga_flags(team):
    world, project, owner, member, _ = team
    story = create(world, owner, STORY, project)
    other = create(world, owner, TASK, project)
    first = world.run(lambda ctx: blockers.open_blocker(ctx, story.id, "needs design", blocking_item_id=other.id),
                      actor=member)  # fmt: skip
    assert item_flags(world, story.id) == (True, "needs design", 2)
    second = world.run(lambda ctx: blockers.open_blocker(ctx, story.id, "needs budget"), actor=member)
    assert item_flags(world, story.id) == (True, "needs budget", 3)
    world.run(lambda ctx: blockers.release_blocker(ctx, second.id), actor=member)
    assert item_flags(world, story.id) == (True, "needs design", 4)
    with pytest.raises(Invalid):
        world.run(lambda ctx: blockers.release_blocker(ctx, second.id), actor=member)
    world.run(lambda ctx: blockers.update_blocker(ctx, first.id, "needs a designer"), actor=member)
    assert item_flags(world, story.id)[:2] == (True, "needs a designer")
    world.run(lambda ctx: blockers.delete_blocker(ctx, first.id), actor=member)
    assert item_flags(world, story.id) == (False, "", 6)
    assert [b.reason for b in world.run(lambda ctx: blockers.list_blockers(ctx, story.id), actor=owner)] == [
        "needs budget"]  # fmt: skip
    changes = world.run(lambda ctx: ctx.session.scalars(select(ChangeEntry.diff).where(
        ChangeEntry.target_type == "story", ChangeEntry.target_id == story.id, ChangeEntry.action == "change")
        .order_by(ChangeEntry.id)).all())  # fmt: skip
    assert changes[0] == {"is_blocked": [False, True], "blocked_note": ["", "needs design"]}
    assert changes[-1] == {"is_blocked": [True, False], "blocked_note": ["needs a designer", ""]}
    with pytest.raises(Invalid):
        world.run(lambda ctx: blockers.open_blocker(ctx, story.id, "self", blocking_item_id=story.id), actor=member)


def test_dependencies_never_close_a_cycle_and_relations_are_undirected(team):
    world, project, owner, member, outsider = team
    a, b, c = (create(world, owner, STORY, project) for _ in range(3))
    elsewhere = create(world, owner, STORY, world.project(owner))

    def relate(x, y, kind):
        return world.run(lambda ctx: relations.relate(ctx, x.id, y.id, kind), actor=owner)

    relate(a, b, "depends_on")
    relate(b, c, "depends_on")
    for x, y in ((c, a), (b, a), (a, a)):
        with pytest.raises(Invalid):
            relate(x, y, "depends_on")
    with pytest.raises(Invalid):
        relate(a, elsewhere, "depends_on")
    with pytest.raises(Invalid):
        relate(a, b, "blocks")
    link = relate(c, a, "relates")
    with pytest.raises(Invalid):
        relate(a, c, "relates")
    listed = world.run(lambda ctx: relations.list_relations(ctx, a.id), actor=member)
    assert [(x.kind, x.from_id, x.to_id) for x in listed] == [("depends_on", a.id, b.id), ("relates", c.id, a.id)]
    with pytest.raises(NotFound):
        world.run(lambda ctx: relations.list_relations(ctx, a.id), actor=outsider)
    world.run(lambda ctx: relations.unrelate(ctx, link.id), actor=owner)
    assert [a_ for a_, _ in logged(world, "work_item_link")] == ["create", "create", "create", "delete"]


def test_rows_go_with_their_item_and_project(team):
    world, project, owner, *_ = team
    story, other = create(world, owner, STORY, project), create(world, owner, STORY, project)
    world.run(lambda ctx: checklists.add_check_item(
        ctx, checklists.create_checklist(ctx, story.id, "c").id, NewCheckItem("i")), actor=owner)  # fmt: skip
    world.run(lambda ctx: time_entries.log_time(ctx, story.id, NewTimeEntry(5, date(2026, 12, 1))), actor=owner)
    world.run(lambda ctx: blockers.open_blocker(ctx, story.id, "r"), actor=owner)
    world.run(lambda ctx: blockers.open_blocker(ctx, other.id, "by story", blocking_item_id=story.id), actor=owner)
    world.run(lambda ctx: relations.relate(ctx, other.id, story.id, "depends_on"), actor=owner)
    world.run(lambda ctx: service.delete_item(ctx, STORY, story.id), actor=owner)
    for model in (Checklist, ChecklistItem, TimeEntry, WorkItemLink):
        assert count(world, model) == 0, model
    assert world.run(lambda ctx: ctx.session.execute(select(Blocker.work_item_id, Blocker.blocking_item_id)).all()) == [
        (other.id, None)]  # fmt: skip
    world.run(lambda ctx: time_entries.log_time(ctx, other.id, NewTimeEntry(5, date(2026, 12, 1))), actor=owner)
    world.run(lambda ctx: delete_project(ctx, project.id), actor=owner)
    assert count(world, Blocker) == 0 and count(world, TimeEntry) == 0
