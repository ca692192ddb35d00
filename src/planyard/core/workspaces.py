"""Workspaces (Kaiten companies, HacknPlan workspaces, Productive organizations): each has a company and
a shared default workflow from the start (the migration gives existing ones theirs)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from planyard.core.context import Context
from planyard.kit.errors import Forbidden, NotFound
from planyard.kit.uow import UnitOfWork
from planyard.models import Company, Status, Workflow, Workspace

DEFAULT_WORKFLOW = "Default workflow"
# name, slug, color, category (the migration 0018 writes the same)
DEFAULT_STATUSES = (
    ("Not started", "not-started", "#999999", "todo"),
    ("In progress", "in-progress", "#ff9900", "doing"),
    ("Done", "done", "#669900", "done"),
)
STORY = "story"


def workspace_of(uow: UnitOfWork, workspace_id: int) -> Workspace:
    """The workspace a request names, or Forbidden when there is none with that id."""
    workspace = uow.session.get(Workspace, workspace_id)
    if workspace is None:
        raise Forbidden(code="unknown_workspace", entity="workspace")
    return workspace


def new_workspace(session: Session, name: str, slug: str) -> Workspace:
    """A workspace with its company (named after it) and its shared default workflow."""
    workspace = Workspace(name=name, slug=slug)
    session.add(workspace)
    session.flush()
    session.add(Company(workspace_id=workspace.id, name=name))
    add_shared_workflow(session, workspace.id, DEFAULT_WORKFLOW, with_statuses=True)
    return workspace


def add_shared_workflow(session: Session, workspace_id: int, name: str, *, with_statuses: bool) -> Workflow:
    """A workflow any project of the workspace may use; `with_statuses`: the default three (one closed)."""
    workflow = Workflow(workspace_id=workspace_id, name=name, is_shared=True)
    session.add(workflow)
    session.flush()
    if with_statuses:
        session.add_all(
            Status(
                project_id=None,
                workflow_id=workflow.id,
                kind=STORY,
                name=status_name,
                slug=slug,
                color=color,
                category=category,
                is_closed=category == "done",
                order=order,
            )  # fmt: skip
            for order, (status_name, slug, color, category) in enumerate(DEFAULT_STATUSES, start=1)
        )
        session.flush()
    return workflow


def default_workflow(session: Session, workspace_id: int) -> Workflow | None:
    """The workspace's first shared workflow."""
    return session.scalar(select(Workflow).where(Workflow.workspace_id == workspace_id, Workflow.is_shared.is_(True))
                          .order_by(Workflow.id).limit(1))  # fmt: skip


def get_workspace(ctx: Context, workspace_id: int) -> Workspace:
    ctx.require_user()
    workspace = ctx.session.get(Workspace, workspace_id)
    if workspace is None:
        raise NotFound(entity="workspace")
    return workspace
