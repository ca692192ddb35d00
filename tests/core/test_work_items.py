"""The work-item core: shared refs, status-driven closing, OCC, tags, links, permissions."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from planyard.core.tags import store as tag_store
from planyard.core.work_items import service
from planyard.core.work_items.kinds import ISSUE, STORY, TASK
from planyard.core.work_items.queries import items_query
from planyard.core.work_items.service import ItemChanges
from planyard.kit.errors import Forbidden, Invalid, NotFound, VersionConflict
from planyard.models import Project, RolePoints, Status, WorkItem


def test_refs_are_one_sequence_per_project_across_kinds(team):
    world, project, owner, *_ = team
    other = world.project(owner)
    refs = [world.item(owner, kind, project).ref for kind in (STORY, TASK, ISSUE, STORY)]
    assert refs == [1, 2, 3, 4]
    assert world.item(owner, STORY, other).ref == 1


@pytest.mark.real_db
def test_refs_stay_unique_under_concurrent_creation(team):
    world, project, owner, *_ = team
    with ThreadPoolExecutor(max_workers=6) as pool:
        refs = list(pool.map(lambda _: world.item(owner, ISSUE, project).ref, range(24)))
    assert sorted(refs) == list(range(1, 25))


def test_new_items_get_the_project_defaults(team):
    world, project, owner, *_ = team
    story = world.item(owner, STORY, project)
    issue = world.item(owner, ISSUE, project)
    uow = world.session()
    fresh = uow.session.get(Project, project.id)
    assert story.status_id == fresh.default_us_status_id and story.owner_id == owner.id
    assert (issue.type_id, issue.priority_id, issue.severity_id) == (
        fresh.default_issue_type_id, fresh.default_priority_id, fresh.default_severity_id)  # fmt: skip
    points = uow.session.scalars(select(RolePoints).where(RolePoints.work_item_id == story.id)).all()
    assert len(points) == 4 and {p.points_id for p in points} == {fresh.default_points_id}
    uow.close()


def test_closing_follows_the_status(team):
    world, project, owner, *_ = team
    story = world.item(owner, STORY, project)
    uow = world.session()
    done = uow.session.scalar(select(Status).where(Status.project_id == project.id, Status.kind == "story",
                                                   Status.slug == "done"))  # fmt: skip
    uow.close()
    closed = world.run(lambda ctx: service.update_item(ctx, STORY, story.id, ItemChanges({"status_id": done.id})),
                       actor=owner)  # fmt: skip
    assert closed.is_closed and closed.finish_date is not None and closed.version == 2
    reopened = world.run(lambda ctx: service.update_item(
        ctx, STORY, story.id, ItemChanges({"status_id": story.status_id})), actor=owner)  # fmt: skip
    assert not reopened.is_closed and reopened.finish_date is None


def test_occ_on_items(team):
    world, project, owner, member, _ = team
    story = world.item(owner, STORY, project)
    edit = lambda fields, version: world.run(  # noqa: E731
        lambda ctx: service.update_item(ctx, STORY, story.id, ItemChanges(fields), version), actor=member
    )
    assert edit({"subject": "A"}, 1).version == 2
    with pytest.raises(VersionConflict):
        edit({"subject": "B"}, 1)
    assert edit({"description": "other field"}, 1).version == 3


def test_references_must_belong_to_the_project(team):
    world, project, owner, *_ = team
    other = world.project(owner)
    foreign = world.item(owner, STORY, other)
    uow = world.session()
    foreign_status = uow.session.scalar(select(Status.id).where(Status.project_id == other.id))
    task_status = uow.session.scalar(select(Status.id).where(Status.project_id == project.id, Status.kind == "task"))
    uow.close()
    cases = (
        (TASK, {"status_id": foreign_status}),
        (STORY, {"status_id": task_status}),
        (TASK, {"parent_id": foreign.id}),
        (ISSUE, {"assigned_to_id": 999999}),
    )
    for kind, fields in cases:
        with pytest.raises(Invalid) as info:
            world.item(owner, kind, project, **fields)
        assert set(fields) <= set(info.value.fields)  # fmt: skip
    uow = world.session()
    assert uow.session.scalars(select(WorkItem).where(WorkItem.project_id == project.id)).all() == []
    uow.close()


def test_tags_are_normalised_and_join_the_project_colors(team):
    world, project, owner, *_ = team
    item = world.item(owner, ISSUE, project, tags=["Backend", ["ux", "#ff0000"], "backend"])
    uow = world.session()
    assert tag_store.item_tag_names(uow.session, item.id) == ["backend", "ux"]
    assert dict(tag_store.pairs(tag_store.palette(uow.session, project.id))) == {"backend": None, "ux": "#ff0000"}
    uow.close()


def test_permissions_by_kind(team):
    world, project, owner, member, outsider = team
    story = world.item(member, STORY, project)
    with pytest.raises(Invalid):
        world.item(outsider, STORY, project)
    with pytest.raises(NotFound):
        world.run(lambda ctx: service.get_item(ctx, STORY, story.id), actor=outsider)
    world.member(project, outsider, role_slug="stakeholder")
    with pytest.raises(Forbidden):
        world.run(lambda ctx: service.update_item(ctx, STORY, story.id, ItemChanges({"subject": "x"})), actor=outsider)
    commented = world.run(lambda ctx: service.update_item(ctx, STORY, story.id, ItemChanges(comment="hello")),
                          actor=outsider)  # fmt: skip
    assert commented.version == 2
    ids = world.run(lambda ctx: ctx.session.scalars(items_query(ctx, STORY)).all(), actor=outsider)
    assert [i.id for i in ids] == [story.id]
    assert world.run(lambda ctx: ctx.session.scalars(items_query(ctx, STORY)).all()) == []


def test_occ_covers_assignees_and_points(team):
    world, project, owner, member, _ = team
    story = world.item(owner, STORY, project)
    edit = lambda changes, version: world.run(  # noqa: E731
        lambda ctx: service.update_item(ctx, STORY, story.id, changes, version), actor=owner
    )
    assert edit(ItemChanges(assignees=[member.id]), 1).version == 2
    with pytest.raises(VersionConflict):
        edit(ItemChanges(assignees=[owner.id]), 1)
    assert edit(ItemChanges({"subject": "unrelated"}), 1).version == 3
