"""Core sprints as HacknPlan boards (R1) and releases as milestones (R7), and their bodies as core fields.
A board's dates are required in the core: one a body leaves out is stored as today (or the start) and
named in `extra["hacknplan"]["undated"]`, so it renders null."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from planyard.dialects.hacknplan.mappers.users import user
from planyard.dialects.hacknplan.mappers.values import time
from planyard.models import Project, Release, Sprint, User

DATES = {"startDate": "estimated_start", "dueDate": "estimated_finish"}


def _day(value: datetime | date | None) -> date | None:
    if isinstance(value, datetime):
        return value.astimezone(UTC).date() if value.tzinfo else value.date()
    return value


def board(row: Sprint, project: Project, users: dict[int, User]) -> dict[str, Any]:
    own = row.extra.get("hacknplan", {})
    undated = set(own.get("undated", []))
    creator = users.get(row.owner_id or 0)
    return {
        "projectId": row.project_id, "boardId": row.id, "milestoneId": row.release_id, "name": row.name,
        "description": row.description, "generalInfo": own.get("generalInfo"),
        "startDate": None if "startDate" in undated else time(row.estimated_start),
        "dueDate": None if "dueDate" in undated else time(row.estimated_finish),
        "closingDate": time(row.closed_at or row.modified_date) if row.closed else None,
        "creationDate": time(row.created_date), "creator": user(creator) if creator else None,
        "isDefault": project.extra.get("default_sprint_id") == row.id,
    }  # fmt: skip


def board_to_core(row: Sprint | None, body: dict[str, Any]) -> dict[str, Any]:
    """Core sprint fields from the sent board fields (`milestoneId` is `release_id`)."""
    changes: dict[str, Any] = {}
    if "name" in body:
        changes["name"] = body["name"]
    if "description" in body:
        changes["description"] = body["description"] or ""
    if "milestoneId" in body:
        changes["release_id"] = body["milestoneId"]
    own = dict(row.extra.get("hacknplan", {})) if row is not None else {}
    undated = set(own.get("undated", ["startDate", "dueDate"] if row is None else []))
    today = datetime.now(UTC).date()
    for name, column in DATES.items():
        if name in body:
            day = _day(body[name])
            undated.discard(name) if day is not None else undated.add(name)
            changes[column] = day or (row and getattr(row, column)) or today
        elif row is None:
            changes[column] = today
    if row is None and "estimated_start" in changes and "dueDate" not in body:
        changes["estimated_finish"] = max(changes["estimated_finish"], changes["estimated_start"])
    if "generalInfo" in body:
        own["generalInfo"] = body["generalInfo"]
    own["undated"] = sorted(undated)
    extra = dict(row.extra) if row is not None else {}
    changes["extra"] = extra | {"hacknplan": own}
    return changes


def milestone(row: Release, users: dict[int, User], boards: list[dict[str, Any]] | None) -> dict[str, Any]:
    creator = users.get(row.owner_id or 0)
    return {
        "projectId": row.project_id, "milestoneId": row.id, "name": row.name, "generalInfo": row.description,
        "creator": user(creator) if creator else None, "startDate": time(row.start_date), "dueDate": time(row.due_date),
        "closingDate": time(row.closed_at), "creationDate": time(row.created_at), "boards": boards,
    }  # fmt: skip


def milestone_to_core(body: dict[str, Any]) -> dict[str, Any]:
    names = {"name": "name", "generalInfo": "description", "startDate": "start_date", "dueDate": "due_date"}
    changes = {names[k]: v for k, v in body.items() if k in names}
    for column in ("start_date", "due_date"):
        if column in changes:
            changes[column] = _day(changes[column])
    if "description" in changes:
        changes["description"] = changes["description"] or ""
    return changes
