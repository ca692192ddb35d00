"""The two shapes of a Kaiten event's `data`: an object (add, remove) and a change of one (update)."""

from __future__ import annotations

from typing import Any

Author = dict[str, Any] | None


def shown(event: str, obj: dict[str, Any], author: Author) -> dict[str, Any]:
    """An add or a remove: the object's keys, plus who did it."""
    return {"event": event, "data": {**obj, "author": author}}


def changed(event: str, old: dict[str, Any], new: dict[str, Any], author: Author) -> dict[str, Any] | None:
    """An update: the object before, its changed keys' new values, who did it; None when nothing changed."""
    changes = {key: value for key, value in new.items() if old.get(key) != value}
    if not changes:
        return None
    return {"event": event, "data": {"old": old, "changes": changes, "author": author}}


def pair(value: Any) -> tuple[Any, Any]:
    """A diff value's (before, after)."""
    return (value[0], value[1]) if isinstance(value, list | tuple) and len(value) == 2 else (None, value)
