"""The portable JSON helpers of kit/sql.py, on the real database (SQLite here, PostgreSQL in CI): the
rows of a bound JSON array and their items, as JSON and as scalars; id lists bound as one JSON text."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import BigInteger, Connection, String, bindparam, cast, select

from planyard.kit.sql import bound_ids, json_array_rows, json_item, json_item_text, json_text
from planyard.models import User

ROWS = json_array_rows(bindparam("rows", type_=String)).table_valued("value")


def _select(db: Connection, *columns: Any, rows: list[Any]) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in db.execute(select(*columns).select_from(ROWS), {"rows": json_text(rows)})]


def test_each_element_is_a_row_and_items_read_as_scalars(db: Connection) -> None:
    rows = [[7, 10**12, "a"], [3, None, "b"]]
    first, second = (cast(json_item_text(ROWS.c.value, i), BigInteger) for i in (0, 1))
    got = _select(db, first, second, json_item_text(ROWS.c.value, 2), rows=rows)
    assert sorted(got) == [(3, None, "b"), (7, 10**12, "a")]


def test_an_item_read_as_json_keeps_its_structure(db: Connection) -> None:
    diff = {"backlog_order": [1, 2], "note": 'q"uoted'}
    [(item,)] = _select(db, json_item(ROWS.c.value, 1), rows=[[1, diff]])
    assert (json.loads(item) if isinstance(item, str) else item) == diff


def test_an_empty_array_has_no_rows(db: Connection) -> None:
    assert _select(db, json_item_text(ROWS.c.value, 0), rows=[]) == []


def test_bound_ids_match_the_rows_with_those_ids_whatever_their_number(db: Connection, world: Any) -> None:
    every = sorted(world.user().id for _ in range(3))
    stmt = select(User.id).where(User.id.in_(bound_ids("ids"))).order_by(User.id)

    def matched(ids: Any) -> list[int]:
        return list(db.execute(stmt, {"ids": ids}).scalars())

    assert matched(every + [10**12]) == every  # an unknown id matches nothing
    assert matched({every[0]}) == every[:1]  # a set binds too
    assert matched([]) == []
