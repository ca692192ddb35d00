"""Taiga's query grammar turned into the neutral `ListQuery`: its filters (comma-separated lists, `null`
for "none set"; Taiga's names of the core's filters and sort keys are in filter_names.py), `order_by` (a
leading '-' descends), its page-number paging (`page`, `page_size`, the `x-disable-pagination` and
`x-lazy-pagination` headers) and, on the way back, its x-pagination-* headers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from planyard.dialects.taiga.filter_names import FILTER_NAMES, sort_key
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.filters import FilterSet, ValueType
from planyard.kit.query import AllOf, ListQuery, Page, SortKey, Window

DEFAULT_PAGE_SIZE = 30
MAX_PAGE_SIZE = 1000
TRUE = ("true", "1", "yes")


def parse_bool(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in TRUE:
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise ValueError(raw)


def parse_ids_or_null(raw: str) -> list[int | None]:
    """'1,2,null' -> [1, 2, None] (Taiga accepts `null` for 'none set')."""
    return [None if part.strip().lower() in ("null", "none") else int(part) for part in raw.split(",") if part.strip()]


PARSERS: dict[ValueType, Callable[[str], Any]] = {
    ValueType.INT: int,
    ValueType.INTS: lambda raw: [int(part) for part in raw.split(",") if part.strip()],
    ValueType.IDS: parse_ids_or_null,
    ValueType.BOOL: parse_bool,
    ValueType.TEXT: str,
    ValueType.WORDS: lambda raw: [part.strip().lower() for part in raw.split(",") if part.strip()],
    ValueType.DATE: date.fromisoformat,
    ValueType.DATETIME: datetime.fromisoformat,
}


@dataclass(frozen=True)
class Paging:
    """A Taiga page request: page `number` of `size` items, or everything when not `enabled`; `lazy`
    pages are not counted (x-lazy-pagination)."""

    number: int = 1
    size: int = DEFAULT_PAGE_SIZE
    enabled: bool = True
    lazy: bool = False
    refused: Invalid | None = None  # a bad page request: told after the core's own errors, as Taiga does

    @property
    def window(self) -> Window | None:
        if self.refused is not None:
            return Window(0, 0)  # the core looks the list up (its errors first), reads no row
        if not self.enabled:
            return None
        return Window((self.number - 1) * self.size, self.size, counted=not self.lazy)


def paging(request: Request, *, lazy: bool = False) -> Paging:
    """The page asked for; `lazy` when the resource honours x-lazy-pagination. A bad one is `refused`
    (page_headers tells it)."""
    if request.headers.get("x-disable-pagination", "").lower() in TRUE:
        return Paging(enabled=False)
    params = request.query_params
    try:
        size = int(params.get("page_size", DEFAULT_PAGE_SIZE))
        number = int(params.get("page", 1))
    except ValueError:
        return Paging(refused=Invalid("Page is not 'last', nor can it be converted to an int."))
    if size < 1 or number < 1:
        return Paging(refused=Invalid("Page and page_size must be positive integers."))
    return Paging(number, min(size, MAX_PAGE_SIZE), lazy=lazy and "x-lazy-pagination" in request.headers)


def taiga_names(filters: FilterSet, names: Mapping[str, str] = FILTER_NAMES) -> list[tuple[str, str]]:
    """(Taiga name, core name) of the set's filters, in the order Taiga reads them."""
    known = [(taiga, core) for taiga, core in names.items() if core in filters.filters]
    renamed = set(names.values())
    return known + [(core, core) for core in filters.filters if core not in renamed]


def filter_values(params: Mapping[str, str], filters: FilterSet, skip: Iterable[str] = (),
                  names: Mapping[str, str] = FILTER_NAMES) -> dict[str, Any]:  # fmt: skip
    """The values of the set's filters the query string gives (blank ones ignored) by their core names
    (but those in `skip`); a filter given under two names must hold for both values."""
    values: dict[str, Any] = {}
    for taiga, core in taiga_names(filters, names):
        raw = params.get(taiga)
        if raw is None or raw == "" or core in skip:
            continue
        try:
            value = PARSERS[filters.filters[core].value](raw)
        except ValueError:
            raise Invalid.on(taiga, f"Invalid value: {raw!r}.") from None
        values[core] = AllOf((values[core], value)) if core in values else value
    return values


def sort_keys(params: Mapping[str, str], filters: FilterSet) -> tuple[SortKey, ...]:
    order = params.get("order_by")
    if not order:
        return ()
    key = sort_key(order.lstrip("-"))
    if key is None or key not in filters.orderings:
        raise Invalid.on("order_by", f"Invalid ordering: {order!r}.")
    return (SortKey(key, order.startswith("-")),)


def filtered(params: Mapping[str, str], filters: FilterSet, *, skip: Iterable[str] = (), sort: bool = True,
             sorted_first: bool = False, names: Mapping[str, str] = FILTER_NAMES) -> ListQuery:  # fmt: skip
    """The filters (but those in `skip`, core names) and, with `sort`, the order of a Taiga query string;
    no window. `sorted_first`: a bad order_by is told before a bad filter value (the task and issue
    lists); `names`: Taiga's names of the filters (filter_names.py)."""
    keys = sort_keys(params, filters) if sort and sorted_first else ()
    values = filter_values(params, filters, skip, names)
    return ListQuery(values, keys or (sort_keys(params, filters) if sort else ()))


def filtered_after(check: Callable[[], object], params: Mapping[str, str], filters: FilterSet, *,
                   sort: bool = True, names: Mapping[str, str] = FILTER_NAMES) -> ListQuery:  # fmt: skip
    """`filtered`; when the query is bad, `check` runs first and its error (an unknown project ...) is the
    one told, as Taiga looks the project up before it reads the filters."""
    try:
        return filtered(params, filters, sort=sort, names=names)
    except Invalid:
        check()
        raise


def list_query(request: Request, filters: FilterSet | None = None, *, sorted_first: bool = False, lazy: bool = False,
               strict: bool = False, names: Mapping[str, str] = FILTER_NAMES) -> tuple[ListQuery, Paging]:  # fmt: skip
    """A Taiga list request as a neutral query (filters, order, window) and the paging it asked for. A bad
    page request is told after the core's own errors, unless `strict` (then at once)."""
    params = request.query_params
    query = filtered(params, filters, sorted_first=sorted_first, names=names) if filters else ListQuery()
    wanted = paging(request, lazy=lazy)
    if strict and wanted.refused is not None:
        raise wanted.refused
    return ListQuery(query.filters, query.sort, wanted.window), wanted


def page_headers(request: Request, wanted: Paging, page: Page[Any]) -> dict[str, str]:
    """The x-pagination-* headers of a page; a page past the last one is Taiga's 404 "Invalid page.", a
    bad page request its 400."""
    if wanted.refused is not None:
        raise wanted.refused
    if not wanted.enabled:
        return {}  # taiga-back sends no paging header at all
    if wanted.number > 1 and not page.items:
        raise NotFound("Invalid page.")
    headers = {"x-paginated": "true", "x-paginated-by": str(wanted.size)}
    if not wanted.lazy:
        headers["x-pagination-count"] = str(page.total)
    headers["x-pagination-current"] = str(wanted.number)
    if wanted.number * wanted.size < page.total:
        headers["x-pagination-next"] = _page_url(request, wanted.number + 1)
    if wanted.number > 1:
        headers["x-pagination-prev"] = _page_url(request, wanted.number - 1)
    return headers


def _page_url(request: Request, number: int) -> str:
    params = dict(request.query_params) | {"page": str(number)}
    return str(request.url.replace(query=urlencode(params)))
