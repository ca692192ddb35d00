"""JSON columns are written by orjson and read by the standard library (empty ones without parsing):
what they store reads back as written, on every backend, including what orjson itself refuses (an
integer beyond 64 bits)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Connection, Table, insert, select

from planyard.db.base import utcnow
from planyard.models import ChangeEntry

ENTRIES = cast(Table, ChangeEntry.__table__)


def _round_trip(db: Connection, diff: dict[Any, Any]) -> Any:
    entry_id = db.execute(insert(ENTRIES).returning(ENTRIES.c.id), {
        "target_type": "userstory", "target_id": 1, "action": "change", "diff": diff, "created_at": utcnow(),
    }).scalar_one()  # fmt: skip
    return db.execute(select(ENTRIES.c.diff).where(ENTRIES.c.id == entry_id)).scalar_one()


def test_values_keys_and_text_read_back_as_written(db: Connection) -> None:
    diff = {"subject": ["old", 'néw "quoted"'], 7: [None, 1.5], "tags": [[], ["a", "b"]], "flag": [False, True]}
    assert _round_trip(db, diff) == {"subject": ["old", "néw \"quoted\""], "7": [None, 1.5],
                                      "tags": [[], ["a", "b"]], "flag": [False, True]}  # fmt: skip


def test_an_integer_beyond_64_bits_is_kept_exactly(db: Connection) -> None:
    assert _round_trip(db, {"points": [1, 10**30]}) == {"points": [1, 10**30]}


def test_empty_values_read_back_as_fresh_objects(db: Connection) -> None:
    first, second = _round_trip(db, {}), _round_trip(db, {"list": [], "object": {}, "none": None})
    assert (first, second) == ({}, {"list": [], "object": {}, "none": None})
    first["changed"] = True
    assert _round_trip(db, {}) == {}
