"""Core boards, statuses and lanes as Kaiten boards, columns (with subcolumns) and lanes; Kaiten bodies as
core fields (docs/mapping.md, Workflows, boards, statuses, lanes)."""

from __future__ import annotations

from typing import Any

from planyard.dialects.kaiten.mappers.values import now
from planyard.models import Board, Lane, Status

# Column `type` <-> core category.
TYPES = {"todo": 1, "doing": 2, "done": 3}
# Board settings Kaiten sends and reads back, kept in `boards.extra["kaiten"]` with their defaults.
BOARD_SETTINGS: dict[str, Any] = {
    "description": "", "external_id": None, "default_card_type_id": None, "top": 0, "left": 0, "type": 1,
    "email_key": "", "move_parents_to_done": False, "default_tags": None, "first_image_is_cover": False,
    "reset_lane_spent_time": False, "backward_moves_enabled": False, "hide_done_policies": False,
    "hide_done_policies_in_done_column": False, "automove_cards": False, "auto_assign_enabled": False,
    "card_properties": None, "cell_wip_limits": None,
}  # fmt: skip
COLUMN_SETTINGS: dict[str, Any] = {
    "col_count": 1, "rules": 0, "archive_after_days": 0, "wip_limit_type": 1, "external_id": None,
    "default_tags": "", "last_moved_warning_after_days": 0, "last_moved_warning_after_hours": 0,
    "last_moved_warning_after_minutes": 0, "months_to_hide_cards": None, "card_hide_after_days": None,
    "pause_sla": False,
}  # fmt: skip
LANE_SETTINGS: dict[str, Any] = {
    "row_count": 1, "wip_limit": None, "default_card_type_id": None, "wip_limit_type": 1, "external_id": None,
    "default_tags": "", "last_moved_warning_after_days": 0, "last_moved_warning_after_hours": 0,
    "last_moved_warning_after_minutes": 0, "condition": 1,
}  # fmt: skip


def own(row: Board | Status | Lane) -> dict[str, Any]:
    return (row.extra or {}).get("kaiten", {})


def settings(row: Board | Status | Lane, defaults: dict[str, Any]) -> dict[str, Any]:
    kept = own(row)
    return {name: kept.get(name, default) for name, default in defaults.items()}


def column(row: Status, subcolumns: list[Status] | None = None) -> dict[str, Any]:
    kept = own(row)
    category_type = TYPES.get(row.category, 2)
    sent = kept.get("type")
    shown = sent if sent is not None and (sent == 3) == (category_type == 3) else category_type
    data = {
        "id": row.id, "title": row.name, "sort_order": float(row.order), "wip_limit": row.wip_limit,
        "type": shown, "board_id": kept.get("board_id"), "column_id": row.parent_id,
        "created": kept.get("created"), "updated": kept.get("updated", kept.get("created")),
        **settings(row, COLUMN_SETTINGS),
    }  # fmt: skip
    if subcolumns is not None:
        data["subcolumns"] = [column(sub) for sub in subcolumns]
    return data


def lane(row: Lane) -> dict[str, Any]:
    return {
        "id": row.id, "title": row.name, "sort_order": float(row.order), "board_id": row.board_id,
        "created": own(row).get("created"), "updated": own(row).get("updated", own(row).get("created")),
        **settings(row, LANE_SETTINGS),
    }  # fmt: skip


def board(row: Board, columns: list[Status], lanes: list[Lane]) -> dict[str, Any]:
    top = [c for c in columns if c.parent_id is None]
    return {
        "id": row.id, "title": row.name, "space_id": row.project_id, "sort_order": float(row.order),
        "created": own(row).get("created"), "updated": own(row).get("updated", own(row).get("created")),
        **settings(row, BOARD_SETTINGS),
        "columns": [column(c, [s for s in columns if s.parent_id == c.id]) | {"board_id": row.id} for c in top],
        "lanes": [lane(one) for one in lanes],
    }  # fmt: skip


def column_fields(body: dict[str, Any], board_id: int, creating: bool = False) -> dict[str, Any]:
    """A column body (the keys sent) as core status fields; Kaiten's own settings under `extra`."""
    fields: dict[str, Any] = {}
    if "title" in body:
        fields["name"] = body["title"]
    if body.get("sort_order") is not None:
        fields["order"] = int(body["sort_order"])
    if "wip_limit" in body:
        fields["wip_limit"] = body["wip_limit"]
    if body.get("type") is not None:
        fields["is_closed"] = body["type"] == 3
    kept = {k: v for k, v in body.items() if k in COLUMN_SETTINGS}
    if body.get("type") is not None:
        kept["type"] = body["type"]
    stamp = now()
    fields["extra"] = {
        "kaiten": {**kept, "board_id": board_id, "updated": stamp} | ({"created": stamp} if creating else {})
    }
    return fields


def kept_settings(body: dict[str, Any], defaults: dict[str, Any], creating: bool = False) -> dict[str, Any]:
    """Kaiten's own settings of a board or lane body, with the time of the write (created/updated)."""
    stamp = now()
    kept = {k: v for k, v in body.items() if k in defaults} | {"updated": stamp}
    return {"kaiten": kept | ({"created": stamp} if creating else {})}
