"""Tags by id through the core (core/tags/service.py): a project's tags with ids and colors in palette
order; create, rename/recolor in place, delete (off its items); a tag put on or taken off an item; the
tags of a page of items loaded in one statement."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planyard.core.tags import service as tags
from planyard.core.tags import store
from planyard.core.work_items import service
from planyard.core.work_items.facts import load_item_facts
from planyard.core.work_items.kinds import ISSUE, STORY
from planyard.core.work_items.service import ItemChanges
from planyard.kit.errors import Forbidden, Invalid, NotFound
from planyard.models import ChangeEntry, WorkItem


def create(world, actor, kind, project, **fields):
    changes = ItemChanges(fields={"subject": "Something", **fields})
    return world.run(lambda ctx: service.create_item(ctx, kind, project.id, changes), actor=actor)


def listed(world, project, actor):
    return [(t.name, t.color) for t in world.run(lambda ctx: tags.list_tags(ctx, project.id), actor=actor)]


def item_tags(world, item):
    return world.run(lambda ctx: store.item_tag_names(ctx.session, item.id))


def test_created_tags_are_listed_with_ids_and_colors_in_order(team):
    world, project, owner, member, outsider = team
    made = [world.run(lambda ctx, n=n, c=c: tags.create_tag(ctx, project.id, n, c), actor=owner)
            for n, c in (("Backend", "#ff0000"), ("ux", None))]  # fmt: skip
    assert listed(world, project, member) == [("Backend", "#ff0000"), ("ux", None)]
    assert [t.id for t in world.run(lambda ctx: tags.list_tags(ctx, project.id), actor=member)] == [m.id for m in made]
    with pytest.raises(NotFound):
        world.run(lambda ctx: tags.list_tags(ctx, project.id), actor=outsider)


@pytest.mark.parametrize(
    ("name", "color", "field"),
    [("ux", None, "name"), ("  ", None, "name"), ("t" * 256, None, "name"), ("new", "red", "color")],
)
def test_create_refuses_a_taken_blank_or_long_name_and_a_bad_color(team, name, color, field):
    world, project, owner, *_ = team
    world.run(lambda ctx: tags.create_tag(ctx, project.id, "ux"), actor=owner)
    with pytest.raises(Invalid) as info:
        world.run(lambda ctx: tags.create_tag(ctx, project.id, name, color), actor=owner)
    assert list(info.value.fields) == [field]
    assert listed(world, project, owner) == [("ux", None)]


def test_only_who_may_modify_the_project_edits_its_tags(team):
    world, project, owner, member, _ = team
    tag = world.run(lambda ctx: tags.create_tag(ctx, project.id, "ux"), actor=owner)
    for write in (lambda ctx: tags.create_tag(ctx, project.id, "api"), lambda ctx: tags.update_tag(ctx, tag.id, "x"),
                  lambda ctx: tags.delete_tag(ctx, tag.id)):  # fmt: skip
        with pytest.raises(Forbidden):
            world.run(write, actor=member)
    assert listed(world, project, owner) == [("ux", None)]


def test_rename_and_recolor_keep_the_tag_in_place_and_on_its_items(team):
    world, project, owner, *_ = team
    story = create(world, owner, STORY, project, tags=["a", "b", "c"])
    b = next(t for t in world.run(lambda ctx: tags.list_tags(ctx, project.id), actor=owner) if t.name == "b")
    world.run(lambda ctx: tags.update_tag(ctx, b.id, name="beta"), actor=owner)
    world.run(lambda ctx: tags.update_tag(ctx, b.id, color="#123456"), actor=owner)
    assert listed(world, project, owner) == [("a", None), ("beta", "#123456"), ("c", None)]
    assert item_tags(world, story) == ["a", "beta", "c"]
    world.run(lambda ctx: tags.update_tag(ctx, b.id, color=None), actor=owner)
    assert listed(world, project, owner)[1] == ("beta", None)
    with pytest.raises(Invalid) as info:
        world.run(lambda ctx: tags.update_tag(ctx, b.id, name="a"), actor=owner)
    assert list(info.value.fields) == ["name"]


def test_each_palette_write_is_in_the_project_history(team):
    world, project, owner, *_ = team
    tag = world.run(lambda ctx: tags.create_tag(ctx, project.id, "ux", "#fff"), actor=owner)
    world.run(lambda ctx: tags.update_tag(ctx, tag.id, name="ui"), actor=owner)
    world.run(lambda ctx: tags.delete_tag(ctx, tag.id), actor=owner)
    diffs = world.run(lambda ctx: list(ctx.session.scalars(select(ChangeEntry.diff).where(
        ChangeEntry.target_type == "project", ChangeEntry.action == "change").order_by(ChangeEntry.id))))  # fmt: skip
    assert diffs == [{"tags_colors": [[], [["ux", "#fff"]]]}, {"tags_colors": [[["ux", "#fff"]], [["ui", "#fff"]]]},
                     {"tags_colors": [[["ui", "#fff"]], []]}]  # fmt: skip


def test_delete_takes_the_tag_off_every_item(team):
    world, project, owner, *_ = team
    first = create(world, owner, STORY, project, tags=["a", "b"])
    second = create(world, owner, ISSUE, project, tags=["b"])
    b = next(t for t in world.run(lambda ctx: tags.list_tags(ctx, project.id), actor=owner) if t.name == "b")
    world.run(lambda ctx: tags.delete_tag(ctx, b.id), actor=owner)
    assert (item_tags(world, first), item_tags(world, second)) == (["a"], [])
    with pytest.raises(NotFound):
        world.run(lambda ctx: tags.delete_tag(ctx, b.id), actor=owner)


def test_a_tag_goes_on_an_item_at_the_end_once_and_comes_off(team):
    world, project, owner, member, _ = team
    story = create(world, owner, STORY, project, tags=["a"])
    ux = world.run(lambda ctx: tags.create_tag(ctx, project.id, "ux"), actor=owner)
    for _ in range(2):
        world.run(lambda ctx: tags.add_item_tag(ctx, story.id, ux.id), actor=member)
    assert item_tags(world, story) == ["a", "ux"]
    item = world.run(lambda ctx: tags.remove_item_tag(ctx, story.id, ux.id), actor=member)
    assert item_tags(world, story) == ["a"] and item.version == story.version + 2
    diffs = world.run(lambda ctx: list(ctx.session.scalars(select(ChangeEntry.diff).where(
        ChangeEntry.target_type == "story", ChangeEntry.action == "change").order_by(ChangeEntry.id))))  # fmt: skip
    assert diffs == [{"tags": [["a"], ["a", "ux"]]}, {"tags": [["a", "ux"], ["a"]]}]
    with pytest.raises(NotFound):
        world.run(lambda ctx: tags.remove_item_tag(ctx, story.id, ux.id), actor=member)


def test_an_item_takes_only_its_projects_tags_and_needs_the_modify_permission(team):
    world, project, owner, member, outsider = team
    story = create(world, owner, STORY, project)
    elsewhere = world.project(owner)
    foreign = world.run(lambda ctx: tags.create_tag(ctx, elsewhere.id, "ux"), actor=owner)
    with pytest.raises(Invalid):
        world.run(lambda ctx: tags.add_item_tag(ctx, story.id, foreign.id), actor=owner)
    own = world.run(lambda ctx: tags.create_tag(ctx, project.id, "ux"), actor=owner)
    with pytest.raises(NotFound):
        world.run(lambda ctx: tags.add_item_tag(ctx, story.id, own.id), actor=outsider)
    assert item_tags(world, story) == []


def test_the_tags_of_a_page_of_items_load_in_one_statement(team, query_counter):
    world, project, owner, *_ = team
    for n in range(6):
        create(world, owner, STORY, project, tags=[f"t{n}", "common"])

    def tag_statements(ids):
        query_counter.clear()
        facts = world.run(lambda ctx: load_item_facts(ctx, ctx.session.scalars(
            select(WorkItem).where(WorkItem.id.in_(ids)).order_by(WorkItem.id)).all()))  # fmt: skip
        return facts.tags, [s for s in query_counter if "item_tags" in s]

    ids = world.run(lambda ctx: list(ctx.session.scalars(select(WorkItem.id).order_by(WorkItem.id))))
    two, statements_for_two = tag_statements(ids[:2])
    six, statements_for_six = tag_statements(ids)
    assert len(statements_for_two) == len(statements_for_six) == 1
    assert [six[i] for i in ids] == [[(f"t{n}", None), ("common", None)] for n in range(6)]
