"""Core attachments of a card as Kaiten card files."""

from __future__ import annotations

from typing import Any

from planyard.core.context import Context
from planyard.dialects.kaiten.mappers.values import time
from planyard.models import Attachment


def card_file(ctx: Context, row: Attachment) -> dict[str, Any]:
    return {
        "id": row.id, "name": row.name, "size": row.size, "url": ctx.env.storage.url(row.file_key),
        "card_id": row.target_id, "author_id": row.owner_id, "sort_order": float(row.order), "type": 1,
        "card_cover": False, "comment_id": None, "deleted": False, "external": False,
        "created": time(row.created_date), "updated": time(row.modified_date),
    }  # fmt: skip


def kept_file(ctx: Context, kept: dict[str, Any], card_id: int) -> dict[str, Any]:
    """A file as the item's change log keeps it (core/work_items/attachments.py `frozen`): once removed,
    what Kaiten still shows of it (size, author and dates are not kept)."""
    return {
        "id": kept.get("id"), "name": kept.get("name"), "size": None,
        "url": ctx.env.storage.url(kept["file_key"]) if kept.get("file_key") else None, "card_id": card_id,
        "author_id": None, "sort_order": float(kept.get("order") or 0), "type": 1, "card_cover": False,
        "comment_id": None, "deleted": True, "external": False, "created": None, "updated": None,
    }  # fmt: skip
