"""Declarative filters/orderings and page-number pagination against a real table."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planyard.kit.errors import Invalid, NotFound
from planyard.kit.filters import Filter, FilterSet, parse_bool, parse_int, parse_int_list
from planyard.kit.pagination import PageRequest, paginate
from planyard.models import User

FILTERS = FilterSet(
    filters={
        "id": Filter(parse_int, lambda v: User.id == v),
        "ids": Filter(parse_int_list, lambda v: User.id.in_(v)),
        "active": Filter(parse_bool, lambda v: User.is_active.is_(v)),
    },
    orderings={"username": lambda: [User.username, User.id]},
)


@pytest.fixture
def five_users(world):
    return [world.user(f"u{i}") for i in range(5)]


def test_filters_apply_and_order(world, five_users):
    uow = world.session()
    stmt = FILTERS.apply(select(User), {"ids": f"{five_users[0].id},{five_users[3].id}", "order_by": "-username"})
    assert [u.username for u in uow.session.scalars(stmt)] == ["u3", "u0"]
    assert len(uow.session.scalars(FILTERS.apply(select(User), {"active": "false"})).all()) == 0
    uow.close()


@pytest.mark.parametrize("params, field", [({"id": "x"}, "id"), ({"active": "perhaps"}, "active"),
                                           ({"order_by": "password_hash"}, "order_by")])  # fmt: skip
def test_bad_filter_values_name_the_parameter(params, field):
    with pytest.raises(Invalid) as info:
        FILTERS.apply(select(User), params)
    assert field in info.value.fields


def test_pagination_pages_and_counts(world, five_users):
    uow = world.session()
    stmt = select(User).order_by(User.username)
    page = paginate(uow.session, stmt, PageRequest(page=2, page_size=2))
    assert [u.username for u in page.rows] == ["u2", "u3"]
    assert (page.count, page.has_next, page.has_prev) == (5, True, True)
    last = paginate(uow.session, stmt, PageRequest(page=3, page_size=2))
    assert len(last.rows) == 1 and not last.has_next
    whole = paginate(uow.session, stmt, PageRequest(enabled=False))
    assert len(whole.rows) == 5 and not whole.paginated
    with pytest.raises(NotFound):
        paginate(uow.session, stmt, PageRequest(page=4, page_size=2))
    uow.close()
