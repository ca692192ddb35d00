"""Declarative filters/orderings over typed values and windowed pages, against a real table."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planyard.kit.errors import Invalid
from planyard.kit.filters import Filter, FilterSet, ValueType
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, SortKey, Window
from planyard.models import User

FILTERS = FilterSet(
    filters={
        "id": Filter(ValueType.INT, lambda v: User.id == v),
        "ids": Filter(ValueType.INTS, lambda v: User.id.in_(v)),
        "active": Filter(ValueType.BOOL, lambda v: User.is_active.is_(v)),
    },
    orderings={"username": lambda: [User.username, User.id]},
)


@pytest.fixture
def five_users(world):
    return [world.user(f"u{i}") for i in range(5)]


def test_filters_apply_and_order(world, five_users):
    uow = world.session()
    query = ListQuery({"ids": [five_users[0].id, five_users[3].id]}, (SortKey("username", descending=True),))
    assert [u.username for u in uow.session.scalars(FILTERS.apply(select(User), query))] == ["u3", "u0"]
    assert len(uow.session.scalars(FILTERS.apply(select(User), ListQuery({"active": False}))).all()) == 0
    uow.close()


def test_an_unknown_sort_key_is_invalid_and_named():
    with pytest.raises(Invalid) as info:
        FILTERS.apply(select(User), ListQuery(sort=(SortKey("password_hash"),)))
    assert (info.value.code, info.value.field) == ("unknown_sort", "password_hash")


def test_filters_the_set_does_not_know_are_left_alone(world, five_users):
    uow = world.session()
    assert len(uow.session.scalars(FILTERS.apply(select(User), ListQuery({"nickname": "x"}))).all()) == 5
    uow.close()


def test_pages_hold_their_window_and_the_total(world, five_users):
    uow = world.session()
    stmt = select(User).order_by(User.username)
    page = fetch_page(uow.session, stmt, Window(2, 2))
    assert ([u.username for u in page.items], page.total) == (["u2", "u3"], 5)
    assert len(fetch_page(uow.session, stmt, Window(4, 2)).items) == 1
    whole = fetch_page(uow.session, stmt, None)
    assert (len(whole.items), whole.total) == (5, 5)
    past = fetch_page(uow.session, stmt, Window(6, 2))
    assert (past.items, past.total) == ([], 5)
    uow.close()


def test_an_uncounted_window_reads_one_row_past_it(world, five_users):
    uow = world.session()
    stmt = select(User).order_by(User.username)
    page = fetch_page(uow.session, stmt, Window(0, 2, counted=False))
    assert ([u.username for u in page.items], page.total) == (["u0", "u1"], 3)  # more follow
    last = fetch_page(uow.session, stmt, Window(4, 2, counted=False))
    assert ([u.username for u in last.items], last.total) == (["u4"], 5)
    uow.close()
