"""Closing a project (archiving it: it stays readable and listed everywhere) and reopening it."""

from __future__ import annotations

from datetime import UTC, datetime

from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.projects.service import update_project
from planyard.kit.errors import Conflict
from planyard.models import Project


def archive_project(ctx: Context, project_id: int) -> Project:
    project, _ = load_project(ctx, project_id, "modify_project")
    if project.is_archived:
        raise Conflict(code="already_archived", entity="project")
    return update_project(ctx, project_id, {"is_archived": True, "archived_at": datetime.now(UTC)})


def restore_project(ctx: Context, project_id: int) -> Project:
    project, _ = load_project(ctx, project_id, "modify_project")
    if not project.is_archived:
        raise Conflict(code="not_archived", entity="project")
    return update_project(ctx, project_id, {"is_archived": False, "archived_at": None})
