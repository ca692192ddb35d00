"""HacknPlan's renderings of shared values: times ISO-8601 in UTC with `Z` (docs/mapping.md,
Conventions)."""

from __future__ import annotations

from datetime import UTC, date, datetime


def time(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
