"""Project templates: Taiga request bodies -> core values; ORM rows -> §41.10 detail."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from planyard.dialects.taiga.schemas.project_templates import ProjectTemplateDetail
from planyard.models import ProjectTemplate

LIST_FIELDS = (
    "epic_statuses", "us_statuses", "points", "task_statuses", "issue_statuses", "issue_types", "priorities",
    "severities", "roles",
)  # fmt: skip
NOT_NULL = ("name", "description", "default_owner_role", "order") + tuple(
    f"is_{m}_activated" for m in ("epics", "backlog", "kanban", "wiki", "issues")
)


def template_to_core(body: BaseModel) -> dict[str, Any]:
    """The fields the client sent; list items keep only the keys given, nulls become the defaults."""
    data = body.model_dump(exclude_unset=True)
    for key in LIST_FIELDS:
        if key in data:
            data[key] = [{k: v for k, v in item.items() if v is not None} for item in data[key] or []]
    if "default_options" in data:
        data["default_options"] = data["default_options"] or {}
    return {k: v for k, v in data.items() if not (k in NOT_NULL and v is None)}


def template_detail(template: ProjectTemplate) -> dict[str, Any]:
    return {name: getattr(template, name) for name in ProjectTemplateDetail.model_fields}
