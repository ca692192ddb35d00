"""Job titles of a workspace (a time entry's role): named rows without permissions. Anyone signed in reads
them; workspace admins write them; a name is unique in its workspace."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from planyard.core import history
from planyard.core.company import require_admin
from planyard.core.context import Context
from planyard.kit.errors import Conflict, Invalid, NotFound
from planyard.models import WorkspaceRole

TARGET = "workspace_role"


def list_roles(ctx: Context, workspace_id: int) -> list[WorkspaceRole]:
    ctx.require_user()
    stmt = select(WorkspaceRole).where(WorkspaceRole.workspace_id == workspace_id).order_by(WorkspaceRole.id)
    return list(ctx.session.scalars(stmt))


def get_role(ctx: Context, workspace_id: int, role_id: int) -> WorkspaceRole:
    ctx.require_user()
    role = ctx.session.get(WorkspaceRole, role_id)
    if role is None or role.workspace_id != workspace_id:
        raise NotFound(entity="workspace_role")
    return role


def _name(ctx: Context, workspace_id: int, name: Any, exclude: int | None = None) -> str:
    name = (name or "").strip() if isinstance(name, str) else name
    if not name:
        raise Invalid(code="blank", field="name")
    taken = select(WorkspaceRole.id).where(WorkspaceRole.workspace_id == workspace_id,
                                           func.lower(WorkspaceRole.name) == name.lower())  # fmt: skip
    if exclude is not None:
        taken = taken.where(WorkspaceRole.id != exclude)
    if ctx.session.scalar(taken) is not None:
        raise Conflict(code="duplicate", entity="workspace_role", field="name")
    return str(name)


def create_role(ctx: Context, workspace_id: int, name: str) -> WorkspaceRole:
    require_admin(ctx, workspace_id)
    role = WorkspaceRole(workspace_id=workspace_id, name=_name(ctx, workspace_id, name))
    ctx.session.add(role)
    ctx.session.flush()
    history.record(ctx, target_type=TARGET, target_id=role.id, action="create", snapshot={"name": role.name})
    return role


def update_role(ctx: Context, workspace_id: int, role_id: int, name: str | None) -> WorkspaceRole:
    role = get_role(ctx, workspace_id, role_id)
    require_admin(ctx, workspace_id)
    if name is not None:
        before, role.name = role.name, _name(ctx, workspace_id, name, role.id)
        if before != role.name:
            history.record(
                ctx, target_type=TARGET, target_id=role.id, action="change", diff={"name": [before, role.name]}
            )
    ctx.session.flush()
    return role


def delete_role(ctx: Context, workspace_id: int, role_id: int) -> WorkspaceRole:
    role = get_role(ctx, workspace_id, role_id)
    require_admin(ctx, workspace_id)
    history.record(ctx, target_type=TARGET, target_id=role.id, action="delete", snapshot={"name": role.name})
    ctx.session.delete(role)
    ctx.session.flush()
    return role
