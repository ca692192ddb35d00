"""Per-user key/value storage (Taiga §8): the web client keeps its filters and UI choices here.
Stored in `users.extra["storage"]` as {key: {"value", "created_date", "modified_date"}}."""

from __future__ import annotations

from typing import Any

from planyard.core.context import Context
from planyard.db.base import utcnow
from planyard.kit.errors import Invalid, NotFound
from planyard.models import User

MAX_KEY = 255


def _entries(user: User) -> dict[str, dict[str, Any]]:
    return dict((user.extra or {}).get("storage", {}))


def _save(user: User, entries: dict[str, dict[str, Any]]) -> None:
    user.extra = {**(user.extra or {}), "storage": entries}


def list_entries(ctx: Context) -> list[dict[str, Any]]:
    user = ctx.require_user()
    return [{"key": key} | entry for key, entry in sorted(_entries(user).items())]


def get_entry(ctx: Context, key: str) -> dict[str, Any]:
    entry = _entries(ctx.require_user()).get(key)
    if entry is None:
        raise NotFound("No storage entry matches the given query.")
    return {"key": key} | entry


def create_entry(ctx: Context, key: str, value: Any) -> dict[str, Any]:
    user = ctx.require_user_to_write()
    if not key or len(key) > MAX_KEY:
        raise Invalid.on("key", "This field is required (at most 255 characters).")
    entries = _entries(user)
    if key in entries:
        raise Invalid.on("key", "Duplicate key value violates unique constraint. Key 'key' already exists.")
    now = utcnow().isoformat()
    entries[key] = {"value": value, "created_date": now, "modified_date": now}
    _save(user, entries)
    return {"key": key} | entries[key]


def update_entry(ctx: Context, key: str, value: Any) -> dict[str, Any]:
    user = ctx.require_user_to_write()
    entries = _entries(user)
    if key not in entries:
        raise NotFound("No storage entry matches the given query.")
    entries[key] = entries[key] | {"value": value, "modified_date": utcnow().isoformat()}
    _save(user, entries)
    return {"key": key} | entries[key]


def delete_entry(ctx: Context, key: str) -> None:
    user = ctx.require_user_to_write()
    entries = _entries(user)
    if entries.pop(key, None) is None:
        raise NotFound("No storage entry matches the given query.")
    _save(user, entries)
