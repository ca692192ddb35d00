"""Page-number pagination over a SELECT: one COUNT and one LIMIT/OFFSET query, never a whole table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from planyard.kit.errors import NotFound
from planyard.kit.sql import records


@dataclass(frozen=True)
class PageRequest:
    page: int = 1
    page_size: int = 30
    enabled: bool = True


@dataclass
class Page:
    rows: list[Any]
    count: int
    number: int
    size: int
    paginated: bool

    @property
    def has_next(self) -> bool:
        return self.paginated and self.number * self.size < self.count

    @property
    def has_prev(self) -> bool:
        return self.paginated and self.number > 1


# What a page holds: the ORM objects of a one-entity select, the rows of several entities (as the ORM
# loads them), or the records of a select of columns (see kit/sql.records: no ORM loading).
RowShape = Literal["objects", "entity_rows", "records"]


def paginate(session: Session, stmt: Select[Any], request: PageRequest, *, rows: RowShape = "objects") -> Page:
    if not request.enabled:
        found = _fetch(session, stmt, rows)
        return Page(found, len(found), 1, len(found), False)
    count = session.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
    last = max(1, -(-count // request.page_size))
    if request.page > last:
        raise NotFound("Invalid page.")
    stmt = stmt.limit(request.page_size).offset((request.page - 1) * request.page_size)
    return Page(_fetch(session, stmt, rows), count, request.page, request.page_size, True)


def _fetch(session: Session, stmt: Select[Any], rows: RowShape) -> list[Any]:
    if rows == "objects":
        return list(session.scalars(stmt))
    if rows == "entity_rows":
        return list(session.execute(stmt))
    return records(session, stmt)
