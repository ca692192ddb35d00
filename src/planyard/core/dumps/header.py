"""Read a dump as a stream: its header (every top-level field but the item lists, small whatever the
project's size) in one pass, then each item list item by item in a pass of its own (the lists come in the
file in an order that does not follow their references: stories before the sprints they name)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ijson

from planyard.kit.errors import Invalid

ITEM_KEYS = frozenset({"epics", "user_stories", "tasks", "issues", "wiki_pages", "timeline"})
VALUE_END = frozenset({"end_map", "end_array", "null", "boolean", "integer", "double", "number", "string"})


class BadDump(Invalid):
    """A dump that cannot be loaded; `details` says, per section, what is wrong (empty: not a dump)."""

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message, code="bad_dump")
        self.details = details or {}


NOT_A_DUMP = "Invalid dump format"


def read_header(path: Path) -> dict[str, Any]:
    """The dump's top-level fields, its item lists left out."""
    header: dict[str, Any] = {}
    try:
        with path.open("rb") as stream:
            events = ijson.parse(stream, use_float=True)
            first = next(events, None)
            if first is None or first[1] != "start_map":
                raise BadDump(NOT_A_DUMP)
            key, builder = "", None
            for prefix, event, value in events:
                if prefix == "" and event == "map_key":
                    key, builder = value, None
                    continue
                if prefix == "" or key in ITEM_KEYS:
                    continue
                if builder is None:
                    builder = ijson.ObjectBuilder()
                builder.event(event, value)
                if prefix == key and event in VALUE_END:
                    header[key] = builder.value
                    builder = None
    except (ijson.JSONError, UnicodeDecodeError, ValueError):
        raise BadDump(NOT_A_DUMP) from None
    return header


def read_items(path: Path, key: str) -> Iterator[dict[str, Any]]:
    """The entries of one item list, one at a time."""
    try:
        with path.open("rb") as stream:
            for entry in ijson.items(stream, f"{key}.item", use_float=True):
                if not isinstance(entry, dict):
                    raise BadDump("error importing project data", {key: ["Invalid data. Expected a dictionary."]})
                yield entry
    except (ijson.JSONError, UnicodeDecodeError) as exc:
        raise BadDump(NOT_A_DUMP) from exc
