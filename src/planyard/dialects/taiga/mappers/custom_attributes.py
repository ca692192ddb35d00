"""Custom fields -> Taiga custom attribute shape (in their own list and in the project detail)."""

from __future__ import annotations

from typing import Any

from planyard.models import CustomField


def custom_attribute_wire(field: CustomField) -> dict[str, Any]:
    return {
        "id": field.id, "name": field.name, "description": field.description, "type": field.type,
        "order": field.order, "project": field.project_id, "extra": field.extra.get("options"),
        "created_date": field.created_date, "modified_date": field.modified_date,
    }  # fmt: skip
