"""HacknPlan's paged lists: `offset` (default 0, at least 0) and `limit` (default 20, 1..100), anything
else 400; the page written as `{totalCount, offset, limit, items}`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from planyard.dialects.hacknplan.messages import INVALID_PAGING
from planyard.kit.errors import Invalid
from planyard.kit.query import Window

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_DIGITS = 10


@dataclass(frozen=True)
class Paging:
    offset: int
    limit: int

    @property
    def window(self) -> Window:
        return Window(offset=self.offset, limit=self.limit)


def _number(request: Request, name: str, default: int) -> int:
    text = request.query_params.get(name)
    if text is None:
        return default
    digits = text.strip().removeprefix("-")
    if not digits.isdigit() or len(digits) > MAX_DIGITS:
        raise Invalid(INVALID_PAGING)
    return int(text)


def paging(request: Request) -> Paging:
    """The window a list request asks for (a dependency of the paged routes)."""
    offset = _number(request, "offset", 0)
    limit = _number(request, "limit", DEFAULT_LIMIT)
    if offset < 0 or not 1 <= limit <= MAX_LIMIT:
        raise Invalid(INVALID_PAGING)
    return Paging(offset, limit)


def envelope(paged: Paging, total: int, items: list[Any]) -> dict[str, Any]:
    return {"totalCount": total, "offset": paged.offset, "limit": paged.limit, "items": items}
