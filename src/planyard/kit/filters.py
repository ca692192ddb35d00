"""Declarative query filters and orderings: a resource lists what it accepts, the kit applies it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select

from planyard.kit.errors import Invalid

Parser = Callable[[str], Any]


def parse_int(raw: str) -> int:
    return int(raw)


def parse_bool(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise ValueError(raw)


def parse_int_list(raw: str) -> list[int]:
    return [int(part) for part in raw.split(",") if part.strip()]


@dataclass(frozen=True)
class Filter:
    """`build(value)` returns the WHERE clause for a parsed query value."""

    parse: Parser
    build: Callable[[Any], ColumnElement[bool]]


@dataclass(frozen=True)
class FilterSet:
    filters: Mapping[str, Filter] = field(default_factory=dict)
    orderings: Mapping[str, Callable[[], list[Any]]] = field(default_factory=dict)

    def apply(self, stmt: Select[Any], params: Mapping[str, str]) -> Select[Any]:
        for name, spec in self.filters.items():
            raw = params.get(name)
            if raw is None or raw == "":
                continue
            try:
                value = spec.parse(raw)
            except ValueError:
                raise Invalid.on(name, f"Invalid value: {raw!r}.") from None
            stmt = stmt.where(spec.build(value))
        order = params.get("order_by")
        if order:
            key = order.lstrip("-")
            if key not in self.orderings:
                raise Invalid.on("order_by", f"Invalid ordering: {order!r}.")
            columns = self.orderings[key]()
            stmt = stmt.order_by(None).order_by(*(c.desc() if order.startswith("-") else c for c in columns))
        return stmt
