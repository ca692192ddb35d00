"""A project's files: every attachment of the project (on items and design elements), the space they
take, and a file removed whatever it hangs on."""

from __future__ import annotations

from sqlalchemy import func, select

from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.design_content import remove_file
from planyard.kit.errors import NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import Page, Window
from planyard.models import Attachment, Project


def list_files(ctx: Context, project_id: int, window: Window) -> Page[Attachment]:
    load_project(ctx, project_id, "admin_project_values")
    stmt = select(Attachment).where(Attachment.project_id == project_id).order_by(Attachment.id)
    return fetch_page(ctx.session, stmt, window)


def delete_file(ctx: Context, project_id: int, file_id: int) -> None:
    load_project(ctx, project_id, "admin_project_values")
    found = ctx.session.get(Attachment, file_id)
    if found is None or found.project_id != project_id:
        raise NotFound(entity="file")
    remove_file(ctx, found)


def used_space(ctx: Context, project_id: int) -> tuple[int, int]:
    """(bytes the project's files take, bytes its workspace's files take)."""
    project, _ = load_project(ctx, project_id)
    in_project = select(func.coalesce(func.sum(Attachment.size), 0)).where(Attachment.project_id == project.id)
    workspace_projects = select(Project.id).where(Project.workspace_id == project.workspace_id)
    in_workspace = select(func.coalesce(func.sum(Attachment.size), 0)).where(
        Attachment.project_id.in_(workspace_projects)
    )
    return int(ctx.session.scalar(in_project) or 0), int(ctx.session.scalar(in_workspace) or 0)
