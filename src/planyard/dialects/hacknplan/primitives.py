"""HacknPlan's one-value bodies (`text`, `title`, `value`, `tagId`, `userId`, `dependencyId`): a bare JSON
value, as HacknPlan's public clients send them (`"some text"`, `5`); an object naming the value
(`{"text": "..."}`) is taken too. Anything else is the endpoint's 400 text."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body

from planyard.dialects.hacknplan.access import INT32_MAX
from planyard.kit.errors import Invalid

Raw = Annotated[Any, Body()]


def _value(body: Any, name: str) -> Any:
    return body.get(name) if isinstance(body, dict) else body


def text(body: Any, name: str, max_length: int, error: str) -> str:
    value = _value(body, name)
    if not isinstance(value, str) or not value.strip() or len(value) > max_length:
        raise Invalid(error)
    return value


def identifier(body: Any, name: str, error: str) -> int:
    value = _value(body, name)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= INT32_MAX:
        raise Invalid(error)
    return value


def number(body: Any, name: str, error: str) -> float:
    value = _value(body, name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(error)
    return float(value)
