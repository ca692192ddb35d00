"""Shared work-item filters, run as real SQL (SQLite here, PostgreSQL in CI)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planyard.core.work_items import service
from planyard.core.work_items.filters import item_filters
from planyard.core.work_items.kinds import STORY
from planyard.core.work_items.queries import items_query
from planyard.core.work_items.service import ItemChanges
from planyard.kit.errors import Invalid
from planyard.kit.query import AllOf, ListQuery, SortKey
from planyard.models import Status


@pytest.fixture
def stories(world):
    owner, member = world.user(), world.user()
    project = world.project(owner)
    world.member(project, member)
    uow = world.session()
    done = uow.session.scalar(select(Status.id).where(Status.project_id == project.id, Status.slug == "done",
                                                      Status.kind == "story"))  # fmt: skip
    uow.close()

    def make(subject, **kw):
        changes = ItemChanges({"subject": subject, **kw.pop("fields", {})}, **kw)
        return world.run(lambda ctx: service.create_item(ctx, STORY, project.id, changes), actor=owner).id

    ids = {
        "tagged": make("Login page", fields={"tags": ["ui", "auth"]}),
        "closed": make("Finished thing", fields={"status_id": done}),
        "assigned": make("Assigned", fields={"assigned_to_id": member.id}, assignees=[member.id]),
        "watched": make("Watched", watchers=[member.id]),
    }
    return world, owner, member, ids


def select_ids(world, actor, filters=None, sort=()):
    """The ids the shared filters select for a neutral query (core names, typed values)."""
    item_set = item_filters()

    def work(ctx):
        stmt = item_set.apply(items_query(ctx, STORY).order_by(None), ListQuery(filters or {}, sort))
        return {item.id for item in ctx.session.scalars(stmt)}

    return world.run(work, actor=actor)


def test_filters(stories):
    world, owner, member, ids = stories
    every = set(ids.values())
    assert select_ids(world, owner, {"tags": ["ui"]}) == {ids["tagged"]}
    assert select_ids(world, owner, {"tags": ["auth", "nope"]}) == {ids["tagged"]}
    assert select_ids(world, owner, {"tags_excluded": ["ui"]}) == every - {ids["tagged"]}
    assert select_ids(world, owner, {"status_closed": True}) == {ids["closed"]}
    assert select_ids(world, owner, {"is_closed": False}) == every - {ids["closed"]}
    assert select_ids(world, owner, {"assignee": [member.id]}) == {ids["assigned"]}
    assert select_ids(world, owner, {"assignee": [None]}) == every - {ids["assigned"]}
    assert select_ids(world, owner, {"any_assignee": [member.id]}) == {ids["assigned"]}
    assert select_ids(world, owner, {"watcher": [member.id]}) == {ids["watched"]}
    assert select_ids(world, owner, {"sprint": [None]}) == every
    assert select_ids(world, owner, {"sprint_none": False}) == set()
    assert select_ids(world, owner, {"text": "login"}) == {ids["tagged"]}
    assert select_ids(world, owner, {"text": "2"}) == {ids["closed"]}


def test_a_filter_given_twice_must_hold_for_both_values(stories):
    world, owner, _, ids = stories
    assert select_ids(world, owner, {"status_closed": AllOf((True, True))}) == {ids["closed"]}
    assert select_ids(world, owner, {"status_closed": AllOf((True, False))}) == set()


def test_an_unknown_sort_key_is_invalid(stories):
    world, owner, _, ids = stories
    assert select_ids(world, owner, sort=(SortKey("parent_order"),)) == set(ids.values())
    with pytest.raises(Invalid) as info:
        select_ids(world, owner, sort=(SortKey("us_order"),))
    assert info.value.code == "unknown_sort"
