"""Core checklists and their items as Kaiten checklists; bodies as core fields."""

from __future__ import annotations

from typing import Any

from planyard.core.work_items.checklists import ChecklistWithItems
from planyard.dialects.kaiten.mappers.values import day, maybe_time, time
from planyard.models import ChecklistItem

NAMES = {"name": "name", "sort_order": "order", "text": "text", "checked": "checked", "due_date": "due_date",
         "responsible_id": "responsible_id"}  # fmt: skip


def check_item(row: ChecklistItem, user_id: int | None = None) -> dict[str, Any]:
    return {
        "id": row.id, "text": row.text, "sort_order": float(row.order), "checked": row.checked,
        "checker_id": row.checked_by_id, "checked_at": maybe_time(row.checked_at), "user_id": user_id,
        "responsible_id": row.responsible_id, "due_date": day(row.due_date), "deleted": False,
        "checklist_id": row.checklist_id, "created": time(row.created_at), "updated": time(row.updated_at),
    }  # fmt: skip


def checklist(found: ChecklistWithItems, user_id: int | None = None) -> dict[str, Any]:
    row = found.checklist
    return {
        "id": row.id, "name": row.name, "sort_order": float(row.order), "policy_id": None,
        "checklist_id": str(row.id), "deleted": False, "card_id": row.work_item_id,
        "items": [check_item(one, user_id) for one in found.items],
        "created": time(row.created_at), "updated": time(row.updated_at),
    }  # fmt: skip


def to_core(body: dict[str, Any]) -> dict[str, Any]:
    return {NAMES[k]: v for k, v in body.items() if k in NAMES}
