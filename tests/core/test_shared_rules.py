"""The business rules every API shares, through the core (no wire): optimistic concurrency, one ref
sequence per project across kinds, visibility of private projects, and what a deleted project takes
with it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from planyard.core.projects import service as projects
from planyard.core.work_items import epic_stories, social
from planyard.core.work_items import service as items
from planyard.core.work_items.kinds import EPIC, ISSUE, KINDS, STORY, TASK
from planyard.core.work_items.queries import items_query
from planyard.kit.errors import NotFound, VersionConflict
from planyard.models import RolePoints, Vote, Watch, WorkItem, WorkItemAssignee, WorkItemLink

EVERY_KIND = list(KINDS.values())


def _edit(world, actor, kind, item, version, **fields):
    changes = items.ItemChanges(fields)
    return world.run(lambda ctx: items.update_item(ctx, kind, item.id, changes, version), actor=actor)


@pytest.mark.parametrize("kind", EVERY_KIND, ids=lambda kind: kind.name)
def test_a_stale_version_is_refused_only_for_the_fields_changed_since(team, kind):
    world, project, owner, member, _ = team
    item = world.item(owner, kind, project)
    assert _edit(world, member, kind, item, 1, subject="First").version == 2
    with pytest.raises(VersionConflict):
        _edit(world, owner, kind, item, 1, subject="Second")
    assert _edit(world, owner, kind, item, 1, description="untouched since 1").version == 3
    with pytest.raises(VersionConflict):
        _edit(world, owner, kind, item, 9, subject="From the future")
    assert _edit(world, owner, kind, item, None, subject="No version, no check").version == 4


def test_refs_are_one_sequence_per_project_shared_by_every_kind(team):
    world, project, owner, *_ = team
    made = [world.item(owner, kind, project) for kind in (EPIC, STORY, TASK, ISSUE, EPIC)]
    assert [item.ref for item in made] == [1, 2, 3, 4, 5]
    world.run(lambda ctx: items.delete_item(ctx, ISSUE, made[3].id), actor=owner)
    assert world.item(owner, STORY, project).ref == 6  # a deleted item's ref is not given again
    assert world.item(owner, TASK, world.project(owner)).ref == 1


def test_a_private_project_and_its_items_are_invisible_to_outsiders_and_anonymous(team):
    world, project, owner, member, outsider = team
    story = world.item(owner, STORY, project)
    public = world.project(owner, private=False)
    open_story = world.item(owner, STORY, public)

    def visible(actor):
        project_ids = world.run(lambda ctx: set(ctx.session.scalars(projects.visible_projects(ctx)).all()), actor)
        story_ids = world.run(lambda ctx: {i.id for i in ctx.session.scalars(items_query(ctx, STORY))}, actor)
        return {p.id for p in project_ids}, story_ids

    assert visible(member) == ({project.id, public.id}, {story.id, open_story.id})
    for stranger in (outsider, None):
        assert visible(stranger) == ({public.id}, {open_story.id})
        with pytest.raises(NotFound):
            world.run(lambda ctx: projects.get_project(ctx, project.id), actor=stranger)
        with pytest.raises(NotFound):
            world.run(lambda ctx: items.get_item(ctx, STORY, story.id), actor=stranger)


def test_deleting_a_project_takes_its_items_and_what_hangs_off_them(team):
    world, project, owner, member, _ = team
    epic = world.item(owner, EPIC, project)
    story = world.item(owner, STORY, project, assignees=[member.id], watchers=[member.id])
    world.item(owner, TASK, project, parent_id=story.id)
    world.run(lambda ctx: epic_stories.create_link(ctx, epic.id, story.id, None), actor=owner)
    world.run(lambda ctx: social.add(ctx, STORY, story.id, Vote), actor=owner)
    kept = world.item(owner, STORY, world.project(owner))

    world.run(lambda ctx: projects.delete_project(ctx, project.id), actor=owner)

    def count(model, column, ids):
        return world.run(lambda ctx: ctx.session.scalar(select(func.count()).select_from(model).where(column.in_(ids))))

    gone = [epic.id, story.id]
    assert count(WorkItem, WorkItem.project_id, [project.id]) == 0
    assert count(WorkItemAssignee, WorkItemAssignee.work_item_id, gone) == 0
    assert count(RolePoints, RolePoints.work_item_id, gone) == 0
    assert count(WorkItemLink, WorkItemLink.from_id, gone) + count(WorkItemLink, WorkItemLink.to_id, gone) == 0
    with pytest.raises(NotFound):
        world.run(lambda ctx: items.get_item(ctx, STORY, story.id), actor=owner)
    listed = world.run(lambda ctx: {i.id for i in ctx.session.scalars(items_query(ctx, STORY))}, actor=member)
    assert listed == {kept.id}  # nothing of it shows, even to its former member
    new = world.item(owner, STORY, world.project(owner))
    assert new.id not in gone and kept.id not in gone  # ids are never given again
    assert world.run(lambda ctx: ctx.session.scalars(social.users_query(ctx, STORY, new.id, Watch)).all()) == []
    assert world.run(lambda ctx: ctx.session.scalars(social.users_query(ctx, STORY, new.id, Vote)).all()) == []
