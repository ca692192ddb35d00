"""Checks on a set of column changes before they reach the database."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import inspect

from planyard.kit.errors import Invalid, Problem


def reject_nulls(model: type[Any], changes: dict[str, Any], also: Iterable[str] = ()) -> None:
    """An explicit null for a NOT NULL column (or for a field named in `also`, kept in other tables) is the
    client's error (400), not the database's (500)."""
    columns = inspect(model).columns
    not_null = set(also)
    errors = {
        name: [Problem("null")]
        for name, value in changes.items()
        if value is None and (name in not_null or (name in columns and not columns[name].nullable))
    }
    if errors:
        raise Invalid(fields=errors)
