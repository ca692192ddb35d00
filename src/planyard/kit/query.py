"""The neutral list boundary: what a list asks (filters as typed values, sort keys, a window of rows)
and what it gets (a page: its items and the total). Each dialect turns its own query grammar into a
`ListQuery` (see dialects/<api>/queries.py); core list functions take one and return a `Page`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class SortKey:
    name: str
    descending: bool = False


@dataclass(frozen=True)
class Window:
    """Rows `offset` to `offset + limit` of the sorted result. Uncounted, the total is not counted: the
    page's `total` then only tells whether more follow (it runs past the window when they do)."""

    offset: int
    limit: int
    counted: bool = True


@dataclass(frozen=True)
class AllOf:
    """Several values given for one filter (a dialect with two spellings of it): every one must hold."""

    values: tuple[Any, ...]


@dataclass(frozen=True)
class ListQuery:
    """`filters` maps a filter's name to its typed value (see kit/filters.ValueType); `sort` replaces the
    list's default order; `window` None asks for every result."""

    filters: Mapping[str, Any] = field(default_factory=dict)
    sort: tuple[SortKey, ...] = ()
    window: Window | None = None

    def without(self, *names: str) -> ListQuery:
        """The same query without these filters."""
        return ListQuery({k: v for k, v in self.filters.items() if k not in names}, self.sort, self.window)


EVERYTHING = ListQuery()


@dataclass
class Page(Generic[T]):
    """The items of the query's window and the number of results in all (without a window, the number
    of items)."""

    items: list[T]
    total: int
