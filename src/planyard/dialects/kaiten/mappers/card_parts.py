"""Comments, tags and members of a card as Kaiten renders them."""

from __future__ import annotations

from typing import Any

from planyard.dialects.kaiten.mappers.users import current_user
from planyard.dialects.kaiten.mappers.values import color_number, time
from planyard.models import Comment, Tag, User


def comment(row: Comment, author: User | None) -> dict[str, Any]:
    return {
        "id": row.id, "uid": row.id, "text": row.text, "type": 1, "edited": row.edited_at is not None,
        "card_id": row.target_id, "author_id": row.author_id, "deleted": row.deleted_at is not None,
        "internal": False, "email_addresses_to": None, "sd_external_recipients_cc": None, "sd_description": False,
        "notification_sent": None, "created": time(row.created_at), "updated": time(row.edited_at or row.created_at),
        "author": current_user(author) if author else None, "attacments": [],
    }  # fmt: skip


def tag(row: Tag, card_id: int | None = None) -> dict[str, Any]:
    data = {"id": row.id, "name": row.name, "color": color_number(row.color or "#999999"),
            "company_id": row.workspace_id, "archived": False}  # fmt: skip
    return data | ({"card_id": card_id, "tag_id": row.id} if card_id is not None else {})


def member(user: User, card_id: int, responsible_id: int | None) -> dict[str, Any]:
    return current_user(user) | {"card_id": card_id, "user_id": user.id,
                                 "type": 2 if user.id == responsible_id else 1}  # fmt: skip
