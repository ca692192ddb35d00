"""Taiga's wire conventions around a rendered answer: pagination (request and headers) and the
Taiga-Info-Order-Updated header."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from planyard.kit.errors import Invalid
from planyard.kit.pagination import Page, PageRequest

DEFAULT_PAGE_SIZE = 30
MAX_PAGE_SIZE = 1000


def order_updated(orders: Mapping[Any, int]) -> dict[str, str]:
    """Taiga-Info-Order-Updated: the orders a write changed, as JSON {id: order}, ids ascending."""
    return {"Taiga-Info-Order-Updated": json.dumps({str(k): orders[k] for k in sorted(orders, key=int)})}


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
