"""Core projects as Kaiten spaces, and a space body as core project fields and a place in the tree."""

from __future__ import annotations

from typing import Any

from planyard.core.tree import Place, Ref
from planyard.dialects.kaiten.mappers.values import time, uid, uid_id
from planyard.kit.errors import Invalid, NotFound
from planyard.models import Project

CORE_NAMES = {"title": "name", "description": "description", "archived": "is_archived"}
TREE_FIELDS = ("parent_entity_uid", "sort_order")


def entity_uid(at: Ref) -> str:
    kind, number = at
    return uid("space" if kind == "project" else "tree_entity", number)


def entity_ref(text: str, field: str = "parent_entity_uid") -> Ref:
    """A tree entity uid (a space's or another entry's) as the core's reference; unknown: 400 on `field`."""
    for table, kind in (("space", "project"), ("tree_entity", "entry")):
        try:
            return (kind, uid_id(table, text))
        except NotFound:
            continue
    raise Invalid.on(field, "unknown tree entity")


def space(row: Project, place: Place | None = None) -> dict[str, Any]:
    own = row.extra.get("kaiten", {})
    here = ("project", row.id)
    return {
        "id": row.id, "uid": uid("space", row.id), "title": row.name, "description": row.description,
        "created": time(row.created_date), "updated": time(row.modified_date), "archived": row.is_archived,
        "access": "by_invite" if row.is_private else "for_everyone", "for_everyone_access_role_id": None,
        "entity_type": "space", "path": ".".join(entity_uid(at) for at in (place.path if place else [here])),
        "sort_order": place.entry.sort_order if place else row.id,
        "parent_entity_uid": entity_uid(place.parent) if place and place.parent else None,
        "company_id": row.workspace_id, "allowed_card_type_ids": own.get("allowed_card_type_ids"),
        "external_id": own.get("external_id"), "settings": own.get("settings", {}),
    }  # fmt: skip


def to_core(fields: dict[str, Any]) -> dict[str, Any]:
    """The project's own fields of a space body (`access` as privacy)."""
    core = {CORE_NAMES[name]: value for name, value in fields.items() if name in CORE_NAMES}
    if fields.get("access") is not None:
        core["is_private"] = fields["access"] == "by_invite"
    return core


def to_place(fields: dict[str, Any]) -> dict[str, Any]:
    """The place in the tree a space body asks for (`parent_entity_uid` null: the root)."""
    place: dict[str, Any] = {}
    if "parent_entity_uid" in fields:
        text = fields["parent_entity_uid"]
        place["parent"] = None if text is None else entity_ref(text)
    if fields.get("sort_order") is not None:
        place["sort_order"] = fields["sort_order"]
    return place
