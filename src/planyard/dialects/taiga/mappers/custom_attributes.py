"""Custom fields -> Taiga custom attribute shape (in their own list and in the project detail), and the
values of workspace select fields as Taiga shows them (the option texts joined by ", ") and back."""

from __future__ import annotations

from typing import Any

from planyard.kit.errors import Invalid
from planyard.models import CustomField

TAIGA_TYPES = ("text", "multiline", "richtext", "date", "url", "dropdown", "checkbox", "number")
SEPARATOR = ", "


def custom_attribute_wire(
    field: CustomField, project_id: int | None = None, options: dict[int, dict[int, str]] | None = None
) -> dict[str, Any]:
    """A project's field; a workspace field (no project) is shown as one of `project_id`, with a type Taiga
    knows (text for the others) and, a select, its option texts as the dropdown's `extra`."""
    extra = field.extra.get("options")
    if field.project_id is None and field.type == "dropdown":
        extra = list((options or {}).get(field.id, {}).values())
    return {
        "id": field.id, "name": field.name, "description": field.description,
        "type": field.type if field.type in TAIGA_TYPES else "text", "order": field.order,
        "project": field.project_id or project_id, "extra": extra,
        "created_date": field.created_date, "modified_date": field.modified_date,
    }  # fmt: skip


def values_shown(values: dict[str, Any], selects: dict[int, dict[int, str]]) -> dict[str, Any]:
    """An item's values with each workspace select value (option ids) as its option texts."""
    shown = dict(values)
    for key, value in values.items():
        options = selects.get(int(key))
        if options is not None and isinstance(value, list):
            shown[key] = SEPARATOR.join(options.get(i, "") for i in value if i in options)
    return shown


def values_sent(sent: Any, selects: dict[int, dict[int, str]]) -> Any:
    """A Taiga body's values with a workspace select's text back as option ids (the whole text naming one
    option, else its ", "-separated parts each naming one); a text naming none is a 400."""
    if not isinstance(sent, dict):
        return sent
    found = dict(sent)
    for key, value in sent.items():
        options = selects.get(int(key)) if str(key).isdigit() else None
        if options is None or not isinstance(value, str):
            continue
        by_text = {text: option_id for option_id, text in reversed(options.items())}
        parts = [value] if value in by_text else [p for p in value.split(SEPARATOR) if p] if value else []
        if any(p not in by_text for p in parts):
            raise Invalid.on("attributes_values", f"{value!r} is no option of the attribute {key}.")
        found[key] = [by_text[p] for p in parts] or None
    return found
