"""Portable SQL helpers with a PostgreSQL path and a SQLite path."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, String, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement


class json_array_has_any(FunctionElement[bool]):  # noqa: N801 (reads as a SQL function)
    """True when the JSON array column holds any of the given strings."""

    type = Boolean()
    inherit_cache = False

    def __init__(self, column: ColumnElement[Any] | Any, values: list[str]) -> None:
        self.column = column
        self.values = [literal(v, String()) for v in values]
        super().__init__()


@compiles(json_array_has_any, "postgresql")
def _pg(element: json_array_has_any, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    values = ", ".join(compiler.process(v, **kw) for v in element.values) or "NULL"
    return f"(({column})::jsonb ?| ARRAY[{values}]::text[])"


@compiles(json_array_has_any)
def _sqlite(element: json_array_has_any, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    values = ", ".join(compiler.process(v, **kw) for v in element.values) or "NULL"
    return f"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.value IN ({values}))"
