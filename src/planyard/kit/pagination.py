"""Page-number pagination over a SELECT: one COUNT and one LIMIT/OFFSET query, never a whole table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


def paginate(session: Session, stmt: Select[Any], request: PageRequest, *, scalars: bool = True) -> Page:
    if not request.enabled:
        result = session.execute(stmt)
        rows = list(result.scalars()) if scalars else records(result)
        return Page(rows, len(rows), 1, len(rows), False)
    count = session.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
    last = max(1, -(-count // request.page_size))
    if request.page > last:
        raise NotFound("Invalid page.")
    result = session.execute(stmt.limit(request.page_size).offset((request.page - 1) * request.page_size))
    rows = list(result.scalars()) if scalars else records(result)
    return Page(rows, count, request.page, request.page_size, True)
