"""A project as Productive's `projects` resource object (docs/mapping.md, "Projects")."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from planyard.models import Project

NOT_INCLUDED = {"meta": {"included": False}}
# relationship -> (resource type, the project's column holding its id; None: never included)
RELATIONSHIPS: dict[str, tuple[str, str | None]] = {
    "company": ("companies", "company_id"),
    "project_manager": ("people", "manager_id"),
    "last_actor": ("people", None),
    "workflow": ("workflows", None),
    "custom_field_people": ("people", None),
    "template_object": ("projects", None),
}


def timestamp(moment: datetime | None) -> str | None:
    """A stored time (UTC) with its `+00:00` offset and milliseconds, as Productive writes times."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="milliseconds")


def project_resource(
    project: Project, workflow_id: int | None = None, included: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """The resource; each relationship in `included` carries its identifier (the workflow's is
    `workflow_id`), the others `{"meta": {"included": false}}`."""
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
        "archived_at": timestamp(project.archived_at),
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
    ids = {"workflow": workflow_id} | {name: getattr(project, column) for name, (_, column) in RELATIONSHIPS.items()
                                       if column is not None}  # fmt: skip
    for name, (kind, _) in RELATIONSHIPS.items():
        if name in included and name in ids:
            relationships[name] = {"data": {"type": kind, "id": str(ids[name])} if ids[name] is not None else None}
        else:
            relationships[name] = NOT_INCLUDED
    return {"id": number, "type": "projects", "attributes": attributes, "relationships": relationships}
