"""Taiga's query grammar into the neutral ListQuery: typed filter values, order_by, page numbers."""

from __future__ import annotations

from datetime import date

import pytest
from starlette.requests import Request

from planyard.dialects.taiga import queries
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.filters import Filter, FilterSet, ValueType
from planyard.kit.query import AllOf, Page, SortKey, Window

FILTERS = FilterSet(
    filters={
        "id": Filter(ValueType.INT, lambda v: None),
        "status": Filter(ValueType.IDS, lambda v: None),
        "active": Filter(ValueType.BOOL, lambda v: None),
        "tags": Filter(ValueType.WORDS, lambda v: None),
        "since": Filter(ValueType.DATE, lambda v: None),
    },
    orderings={"username": lambda: []},
)


def request(query: str = "", headers: dict[str, str] | None = None) -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    scope = {"type": "http", "method": "GET", "path": "/api/v1/things", "query_string": query.encode(),
             "headers": raw, "scheme": "http", "server": ("testserver", 80)}  # fmt: skip
    return Request(scope)


def test_values_are_parsed_by_their_type():
    params = {"id": "3", "status": "1,null,2", "active": "false", "tags": "A, b", "since": "2024-05-01", "x": "y"}
    assert queries.filter_values(params, FILTERS) == {
        "id": 3, "status": [1, None, 2], "active": False, "tags": ["a", "b"], "since": date(2024, 5, 1),
    }  # fmt: skip


@pytest.mark.parametrize("params, field", [({"id": "x"}, "id"), ({"active": "perhaps"}, "active"),
                                           ({"order_by": "password_hash"}, "order_by")])  # fmt: skip
def test_bad_values_name_the_parameter(params, field):
    with pytest.raises(Invalid) as info:
        queries.filtered(params, FILTERS)
    assert field in info.value.fields


def test_order_by_is_a_sort_key_and_pages_are_windows():
    query, wanted = queries.list_query(request("order_by=-username&page=3&page_size=20"), FILTERS)
    assert query.sort == (SortKey("username", descending=True),)
    assert query.window == Window(40, 20)
    assert queries.list_query(request(headers={"x-disable-pagination": "True"}))[0].window is None


def test_headers_tell_the_page_and_a_page_past_the_last_is_not_found():
    wanted = queries.paging(request("page=2&page_size=2"))
    headers = queries.page_headers(request("page=2&page_size=2"), wanted, Page([1, 2], 5))
    assert headers["x-pagination-count"] == "5" and headers["x-pagination-current"] == "2"
    assert "page=3" in headers["x-pagination-next"] and "page=1" in headers["x-pagination-prev"]
    with pytest.raises(NotFound):
        queries.page_headers(request("page=4&page_size=2"), queries.paging(request("page=4&page_size=2")), Page([], 5))


def test_taiga_names_are_read_as_the_core_names():
    from planyard.core.work_items.tasks import TASK_FILTERS
    from planyard.dialects.taiga.filter_names import TASK_AND_ISSUE_FILTER_NAMES

    params = {"milestone": "null", "milestone__isnull": "true", "exclude_tags": "UI", "q": "x", "assigned_to": "4"}
    assert queries.filter_values(params, TASK_FILTERS) == {
        "sprint": [None], "sprint_none": True, "tags_excluded": ["ui"], "text": "x", "assignee": [4],
    }  # fmt: skip
    # a core name Taiga calls otherwise is no Taiga parameter
    assert queries.filter_values({"sprint": "1", "text": "x", "tags_excluded": "a"}, TASK_FILTERS) == {}
    both = {"status__is_closed": "true", "status_is_closed": "false"}
    assert queries.filter_values(both, TASK_FILTERS) == {"status_closed": True}
    assert queries.filter_values(both, TASK_FILTERS, names=TASK_AND_ISSUE_FILTER_NAMES) == {
        "status_closed": AllOf((True, False))
    }


def test_taiga_sort_names_are_the_core_keys_and_errors_keep_taiga_words():
    from planyard.core.work_items.tasks import TASK_FILTERS

    assert queries.sort_keys({"order_by": "-us_order"}, TASK_FILTERS) == (SortKey("parent_order", True),)
    assert queries.sort_keys({"order_by": "total_voters"}, TASK_FILTERS) == (SortKey("voters"),)
    for params, field in (({"order_by": "parent_order"}, "order_by"), ({"milestone": "x"}, "milestone"),
                          ({"exclude_tags": ""}, None), ({"watchers": "me"}, "watchers")):  # fmt: skip
        if field is None:
            assert queries.filtered(params, TASK_FILTERS).filters == {}
            continue
        with pytest.raises(Invalid) as info:
            queries.filtered(params, TASK_FILTERS)
        assert field in info.value.fields
