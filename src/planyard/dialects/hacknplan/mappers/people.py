"""Workspaces (R30), workspace users (R32), teams (R31), project roles (R15/R16) and project users (R20)."""

from __future__ import annotations

from typing import Any

from planyard.core.access import ADMIN_PERMISSIONS, MEMBER_PERMISSIONS
from planyard.core.workspaces import WorkspaceUser
from planyard.dialects.hacknplan.mappers.users import user
from planyard.dialects.hacknplan.mappers.values import time
from planyard.models import Membership, Project, Role, Team, User, Workspace

WRITES = ("add_", "modify_")


def workspace(row: Workspace, owner: User | None, seats: int, projects: list[dict[str, Any]] | None) -> dict[str, Any]:
    own = row.extra.get("hacknplan", {})
    return {
        "id": row.id, "name": row.name, "owner": user(owner) if owner else None,
        "generalInfo": own.get("generalInfo"), "totalSeats": int(own.get("totalSeats", seats)), "usedSeats": seats,
        "creationDate": time(row.created_at), "projects": projects,
    }  # fmt: skip


def workspace_user(row: WorkspaceUser) -> dict[str, Any]:
    return {
        "workspaceId": row.workspace_id, "user": user(row.user), "teamId": row.team_id, "isAdmin": row.is_admin,
        "isGuest": row.is_guest, "isActive": row.is_active, "creationDate": time(row.joined_at),
    }  # fmt: skip


def team(row: Team, members: list[User], creator: User | None) -> dict[str, Any]:
    return {
        "workspaceId": row.workspace_id, "teamId": row.id, "name": row.name, "users": [user(u) for u in members],
        "creator": user(creator) if creator else None, "creationDate": time(row.created_at),
    }  # fmt: skip


def role_is_admin(row: Role) -> bool:
    return "admin_roles" in (row.permissions or [])


def role_is_guest(row: Role) -> bool:
    return not any(p.startswith(WRITES) for p in row.permissions or [])


def permissions(row: Role) -> dict[str, Any]:
    own = row.extra.get("hacknplan", {})
    design = own.get("designAccess") or {"canRead": True, "canWrite": not role_is_guest(row)}
    return {"categoryPermissions": own.get("categoryAccess") or [], "gameDesignModelPermissions": design}


def role(row: Role, project: Project) -> dict[str, Any]:
    return {
        "projectId": row.project_id, "roleId": row.id, "name": row.name, "isAdmin": role_is_admin(row),
        "creationDate": time(project.created_date), "permissions": permissions(row),
    }  # fmt: skip


def role_internal(row: Role, project: Project) -> dict[str, Any]:
    own = row.extra.get("hacknplan", {})
    design = permissions(row)["gameDesignModelPermissions"]
    return {
        "projectId": row.project_id, "roleId": row.id, "name": row.name, "isAdmin": role_is_admin(row),
        "displayOrder": row.order, "creationDate": time(project.created_date),
        "categoryAccess": own.get("categoryAccess") or [],
        "designAccess": {"id": row.id, "name": row.name, "canRead": bool(design.get("canRead", True)),
                         "canWrite": bool(design.get("canWrite", False))},
        "featureAccess": own.get("featureAccess") or [],
    }  # fmt: skip


def role_to_core(row: Role | None, body: dict[str, Any]) -> dict[str, Any]:
    """Core role fields from the sent fields: `isAdmin` decides the permission set (members' or all), the
    access lists join `extra["hacknplan"]`."""
    changes: dict[str, Any] = {}
    if "name" in body:
        changes["name"] = body["name"]
    if "isAdmin" in body:
        changes["permissions"] = MEMBER_PERMISSIONS + (ADMIN_PERMISSIONS if body["isAdmin"] else [])
    if "displayOrder" in body and body["displayOrder"] is not None:
        changes["order"] = body["displayOrder"]
    mine = {k: body[k] for k in ("categoryAccess", "designAccess", "featureAccess") if k in body}
    if mine:
        extra = dict(row.extra) if row is not None else {}
        extra["hacknplan"] = {**extra.get("hacknplan", {}), **mine}
        changes["extra"] = extra
    return changes


def project_user(membership: Membership, member: User, row_role: Role, project: Project) -> dict[str, Any]:
    return {
        "projectId": membership.project_id, "user": user(member),
        "isAdmin": membership.is_admin or project.owner_id == member.id, "isGuest": role_is_guest(row_role),
        "isActive": member.is_active, "creationDate": time(membership.created_at), "permissions": permissions(row_role),
        "role": role(row_role, project),
    }  # fmt: skip
