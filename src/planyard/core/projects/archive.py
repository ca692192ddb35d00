"""Archiving a project (Productive archive, HacknPlan closure, Kaiten `archived`): it stays readable and
listed everywhere, with `is_archived` and the moment in `archived_at`; restoring clears both."""

from __future__ import annotations

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.db.base import utcnow
from planyard.kit.errors import Conflict
from planyard.models import Project

TARGET = "project"


def set_archived(ctx: Context, project_id: int, archived: bool, *, conflict_if_so: bool = False) -> Project:
    """Archive or restore; a project already so is left as it is, or a Conflict with `conflict_if_so`
    (HacknPlan's 409 on closing a closed project)."""
    project, _ = load_project(ctx, project_id, "modify_project")
    if project.is_archived == archived:
        if conflict_if_so:
            raise Conflict(code="already_archived" if archived else "not_archived", entity="project")
        return project
    before = {"is_archived": project.is_archived, "archived_at": project.archived_at}
    project.is_archived = archived
    project.archived_at = utcnow() if archived else None
    project.version += 1
    history.record(ctx, target_type=TARGET, target_id=project.id, project_id=project.id, action="change",
                   diff=history.diff_of(before, {"is_archived": archived, "archived_at": project.archived_at}),
                   version=project.version)  # fmt: skip
    ctx.session.flush()
    return project
