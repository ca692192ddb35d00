"""Kaiten's card list grammar (`GET /cards`) as a core `ListQuery`: its filters by name (singular id or a
comma-separated list of ids), `condition`/`archived`, `states`, `query`, date bounds, and `limit`/`offset`
paging (default 100, at most 100, as Kaiten pages). Bad values are 400 naming the parameter."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from planyard.kit.errors import Invalid
from planyard.kit.query import ListQuery, SortKey, Window

MAX_LIMIT = 100
# Kaiten parameter -> core filter of `board_items.FILTERS` (comma-separated ids).
ID_FILTERS = {
    "space_id": "project", "space_ids": "project", "board_id": "board", "board_ids": "board",
    "column_id": "status", "column_ids": "status", "lane_id": "lane", "lane_ids": "lane",
    "type_id": "item_type", "type_ids": "item_type", "owner_id": "owner", "owner_ids": "owner",
    "responsible_id": "assigned_to", "responsible_ids": "assigned_to", "member_ids": "assignee",
    "tag_ids": "tag", "tag_id": "tag", "sprint_id": "sprint", "states": "category",
}  # fmt: skip
BOUNDS = {
    "created_before": ("created_before", datetime), "created_after": ("created_after", datetime),
    "updated_before": ("modified_before", datetime), "updated_after": ("modified_after", datetime),
    "due_date_before": ("due_before", date), "due_date_after": ("due_after", date),
}  # fmt: skip
SORTS = {"id": "id", "created": "created", "updated": "modified", "sort_order": "order", "title": "subject"}


def card_query(params: Mapping[str, str]) -> ListQuery:
    filters: dict[str, Any] = {}
    for name, core in ID_FILTERS.items():
        if name in params:
            filters[core] = filters.get(core, []) + _ids(name, params[name])
    for name, (core, kind) in BOUNDS.items():
        if name in params:
            filters[core] = _moment(name, params[name], kind)
    archived = _bool("archived", params["archived"]) if "archived" in params else None
    if "condition" in params:
        condition = _int("condition", params["condition"])
        if condition not in (1, 2):
            raise Invalid.on("condition", "must be 1 or 2")
        archived = condition == 2
    filters["archived"] = bool(archived)
    if params.get("query"):
        filters["text"] = params["query"][:500]
    if "blocked" in params:
        filters["blocked"] = _bool("blocked", params["blocked"])
    return ListQuery(filters=filters, sort=_sort(params), window=window(params))


def window(params: Mapping[str, str]) -> Window:
    """`limit` (1 to 100, default 100) and `offset` (default 0); the total is not counted."""
    limit = _int("limit", params["limit"]) if "limit" in params else MAX_LIMIT
    offset = _int("offset", params["offset"]) if "offset" in params else 0
    if not 1 <= limit <= MAX_LIMIT:
        raise Invalid.on("limit", f"must be between 1 and {MAX_LIMIT}")
    if not 0 <= offset <= 2**31:
        raise Invalid.on("offset", "must not be negative")
    return Window(offset, limit, counted=False)


def _sort(params: Any) -> tuple[SortKey, ...]:
    field = params.get("order_by")
    if not field:
        return ()
    if field not in SORTS:
        raise Invalid.on("order_by", f"must be one of {', '.join(SORTS)}")
    return (SortKey(SORTS[field], params.get("order_direction", "asc").lower() == "desc"),)


def date_bounds(params: Mapping[str, str], names: Mapping[str, str]) -> dict[str, Any]:
    """Day parameters (ISO dates) by their core filter names."""
    return {core: _moment(name, params[name], date) for name, core in names.items() if name in params}


def ids(name: str, value: str) -> list[int]:
    """A comma-separated list of ids (400 naming the parameter when one is not an integer)."""
    return _ids(name, value)


def _ids(name: str, value: str) -> list[int]:
    return [_int(name, part) for part in value.split(",") if part.strip()]


def _int(name: str, value: str) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise Invalid.on(name, "must be an integer") from None
    if not -(2**63) < number < 2**63:
        raise Invalid.on(name, "is out of range")
    return number


def _bool(name: str, value: str) -> bool:
    if value.lower() in ("true", "1"):
        return True
    if value.lower() in ("false", "0"):
        return False
    raise Invalid.on(name, "must be true or false")


def _moment(name: str, value: str, kind: type) -> Any:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Invalid.on(name, "must be an ISO-8601 date") from None
    return parsed.date() if kind is date else parsed


def filter_params(values: dict[str, Any]) -> dict[str, str]:
    """A JSON filter object (a bulk body's `filter`) as the list's query parameters."""
    return {str(k): ",".join(map(str, v)) if isinstance(v, list) else str(v).lower() if isinstance(v, bool)
            else str(v) for k, v in values.items()}  # fmt: skip
