"""Productive's list grammar: `page[number]`/`page[size]` (default 30, at most 200) and `sort=` (a `-`
before a name for descending) turned into a core `ListQuery`; its paging written back as JSON:API
`links` and `meta`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from planyard.kit.errors import Invalid, NotFound
from planyard.kit.query import ListQuery, Page, SortKey, Window

PAGE_SIZE = 30
MAX_PAGE_SIZE = 200
MAX_DIGITS = 18  # past that, no id or page number fits a 64-bit column


@dataclass(frozen=True)
class Paging:
    number: int
    size: int


def resource_id(text: str) -> int:
    """A path's `{id}`: the digits of a string id, else no such resource."""
    if not text.isdigit() or len(text) > MAX_DIGITS:
        raise NotFound()
    return int(text)


def _positive(request: Request, name: str, default: int) -> int:
    text = request.query_params.get(name)
    if text is None:
        return default
    if not text.isdigit() or len(text) > MAX_DIGITS or int(text) < 1:
        raise Invalid.on(name, "must be a positive integer")
    return int(text)


def _sort(request: Request, names: dict[str, str]) -> tuple[SortKey, ...]:
    keys = []
    for part in request.query_params.get("sort", "").split(","):
        name = part.strip()
        if not name:
            continue
        field = names.get(name.removeprefix("-"))
        if field is None:
            raise Invalid.on("sort", f"can't sort by {name.removeprefix('-')}")
        keys.append(SortKey(field, descending=name.startswith("-")))
    return tuple(keys)


def list_query(request: Request, filters: dict[str, Any], sorts: dict[str, str]) -> tuple[ListQuery, Paging]:
    """The core query of a list request, with the `filters` the route fixes (e.g. the organization)."""
    paging = Paging(
        number=_positive(request, "page[number]", 1),
        size=min(_positive(request, "page[size]", PAGE_SIZE), MAX_PAGE_SIZE),
    )
    window = Window(offset=(paging.number - 1) * paging.size, limit=paging.size)
    return ListQuery(filters=filters, sort=_sort(request, sorts), window=window), paging


def _page_link(request: Request, number: int, size: int) -> str:
    return str(request.url.include_query_params(**{"page[number]": number, "page[size]": size}))


def paging_members(request: Request, paging: Paging, page: Page[Any]) -> dict[str, Any]:
    """The `links` and `meta` of a list document."""
    total_pages = -(-page.total // paging.size)
    links = {
        "first": _page_link(request, 1, paging.size),
        "last": _page_link(request, max(total_pages, 1), paging.size),
    }
    if paging.number > 1:
        links["prev"] = _page_link(request, min(paging.number - 1, max(total_pages, 1)), paging.size)
    if paging.number < total_pages:
        links["next"] = _page_link(request, paging.number + 1, paging.size)
    meta = {
        "current_page": paging.number,
        "total_pages": total_pages,
        "total_count": page.total,
        "page_size": paging.size,
        "max_page_size": MAX_PAGE_SIZE,
    }
    return {"links": links, "meta": meta}


OPERATIONS = ("eq", "not_eq", "contains", "not_contain", "gt", "gt_eq", "lt", "lt_eq")


@dataclass(frozen=True)
class FilterParam:
    """A documented `filter[...]`: its value parser and the core filter each operation it supports becomes
    (or the core filter and a parser of its own)."""

    parse: Callable[[str], Any]
    operations: dict[str, str | tuple[str, Callable[[str], Any]]]


def integer(text: str) -> int:
    if not text.isdigit() or len(text) > MAX_DIGITS:
        raise ValueError(text)
    return int(text)


def integers(text: str) -> list[int]:
    return [integer(part.strip()) for part in text.split(",") if part.strip()] or [integer(text)]


def unsupported(key: str, name: str) -> Invalid:
    return Invalid.on(key, f"Filter '{name}' is not supported on this endpoint")


def filters(request: Request, params: dict[str, FilterParam]) -> dict[str, Any]:
    """Core filters from `filter[name]=v` (the name's `eq`) and `filter[name][operation]=v`; an unknown
    name or operation, or a value that does not parse, is a 400 naming the parameter."""
    found: dict[str, Any] = {}
    for key, value in request.query_params.multi_items():
        if not key.startswith("filter["):
            continue
        parts = key.removeprefix("filter[").removesuffix("]").split("][")
        name, operation = parts[0], parts[1] if len(parts) == 2 else "eq"
        param = params.get(name)
        if param is None or len(parts) > 2:
            raise unsupported(key, name)
        if operation not in param.operations:
            raise Invalid.on(key, f"Filter operation '{operation}' is not supported for '{name}'")
        target = param.operations[operation]
        core_name, parse = target if isinstance(target, tuple) else (target, param.parse)
        try:
            found[core_name] = parse(value)
        except ValueError:
            raise Invalid.on(key, f"'{value}' is not a valid value for '{name}'") from None
    return found


def includes(request: Request, allowed: frozenset[str]) -> frozenset[str]:
    """The `include=` relationship names (each must be one the resource has)."""
    names = frozenset(part.strip() for part in request.query_params.get("include", "").split(",") if part.strip())
    unknown = sorted(names - allowed)
    if unknown:
        raise Invalid.on("include", f"Relationship '{unknown[0]}' can't be included")
    return names


def sparse(request: Request, resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The resources keeping only the attributes and relationships `fields[<type>]=a,b` names."""
    wanted: dict[str, set[str]] = {}
    for key, value in request.query_params.items():
        if key.startswith("fields[") and key.endswith("]"):
            wanted[key[7:-1]] = {part.strip() for part in value.split(",") if part.strip()}
    if not wanted:
        return resources
    return [
        {**r, "attributes": {k: v for k, v in r["attributes"].items() if k in wanted[r["type"]]},
         "relationships": {k: v for k, v in r["relationships"].items() if k in wanted[r["type"]]}}
        if r["type"] in wanted else r
        for r in resources
    ]  # fmt: skip
