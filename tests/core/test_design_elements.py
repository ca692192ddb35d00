"""A project's design elements through the core: typed, a tree (parent, children, move), a parent's
deletion takes its subtree, a type's deletion moves its elements to another type."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from planyard.core import design_elements as design
from planyard.core.design_elements import NewElement
from planyard.core.projects.service import delete_project
from planyard.kit.errors import Invalid, NotFound
from planyard.models import ChangeEntry, DesignElement, DesignElementType


def tree(world, project, actor):
    rows = world.run(lambda ctx: design.list_elements(ctx, project.id), actor=actor)
    return [(r.name, r.parent_id) for r in rows]


def test_elements_form_a_tree_that_moves_and_deletes_by_subtree(team):
    world, project, owner, member, outsider = team
    kind = world.run(lambda ctx: design.create_type(ctx, project.id, "Character", icon="user", color="#f00"),
                     actor=owner)  # fmt: skip

    def add(name, parent=None):
        new = NewElement(type_id=kind.id, name=name, parent_id=parent.id if parent else None)
        return world.run(lambda ctx: design.create_element(ctx, project.id, new), actor=member)

    hero = add("Hero")
    sword, shield = add("Sword", hero), add("Shield", hero)
    hilt = add("Hilt", sword)
    villain = add("Villain")
    assert (sword.order, shield.order, villain.order) == (1, 2, 2)
    assert tree(world, project, owner) == [("Hero", None), ("Villain", None), ("Sword", hero.id),
                                           ("Shield", hero.id), ("Hilt", sword.id)]  # fmt: skip
    for parent in (sword.id, hilt.id):  # under itself or its own subtree
        with pytest.raises(Invalid):
            world.run(lambda ctx, parent=parent: design.move_element(ctx, sword.id, parent), actor=member)
    world.run(lambda ctx: design.move_element(ctx, sword.id, villain.id), actor=member)
    world.run(lambda ctx: design.update_element(ctx, villain.id, {"name": "Dragon", "description": "big"}),
              actor=member)  # fmt: skip
    assert ("Sword", villain.id) in tree(world, project, owner)
    gone = world.run(lambda ctx: design.delete_element(ctx, villain.id), actor=member)
    assert gone == sorted([villain.id, sword.id, hilt.id])
    assert tree(world, project, owner) == [("Hero", None), ("Shield", hero.id)]
    deletions = world.run(lambda ctx: ctx.session.scalars(select(ChangeEntry.target_id).where(
        ChangeEntry.target_type == "design_element", ChangeEntry.action == "delete")).all())  # fmt: skip
    assert sorted(deletions) == gone
    with pytest.raises(NotFound):
        world.run(lambda ctx: design.list_elements(ctx, project.id), actor=outsider)
    with pytest.raises(NotFound):
        world.run(lambda ctx: design.get_element(ctx, hero.id), actor=outsider)


def test_elements_stay_in_their_project(team):
    world, project, owner, *_ = team
    other = world.project(owner)
    kind = world.run(lambda ctx: design.create_type(ctx, project.id, "Level"), actor=owner)
    foreign_kind = world.run(lambda ctx: design.create_type(ctx, other.id, "Level"), actor=owner)
    foreign = world.run(lambda ctx: design.create_element(ctx, other.id, NewElement(foreign_kind.id, "Elsewhere")),
                        actor=owner)  # fmt: skip
    for new in (
        NewElement(foreign_kind.id, "x"),
        NewElement(kind.id, "x", parent_id=foreign.id),
        NewElement(kind.id, ""),
    ):
        with pytest.raises(Invalid):
            world.run(lambda ctx, new=new: design.create_element(ctx, project.id, new), actor=owner)


def test_deleting_a_type_moves_its_elements_or_needs_it_unused(team):
    world, project, owner, *_ = team
    old = world.run(lambda ctx: design.create_type(ctx, project.id, "Old"), actor=owner)
    new = world.run(lambda ctx: design.create_type(ctx, project.id, "New"), actor=owner)
    world.run(lambda ctx: design.update_type(ctx, new.id, {"name": "Newer", "color": "#0f0"}), actor=owner)
    element = world.run(lambda ctx: design.create_element(ctx, project.id, NewElement(old.id, "E")), actor=owner)
    with pytest.raises(Invalid):
        world.run(lambda ctx: design.delete_type(ctx, old.id), actor=owner)
    with pytest.raises(Invalid):
        world.run(lambda ctx: design.delete_type(ctx, old.id, move_to=old.id), actor=owner)
    world.run(lambda ctx: design.delete_type(ctx, old.id, move_to=new.id), actor=owner)
    moved = world.run(lambda ctx: ctx.session.get(DesignElement, element.id))
    assert moved.type_id == new.id
    assert [t.name for t in world.run(lambda ctx: design.list_types(ctx, project.id), actor=owner)] == ["Newer"]
    world.run(lambda ctx: delete_project(ctx, project.id), actor=owner)
    for model in (DesignElement, DesignElementType):
        assert world.run(lambda ctx, model=model: ctx.session.scalar(select(func.count()).select_from(model))) == 0
