"""Stages (R17/R18: statuses of the story workflow), categories (R9: item types), importance levels (R14:
priorities) and project tags (R19). Rows without a time of their own render the project's creationDate;
`icon` and the other HacknPlan-only fields live in the row's `extra["hacknplan"]`."""

from __future__ import annotations

from typing import Any

from planyard.dialects.hacknplan.mappers.values import time
from planyard.models import ItemOption, ItemType, Project, Status, Tag

# A stage's `status`: the core category (`todo`/`doing`/`done`) by name and by number.
STAGE_STATUS = {"todo": "Created", "doing": "Started", "done": "Completed"}
STAGE_NUMBER = {"todo": 1, "doing": 2, "done": 3}
CLOSED_STATUS = {"Created": False, "Started": False, "Completed": True, 1: False, 2: False, 3: True}


def own(row: Any) -> dict[str, Any]:
    return dict((row.extra or {}).get("hacknplan", {}))


def with_own(row: Any | None, values: dict[str, Any]) -> dict[str, Any]:
    """The row's `extra` with these HacknPlan fields set."""
    extra = dict(row.extra or {}) if row is not None else {}
    extra["hacknplan"] = {**extra.get("hacknplan", {}), **values}
    return extra


def stage(row: Status, project: Project) -> dict[str, Any]:
    mine = own(row)
    return {
        "projectId": project.id, "stageId": row.id, "name": row.name, "icon": mine.get("icon"), "color": row.color,
        "status": STAGE_STATUS.get(row.category, "Started"), "isUnblocker": bool(mine.get("isUnblocker", False)),
        "creationDate": time(project.created_date),
    }  # fmt: skip


def stage_internal(row: Status, project: Project) -> dict[str, Any]:
    return stage(row, project) | {"status": STAGE_NUMBER.get(row.category, 2), "displayOrder": row.order}


def stage_to_core(row: Status | None, body: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {k: body[k] for k in ("name", "color") if k in body}
    if "color" in changes and changes["color"] is None:
        changes["color"] = "#999999"
    if "status" in body:
        changes["is_closed"] = CLOSED_STATUS[body["status"] or 2]
    if body.get("displayOrder") is not None:
        changes["order"] = body["displayOrder"]
    mine: dict[str, Any] = {k: body[k] for k in ("icon", "isUnblocker") if k in body}
    if mine:
        changes["extra"] = with_own(row, mine)
    return changes


def category(row: ItemType, project: Project) -> dict[str, Any]:
    return {
        "projectId": project.id, "categoryId": row.id, "name": row.name, "icon": own(row).get("icon"),
        "color": row.color, "creationDate": time(project.created_date),
    }  # fmt: skip


def importance_level(row: ItemOption, project: Project) -> dict[str, Any]:
    return {
        "projectId": project.id, "importanceLevelId": row.id, "name": row.name, "icon": own(row).get("icon"),
        "color": row.color, "isDefault": project.default_priority_id == row.id,
        "creationDate": time(project.created_date),
    }  # fmt: skip


def tag(row: Tag, project: Project) -> dict[str, Any]:
    mine = own(row)
    return {
        "projectId": project.id, "tagId": row.id, "name": row.name, "icon": mine.get("icon"), "color": row.color,
        "displayIconOnly": bool(mine.get("displayIconOnly", False)), "creationDate": time(project.created_date),
    }  # fmt: skip
