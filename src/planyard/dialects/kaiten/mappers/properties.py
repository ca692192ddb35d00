"""Workspace-wide custom fields as Kaiten custom properties, their options as select and catalog values,
votes as collective score and vote values, and an item's values as a card's `properties`
(`{"id_<property id>": value}`; user values as uids by default, as ids with `broken_api=false`)."""

from __future__ import annotations

import contextlib
from typing import Any

from planyard.dialects.kaiten.mappers.values import time, uid, uid_id
from planyard.kit.errors import Invalid, NotFound
from planyard.models import CustomField, CustomFieldOption, CustomFieldVote, User

# Kaiten's property types as the core's field types.
CORE_TYPES = {"string": "text", "number": "number", "date": "date", "email": "email", "checkbox": "checkbox",
              "select": "dropdown", "url": "url", "user": "user", "phone": "phone", "catalog": "catalog",
              "collective_score": "score", "collective_vote": "poll"}  # fmt: skip
KAITEN_TYPES = {core: kaiten for kaiten, core in CORE_TYPES.items()} | {"multiline": "string", "richtext": "string",
                                                                       "dropdown": "select"}  # fmt: skip
FLAGS = ("show_on_facade", "multiline", "colorful", "multi_select", "values_creatable_by_users", "protected")
SETTINGS = ("fields_settings", "data", "values_type", "vote_variant", "color", "external_id", "condition")
PREFIX = "id_"


def custom_property(row: CustomField) -> dict[str, Any]:
    own = row.extra
    return {
        "id": row.id, "name": row.name, "type": KAITEN_TYPES.get(row.type, row.type),
        **{flag: bool(own.get(flag, False)) for flag in FLAGS},
        "fields_settings": own.get("fields_settings"), "author_id": own.get("author_id"),
        "company_id": row.workspace_id, "updated": time(row.modified_date), "created": time(row.created_date),
        "condition": own.get("condition", "active"), "data": own.get("data"), "values_type": own.get("values_type"),
        "vote_variant": own.get("vote_variant"), "color": own.get("color"), "external_id": own.get("external_id"),
    }  # fmt: skip


def property_to_core(fields: dict[str, Any], author_id: int | None = None) -> dict[str, Any]:
    core: dict[str, Any] = {"extra": {k: v for k, v in fields.items() if k in FLAGS + SETTINGS}}
    if author_id is not None:
        core["extra"]["author_id"] = author_id
    if "name" in fields:
        core["name"] = fields["name"]
    if "type" in fields:
        core["type"] = CORE_TYPES[fields["type"]]
    return core


def select_value(row: CustomFieldOption, company_id: int) -> dict[str, Any]:
    return {
        "id": row.id, "custom_property_id": row.custom_field_id, "value": row.value,
        "color": row.data.get("color_number"), "author_id": row.data.get("author_id"), "company_id": company_id,
        "condition": "deleted" if row.is_archived else row.data.get("condition", "active"), "sort_order": row.order,
        "external_id": row.data.get("external_id"), "created": time(row.created_at), "updated": time(row.updated_at),
    }  # fmt: skip


def option_to_core(fields: dict[str, Any]) -> dict[str, Any]:
    """A select or catalog value body as core option fields (Kaiten's own keys in `data`)."""
    core: dict[str, Any] = {k: fields[k] for k in ("value", "name") if k in fields}
    if isinstance(core.get("value"), dict):  # a catalog value: its fields, by field uid
        core["data"] = {"fields": core.pop("value")}
    if "sort_order" in fields:
        core["order"] = fields["sort_order"]
    if fields.get("condition") is not None:
        core["is_archived"] = fields["condition"] == "deleted"
    own = {k: v for k, v in (("color_number", fields.get("color")), ("external_id", fields.get("external_id")),
                             ("condition", fields.get("condition"))) if v is not None}  # fmt: skip
    if own:
        core["data"] = core.get("data", {}) | own
    return core


def catalog_value(row: CustomFieldOption) -> dict[str, Any]:
    return {
        "id": row.id, "custom_property_id": row.custom_field_id, "value": row.data.get("fields", {}), "name": row.name,
        "author_id": row.data.get("author_id"), "updater_id": row.data.get("updater_id", row.data.get("author_id")),
        "condition": "deleted" if row.is_archived else row.data.get("condition", "active"),
        "created": time(row.created_at), "updated": time(row.updated_at),
    }  # fmt: skip


def author(user: User) -> dict[str, Any]:
    return {"id": user.id, "full_name": user.full_name or user.username, "username": user.username, "email": user.email}


def score_value(row: CustomFieldVote, company_id: int, user: User | None = None) -> dict[str, Any]:
    value = "" if row.value is None else (str(int(row.value)) if float(row.value).is_integer() else str(row.value))
    body = {"id": row.id, "custom_property_id": row.custom_field_id, "value": value, "card_id": row.work_item_id,
            "author_id": row.user_id, "updater_id": row.user_id, "company_id": company_id,
            "created": time(row.created_at), "updated": time(row.updated_at)}  # fmt: skip
    return body | ({"author": author(user)} if user is not None else {})


def vote_value(row: CustomFieldVote, company_id: int, user: User | None = None) -> dict[str, Any]:
    body = {"id": row.id, "custom_property_id": row.custom_field_id, "number_vote": row.number_vote,
            "emoji_vote": row.emoji_vote, "card_id": row.work_item_id, "author_id": row.user_id,
            "company_id": company_id, "created": time(row.created_at), "updated": time(row.updated_at)}  # fmt: skip
    return body | ({"author": author(user)} if user is not None else {})


def card_properties(values: dict[str, Any], types: dict[int, str], user_ids_as_uids: bool) -> dict[str, Any]:
    """An item's values of workspace fields (`types`: field id -> core type) as a card's `properties`."""
    shown: dict[str, Any] = {}
    for key, value in values.items():
        field_type = types.get(int(key))
        if field_type is None:
            continue
        if field_type == "user" and user_ids_as_uids and isinstance(value, int):
            value = uid("user", value)
        shown[f"{PREFIX}{key}"] = value
    return shown


def properties_to_core(sent: dict[str, Any]) -> dict[int, Any]:
    """A card's `properties` body as field id -> value (a user as id or uid); a key not `id_<n>`: 400."""
    values: dict[int, Any] = {}
    for key, value in sent.items():
        number = key.removeprefix(PREFIX)
        if not key.startswith(PREFIX) or not (number.isascii() and number.isdigit() and len(number) < 19):
            raise Invalid.on("properties", f"unknown property {key}")
        if isinstance(value, str) and value.count("-") == 4:
            with contextlib.suppress(NotFound):  # a user's uid (the default `broken_api` form): its id
                value = uid_id("user", value)
        values[int(number)] = value
    return values
