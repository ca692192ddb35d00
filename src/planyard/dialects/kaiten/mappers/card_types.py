"""Core item types as Kaiten card types."""

from __future__ import annotations

from typing import Any

from planyard.dialects.kaiten.mappers.values import color_number, css_color, uid
from planyard.models import ItemType


def card_type(row: ItemType) -> dict[str, Any]:
    return {
        "id": row.id, "uid": uid("card_type", row.id), "name": row.name, "letter": row.letter,
        "color": color_number(row.color), "archived": row.is_archived, "company_id": row.workspace_id,
        "properties": None, "suggest_fields": False, "author_uid": None, "description_template": None,
    }  # fmt: skip


def to_core(body: dict[str, Any]) -> dict[str, Any]:
    fields = {k: v for k, v in body.items() if k in ("name", "letter") and v is not None}
    if body.get("color") is not None:
        fields["color"] = css_color(body["color"])
    if body.get("archived") is not None:
        fields["is_archived"] = body["archived"]
    return fields
