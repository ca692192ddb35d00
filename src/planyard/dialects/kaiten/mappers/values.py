"""Kaiten's renderings of shared values: uids derived from ids, times ISO-8601 in UTC with `Z`
(docs/mapping.md, Conventions)."""

from __future__ import annotations

from datetime import UTC, datetime

from planyard.kit.errors import NotFound

# The fixed tag of each table in a Kaiten uid: "{tag:08x}-0000-4000-8000-{id:012x}".
UID_TAGS = {"space": 1, "user": 2}
# The company half's tables (tags from 21 up, clear of the card half's).
UID_TAGS |= {"access_role": 21, "group": 22, "tree_entity": 23, "template_checklist": 24, "template_item": 25,
             "automation": 26, "workspace_role": 27}  # fmt: skip


def uid(table: str, row_id: int) -> str:
    return f"{UID_TAGS[table]:08x}-0000-4000-8000-{row_id:012x}"


def uid_id(table: str, text: str) -> int:
    """The id in a uid of `table`; a uid that does not parse or names another table is a 404."""
    parts = text.split("-")
    if len(parts) != 5 or parts[1:4] != ["0000", "4000", "8000"]:
        raise NotFound()
    try:
        tag, row_id = int(parts[0], 16), int(parts[4], 16)
    except ValueError:
        raise NotFound() from None
    if tag != UID_TAGS[table] or len(parts[0]) != 8 or len(parts[4]) != 12:
        raise NotFound()
    return row_id


def time(value: datetime) -> str:
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
