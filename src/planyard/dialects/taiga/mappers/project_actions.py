"""ORM rows -> the shapes of Taiga's project actions (§41.8-41.10)."""

from __future__ import annotations

from typing import Any

from planyard.models import ProjectTemplate, User

TEMPLATE_FIELDS = (
    "id", "name", "slug", "description", "order", "created_date", "modified_date", "default_owner_role",
    "is_epics_activated", "is_backlog_activated", "is_kanban_activated", "is_wiki_activated", "is_issues_activated",
    "videoconferences", "videoconferences_extra_data", "default_options", "epic_statuses", "us_statuses", "points",
    "task_statuses", "issue_statuses", "issue_types", "priorities", "severities", "roles",
)  # fmt: skip


def project_user_entry(user: User) -> dict[str, Any]:
    """A fan or watcher: Taiga's full name falls back to the username, then the email."""
    return {"id": user.id, "username": user.username, "full_name": user.full_name or user.username or user.email}


def template_detail(template: ProjectTemplate) -> dict[str, Any]:
    return {name: getattr(template, name) for name in TEMPLATE_FIELDS}
