"""A page of a SELECT: one COUNT and one LIMIT/OFFSET query (never a whole table), or every row without a
window (no COUNT)."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from planyard.kit.query import Page, Window
from planyard.kit.sql import records

# What a page holds: the ORM objects of a one-entity select, the rows of several entities (as the ORM
# loads them), or the records of a select of columns (see kit/sql.records: no ORM loading).
RowShape = Literal["objects", "entity_rows", "records"]


def fetch_page(session: Session, stmt: Select[Any], window: Window | None, *, rows: RowShape = "objects") -> Page[Any]:
    """The window's rows and the total (see Window.counted). A window starting at or past the end holds
    nothing: no rows are read (a dialect may call that an error)."""
    if window is None:
        found = fetch_rows(session, stmt, rows)
        return Page(found, len(found))
    if not window.counted:  # one row past the window tells whether more follow
        found = fetch_rows(session, stmt.limit(window.limit + 1).offset(window.offset), rows)
        return Page(found[: window.limit], window.offset + len(found))
    total = session.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
    if window.offset and window.offset >= total:
        return Page([], total)
    return Page(fetch_rows(session, stmt.limit(window.limit).offset(window.offset), rows), total)


def fetch_rows(session: Session, stmt: Select[Any], rows: RowShape = "objects") -> list[Any]:
    if rows == "objects":
        return list(session.scalars(stmt))
    if rows == "entity_rows":
        return list(session.execute(stmt))
    return records(session, stmt)
