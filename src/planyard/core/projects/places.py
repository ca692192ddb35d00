"""A project's place in its workspace's tree (see core/tree.py), made with the project."""

from __future__ import annotations

from sqlalchemy.orm import Session

from planyard.models import Project, TreeEntity

SPACE = "space"


def place_project(session: Session, project: Project) -> TreeEntity:
    """A new project's place: at the root of its workspace, after the others (by id)."""
    entry = TreeEntity(workspace_id=project.workspace_id, project_id=project.id, entity_type=SPACE,
                       title=project.name[:255], sort_order=float(project.id),
                       access="by_invite" if project.is_private else "for_everyone")  # fmt: skip
    session.add(entry)
    return entry
