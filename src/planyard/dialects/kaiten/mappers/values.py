"""Kaiten's renderings of shared values: uids derived from ids, times ISO-8601 in UTC with `Z`
(docs/mapping.md, Conventions)."""

from __future__ import annotations

from datetime import UTC, datetime

# The fixed tag of each table in a Kaiten uid: "{tag:08x}-0000-4000-8000-{id:012x}".
UID_TAGS = {"space": 1, "user": 2}


def uid(table: str, row_id: int) -> str:
    return f"{UID_TAGS[table]:08x}-0000-4000-8000-{row_id:012x}"


def time(value: datetime) -> str:
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
