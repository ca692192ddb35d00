"""Kaiten's renderings of shared values: uids derived from ids, times ISO-8601 in UTC with `Z`
(docs/mapping.md, Conventions)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from planyard.kit.errors import NotFound

# The fixed tag of each table in a Kaiten uid: "{tag:08x}-0000-4000-8000-{id:012x}".
UID_TAGS = {"space": 1, "user": 2, "card_type": 16, "sprint": 17, "blocker_category": 18}
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


# Kaiten's color numbers as stored CSS colors; a stored color outside the palette renders its nearest number.
PALETTE = ("#999999", "#f44336", "#e91e63", "#9c27b0", "#673ab7", "#3f51b5", "#2196f3", "#03a9f4", "#00bcd4",
           "#009688", "#4caf50", "#8bc34a", "#cddc39", "#ffeb3b", "#ffc107", "#ff9800", "#ff5722")  # fmt: skip


def color_number(css: str) -> int:
    if css.lower() in PALETTE:
        return PALETTE.index(css.lower()) + 1
    try:
        rgb = [int(css.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    except ValueError:
        return 1

    def distance(hex_color: str) -> int:
        return sum((int(hex_color[1 + 2 * i : 3 + 2 * i], 16) - rgb[i]) ** 2 for i in range(3))

    return min(range(len(PALETTE)), key=lambda n: distance(PALETTE[n])) + 1


def css_color(number: int) -> str:
    return PALETTE[(number - 1) % len(PALETTE)] if number >= 1 else PALETTE[0]


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def maybe_time(value: datetime | None) -> str | None:
    return time(value) if value else None


def now() -> str:
    return time(datetime.now(UTC))


def uid_id_or_none(table: str, text: str) -> int | None:
    """The id a uid of `table` carries; None when it does not parse or names another table."""
    prefix = f"{UID_TAGS[table]:08x}-0000-4000-8000-"
    if len(text) != len(prefix) + 12 or not text.lower().startswith(prefix):
        return None
    try:
        return int(text[len(prefix) :], 16)
    except ValueError:
        return None
