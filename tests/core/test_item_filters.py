"""Shared work-item filters, run as real SQL (SQLite here, PostgreSQL in CI)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planyard.core.work_items import service
from planyard.core.work_items.filters import item_filters
from planyard.core.work_items.kinds import STORY
from planyard.core.work_items.queries import items_query
from planyard.core.work_items.service import ItemChanges
from planyard.dialects.taiga import queries
from planyard.kit.errors import Invalid
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


def select_ids(world, actor, params):
    """The ids the filters select for a query written in Taiga's grammar (dialects/taiga/queries.py)."""
    filters = item_filters()

    def work(ctx):
        stmt = filters.apply(items_query(ctx, STORY).order_by(None), queries.filtered(params, filters))
        return {item.id for item in ctx.session.scalars(stmt)}

    return world.run(work, actor=actor)


def test_filters(stories):
    world, owner, member, ids = stories
    every = set(ids.values())
    assert select_ids(world, owner, {"tags": "ui"}) == {ids["tagged"]}
    assert select_ids(world, owner, {"tags": "AUTH,nope"}) == {ids["tagged"]}
    assert select_ids(world, owner, {"exclude_tags": "ui"}) == every - {ids["tagged"]}
    assert select_ids(world, owner, {"status__is_closed": "true"}) == {ids["closed"]}
    assert select_ids(world, owner, {"is_closed": "false"}) == every - {ids["closed"]}
    assert select_ids(world, owner, {"assigned_to": f"{member.id}"}) == {ids["assigned"]}
    assert select_ids(world, owner, {"assigned_to": "null"}) == every - {ids["assigned"]}
    assert select_ids(world, owner, {"assigned_users": f"{member.id}"}) == {ids["assigned"]}
    assert select_ids(world, owner, {"watchers": f"{member.id}"}) == {ids["watched"]}
    assert select_ids(world, owner, {"milestone": "null"}) == every
    assert select_ids(world, owner, {"milestone__isnull": "false"}) == set()
    assert select_ids(world, owner, {"q": "login"}) == {ids["tagged"]}
    assert select_ids(world, owner, {"q": "2"}) == {ids["closed"]}


def test_bad_filter_values_are_invalid(stories):
    world, owner, _, _ = stories
    for params in ({"status": "x"}, {"is_closed": "perhaps"}, {"order_by": "password"}):
        with pytest.raises(Invalid):
            select_ids(world, owner, params)
