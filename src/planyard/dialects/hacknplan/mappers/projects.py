"""Core projects as HacknPlan projects (R8), their metrics (R2), and a project body as core fields."""

from __future__ import annotations

from typing import Any

from planyard.core.projects.metrics import ItemMetrics
from planyard.dialects.hacknplan.mappers.users import user
from planyard.dialects.hacknplan.mappers.values import time
from planyard.models import Project, User

# The project fields HacknPlan has and the core has not: `projects.extra["hacknplan"]`.
OWN_FIELDS = ("generalInfo", "costMetric", "hoursPerDay", "moduleConfig")
MODULES = (
    "workItems", "workItemCategories", "workItemDates", "workItemCosts", "workItemSubTasks", "workItemDependencies",
    "workItemAttachments", "workItemComments", "workItemTags", "gameDesignModel", "gameDesignModelTypes",
    "gameDesignModelDates", "gameDesignModelAttachments", "gameDesignModelComments", "calendar", "burndownChart",
    "ganttChart", "metrics", "activity", "notifications",
)  # fmt: skip
COST_METRIC = "Hours"
HOURS_PER_DAY = 8


def own(row: Project) -> dict[str, Any]:
    return dict(row.extra.get("hacknplan", {}))


def default_board_id(row: Project) -> int | None:
    value = row.extra.get("default_sprint_id")
    return int(value) if value is not None else None


def project(row: Project, owners: dict[int, User]) -> dict[str, Any]:
    fields = own(row)
    owner = owners.get(row.owner_id) if row.owner_id else None
    modules = {name: True for name in MODULES} | (fields.get("moduleConfig") or {})
    return {
        "id": row.id, "workspaceId": row.workspace_id, "name": row.name, "description": row.description,
        "generalInfo": fields.get("generalInfo"), "closingDate": time(row.archived_at) if row.is_archived else None,
        "creationDate": time(row.created_date), "owner": user(owner) if owner else None,
        "costMetric": fields.get("costMetric") or COST_METRIC, "isDemo": bool(fields.get("isDemo", False)),
        "hoursPerDay": fields.get("hoursPerDay") or HOURS_PER_DAY, "moduleConfig": modules,
        "defaultBoardId": default_board_id(row),
    }  # fmt: skip


def to_core(row: Project | None, body: dict[str, Any]) -> dict[str, Any]:
    """Core changes from the fields of a body (`body` holds only what is to change): name and description
    are columns, the rest joins the project's `extra["hacknplan"]`."""
    changes: dict[str, Any] = {}
    if "name" in body:
        changes["name"] = body["name"]
    if "description" in body:
        changes["description"] = body["description"] or ""
    mine = {k: body[k] for k in OWN_FIELDS if k in body}
    if mine:
        extra = dict(row.extra) if row is not None else {}
        extra["hacknplan"] = {**extra.get("hacknplan", {}), **mine}
        changes["extra"] = extra
    return changes


def metrics(values: ItemMetrics) -> dict[str, Any]:
    logged = round(values.logged_minutes / 60, 2)
    return {
        "categories": [
            {"categoryId": t.item_type_id, "name": t.name, "totalWorkItems": t.total,
             "openWorkItems": t.total - t.closed, "closedWorkItems": t.closed}
            for t in values.types
        ],
        "totalWorkItems": values.total, "totalWorkItemsVariation": 0, "openWorkItems": values.open,
        "closedWorkItems": values.closed, "estimatedCost": 0, "estimatedCostVariation": 0, "loggedCost": logged,
        "remainingCost": 0,
    }  # fmt: skip
