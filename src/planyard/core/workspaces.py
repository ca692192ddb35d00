"""Workspaces (Kaiten companies, HacknPlan workspaces, Productive organizations)."""

from __future__ import annotations

from planyard.kit.errors import Forbidden
from planyard.kit.uow import UnitOfWork
from planyard.models import Workspace


def workspace_of(uow: UnitOfWork, workspace_id: int) -> Workspace:
    """The workspace a request names, or Forbidden when there is none with that id."""
    workspace = uow.session.get(Workspace, workspace_id)
    if workspace is None:
        raise Forbidden(code="unknown_workspace", entity="workspace")
    return workspace
