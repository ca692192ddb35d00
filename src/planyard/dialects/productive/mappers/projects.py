"""A project as Productive's `projects` resource object (docs/mapping.md, "Projects")."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from planyard.models import Project

NOT_INCLUDED = {"meta": {"included": False}}
UNINCLUDED_RELATIONSHIPS = (
    "company", "project_manager", "last_actor", "workflow", "custom_field_people", "template_object",
)  # fmt: skip


def timestamp(moment: datetime | None) -> str | None:
    """A stored time (UTC) with its `+00:00` offset and milliseconds, as Productive writes times."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="milliseconds")


def project_resource(project: Project) -> dict[str, Any]:
    own = project.extra.get("productive", {})
    number = str(project.id)
    attributes = {
        "name": project.name,
        "number": number,
        "project_number": number,
        "project_type_id": own.get("project_type_id", 1),
        "project_color_id": own.get("project_color_id"),
        "last_activity_at": timestamp(project.modified_date),
        "public_access": not project.is_private,
        "time_on_tasks": own.get("time_on_tasks", False),
        "tag_colors": {},
        "archived_at": None,
        "created_at": timestamp(project.created_date),
        "template": own.get("template", False),
        "custom_fields": None,
        "task_custom_fields_ids": None,
        "sample_data": own.get("sample_data", False),
        "description": project.description,
    }
    relationships: dict[str, Any] = {
        "organization": {"data": {"type": "organizations", "id": str(project.workspace_id)}},
    }
    relationships |= {name: NOT_INCLUDED for name in UNINCLUDED_RELATIONSHIPS}
    return {"id": number, "type": "projects", "attributes": attributes, "relationships": relationships}
