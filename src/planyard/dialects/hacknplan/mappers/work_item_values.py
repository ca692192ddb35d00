"""A work item body (the fields to change) as core changes: HacknPlan's names to core columns, stages
through the project's status bridge, `0` ids as none (the backlog, no design element, no parent)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from planyard.core.work_items.kinds import ItemProfile
from planyard.core.work_items.project_items import StatusBridge
from planyard.core.work_items.service import ItemChanges
from planyard.dialects.hacknplan.mappers.work_items import OWN
from planyard.models import WorkItem

COLUMNS = {
    "title": "subject", "description": "description", "parentStoryId": "parent_id", "estimatedCost": "estimate",
    "importanceLevelId": "priority_id", "boardId": "sprint_id", "designElementId": "design_element_id",
    "startDate": "start_date", "dueDate": "due_date",
}  # fmt: skip
ZERO_IS_NONE = ("parentStoryId", "boardId", "designElementId", "importanceLevelId")


def day(value: Any) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def to_core(body: dict[str, Any], kind: ItemProfile, bridge: StatusBridge, row: WorkItem | None) -> ItemChanges:
    """`body` holds only what is to change; a null stage or category keeps the current one."""
    fields: dict[str, Any] = {}
    for name, column in COLUMNS.items():
        if name in body:
            value = body[name]
            if name in ZERO_IS_NONE and value == 0:
                value = None
            fields[column] = day(value) if name in ("startDate", "dueDate") else value
    if "description" in fields:
        fields["description"] = fields["description"] or ""
    if body.get("stageId") is not None:
        fields["status_id"] = bridge.written(kind.name, body["stageId"])
    changes = ItemChanges(fields=fields, item_type_id=body.get("categoryId"))
    if "isStory" in body:
        mine = dict((row.extra if row is not None else {}).get(OWN) or {})
        changes.extra = {OWN: mine | {"is_story": bool(body["isStory"])}}
    return changes
