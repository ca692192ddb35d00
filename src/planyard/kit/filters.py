"""Declarative query filters and orderings: a resource lists what it accepts (each filter with the type
of its value), the kit applies a neutral `ListQuery` to a SELECT. Reading a filter's value from a query
string is each dialect's business (its queries.py), by the filter's `ValueType`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, Select

from planyard.kit.errors import Invalid
from planyard.kit.query import AllOf, ListQuery


class ValueType(Enum):
    """What a filter's value is: the dialects parse their query strings into these."""

    INT = "int"  # int
    INTS = "ints"  # list[int]
    IDS = "ids"  # list[int | None]: None stands for "none set"
    BOOL = "bool"  # bool
    TEXT = "text"  # str
    WORDS = "words"  # list[str], lower case
    DATE = "date"  # datetime.date
    DATETIME = "datetime"  # datetime.datetime


@dataclass(frozen=True)
class Filter:
    """`build(value)` returns the WHERE clause for a value of type `value`."""

    value: ValueType
    build: Callable[[Any], ColumnElement[bool]]


BOUNDS = {"after": "__gt__", "since": "__ge__", "before": "__lt__", "until": "__le__"}


def bounds(name: str, column: Any, value: ValueType, ops: tuple[str, ...] = tuple(BOUNDS)) -> dict[str, Filter]:
    """Range filters on a column: `<name>_after` (>), `<name>_since` (>=), `<name>_before` (<) and
    `<name>_until` (<=), or those of `ops`."""
    return {f"{name}_{op}": Filter(value, getattr(column, BOUNDS[op])) for op in ops}


@dataclass(frozen=True)
class FilterSet:
    filters: Mapping[str, Filter] = field(default_factory=dict)
    orderings: Mapping[str, Callable[[], list[Any]]] = field(default_factory=dict)

    def where(self, stmt: Select[Any], query: ListQuery) -> Select[Any]:
        """`stmt` under the query's filters that this set knows (in the set's order)."""
        for name, spec in self.filters.items():
            if name in query.filters:
                value = query.filters[name]
                for one in value.values if isinstance(value, AllOf) else (value,):
                    stmt = stmt.where(spec.build(one))
        return stmt

    def order(self, query: ListQuery, default: list[Any]) -> list[Any]:
        """The ORDER BY columns of the query's sort keys, or `default` without any."""
        columns: list[Any] = []
        for key in query.sort:
            if key.name not in self.orderings:
                raise Invalid(code="unknown_sort", field=key.name)
            columns += [c.desc() if key.descending else c for c in self.orderings[key.name]()]
        return columns or default

    def apply(self, stmt: Select[Any], query: ListQuery) -> Select[Any]:
        """The filters, then the sort keys (when there are any) in place of `stmt`'s order."""
        stmt = self.where(stmt, query)
        if query.sort:
            stmt = stmt.order_by(None).order_by(*self.order(query, []))
        return stmt
