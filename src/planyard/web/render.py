"""Wire output for every dialect: validate and serialize in one pydantic-core call."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import Request
from pydantic import BaseModel, TypeAdapter
from starlette.responses import Response


@cache
def _adapter(model: type[BaseModel], many: bool) -> TypeAdapter[Any]:
    return TypeAdapter(list[model] if many else model)  # type: ignore[valid-type]


def render(model: type[BaseModel], data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    many = isinstance(data, list)
    adapter = _adapter(model, many)
    body = adapter.dump_json(adapter.validate_python(data))
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def empty(status: int = 200) -> Response:
    return Response(status_code=status) if status == 204 else Response(b"", status, media_type="application/json")


def client_address(request: Request) -> str:
    """The client's address, as the server saw it (behind a proxy, as the server trusts it to tell)."""
    return request.client.host if request.client else ""
