"""Wire output: validate and serialize in one pydantic-core call; Taiga's pagination headers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from pydantic import BaseModel, TypeAdapter
from starlette.responses import Response

from planyard.kit.errors import Invalid
from planyard.kit.pagination import Page, PageRequest

DEFAULT_PAGE_SIZE = 30
MAX_PAGE_SIZE = 1000


@cache
def _adapter(model: type[BaseModel], many: bool) -> TypeAdapter[Any]:
    return TypeAdapter(list[model] if many else model)  # type: ignore[valid-type]


def render(model: type[BaseModel], data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    many = isinstance(data, list)
    adapter = _adapter(model, many)
    body = adapter.dump_json(adapter.validate_python(data))
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def order_updated(orders: Mapping[Any, int]) -> dict[str, str]:
    """Taiga-Info-Order-Updated: the orders a write changed, as JSON {id: order}, ids ascending."""
    return {"Taiga-Info-Order-Updated": json.dumps({str(k): orders[k] for k in sorted(orders, key=int)})}


def empty(status: int = 200) -> Response:
    return Response(status_code=status) if status == 204 else Response(b"", status, media_type="application/json")


def page_request(request: Request) -> PageRequest:
    if request.headers.get("x-disable-pagination", "").lower() in ("true", "1", "yes"):
        return PageRequest(enabled=False)
    params = request.query_params
    try:
        size = int(params.get("page_size", DEFAULT_PAGE_SIZE))
        number = int(params.get("page", 1))
    except ValueError:
        raise Invalid("Page is not 'last', nor can it be converted to an int.") from None
    if size < 1 or number < 1:
        raise Invalid("Page and page_size must be positive integers.")
    return PageRequest(page=number, page_size=min(size, MAX_PAGE_SIZE))


def page_headers(request: Request, page: Page) -> dict[str, str]:
    if not page.paginated:
        return {"x-paginated": "false"}
    headers = {
        "x-paginated": "true",
        "x-paginated-by": str(page.size),
        "x-pagination-count": str(page.count),
        "x-pagination-current": str(page.number),
    }
    if page.has_next:
        headers["x-pagination-next"] = _page_url(request, page.number + 1)
    if page.has_prev:
        headers["x-pagination-prev"] = _page_url(request, page.number - 1)
    return headers


def _page_url(request: Request, number: int) -> str:
    params = dict(request.query_params) | {"page": str(number)}
    return str(request.url.replace(query=urlencode(params)))


def client_address(request: Request) -> str:
    """The client's address, as the server saw it (behind a proxy, as the server trusts it to tell)."""
    return request.client.host if request.client else ""
