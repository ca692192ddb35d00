"""HacknPlan's `offset`/`limit` paging: defaults, bounds and the `{totalCount, offset, limit, items}` page."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from planyard.dialects.hacknplan.paging import Paging, envelope, paging
from planyard.kit.errors import Invalid


def request(query: str) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/", "query_string": query.encode(), "headers": []})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", Paging(0, 20)),
        ("offset=5&limit=1", Paging(5, 1)),
        ("limit=100", Paging(0, 100)),
        ("offset=0", Paging(0, 20)),
    ],
)
def test_offset_and_limit_default_to_0_and_20(query, expected):
    assert paging(request(query)) == expected


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "offset=-1", "limit=x", "offset=", "limit=99999999999"])
def test_values_outside_the_bounds_are_invalid(query):
    with pytest.raises(Invalid) as raised:
        paging(request(query))
    assert raised.value.message == "Invalid offset and limit values."


def test_the_envelope_names_the_window_and_the_total():
    assert envelope(Paging(2, 3), 9, [1, 2, 3]) == {"totalCount": 9, "offset": 2, "limit": 3, "items": [1, 2, 3]}
