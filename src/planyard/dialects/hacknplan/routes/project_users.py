"""HacknPlan project users: list, add (a user, an email, or a workspace team), get, PUT, PATCH, remove."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from starlette.responses import Response

from planyard.core import memberships, roles, workspaces
from planyard.core.context import Context
from planyard.core.projects import actions
from planyard.dialects.hacknplan import access
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.mappers.people import project_user, role_is_guest
from planyard.dialects.hacknplan.schemas.people import (
    ProjectUser,
    ProjectUserCreate,
    ProjectUserPatch,
    ProjectUserValues,
)  # fmt: skip
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.query import EVERYTHING
from planyard.models import Project
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["project users"])


def _rendered(row: Any) -> dict[str, Any]:
    return project_user(row.Membership, row.member, row.Role, row.Project)


def _default_role(ctx: Context, project: Project) -> int:
    """The project's first role no admin set gives (else its first role)."""
    rows = roles.list_roles(ctx, project.id, EVERYTHING).items
    plain = [r for r in rows if "admin_roles" not in (r.permissions or [])]
    return (plain or rows)[0].id


def _role_of(ctx: Context, project: Project, role_id: int | None) -> int:
    if role_id is None:
        return _default_role(ctx, project)
    role = roles.get_role(ctx, role_id)
    if role.project_id != project.id:
        raise NotFound(entity="role")
    return role.id


@router.get("/projects/{projectId}/users", response_model=list[ProjectUser])
def list_project_users(projectId: int, ctx: Ctx, includeInactive: bool = False, includeGuests: bool = True) -> Response:
    project, _ = access.member(ctx, projectId)
    rows = [row for row in memberships.list_memberships(ctx, project.id, None, EVERYTHING).items
            if row.member is not None and (includeInactive or row.member.is_active)
            and (includeGuests or not role_is_guest(row.Role))]  # fmt: skip
    rows.sort(key=lambda row: row.member.id)
    return render(ProjectUser, [_rendered(row) for row in rows])


@router.post("/projects/{projectId}/users", response_model=ProjectUser, status_code=201)
def add_project_user(projectId: int, body: ProjectUserCreate, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    if (body.userId is None) == (body.email is None):
        raise Invalid(code="invalid")
    role_id = _role_of(ctx, project, body.roleId)
    identity = body.email
    if body.userId is not None:
        identity = memberships.user_identity(ctx, body.userId)
    made = memberships.create_membership(ctx, {"project": project.id, "role": role_id, "email": identity,
                                               "is_admin": body.isAdmin})  # fmt: skip
    if made.user_id is None:
        return empty()  # an invitation was mailed
    return render(ProjectUser, _rendered(memberships.membership_of(ctx, project.id, made.user_id)), 201)


@router.post("/projects/{projectId}/teams", response_model=list[ProjectUser], status_code=201)
def add_project_team(projectId: int, teamId: Annotated[int, Body()], ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    team, user_ids = workspaces.team_user_ids(ctx, access.checked_id(teamId, "team"))
    if team.workspace_id != project.workspace_id:
        raise NotFound(entity="team")
    memberships.add_members(ctx, project.id, user_ids, _default_role(ctx, project))
    rows = [memberships.membership_of(ctx, project.id, user_id) for user_id in sorted(user_ids)]
    return render(ProjectUser, [_rendered(row) for row in rows], 201)


@router.get("/projects/{projectId}/users/{userId}", response_model=ProjectUser)
def get_project_user(projectId: int, userId: int, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    return render(ProjectUser, _rendered(memberships.membership_of(ctx, project.id, access.checked_id(userId, "user"))))


def _update(ctx: Context, projectId: int, userId: int, changes: dict[str, Any]) -> Response:
    project, _ = access.admin(ctx, projectId)
    row = memberships.membership_of(ctx, project.id, access.checked_id(userId, "user"))
    if changes.get("role") is not None:
        changes["role"] = _role_of(ctx, project, changes["role"])
    memberships.update_membership(ctx, row.Membership.id, changes)
    return empty()


@router.put("/projects/{projectId}/users/{userId}")
def replace_project_user(projectId: int, userId: int, body: ProjectUserValues, ctx: Ctx) -> Response:
    return _update(ctx, projectId, userId, {"role": body.roleId, "is_admin": body.isAdmin})


@router.patch("/projects/{projectId}/users/{userId}")
def patch_project_user(projectId: int, userId: int, body: ProjectUserPatch, ctx: Ctx) -> Response:
    sent = body.model_dump(exclude_unset=True)
    return _update(ctx, projectId, userId, {"role": sent.get("roleId"), "is_admin": sent.get("isAdmin")})


@router.delete("/projects/{projectId}/users/{userId}")
def remove_project_user(projectId: int, userId: int, ctx: Ctx) -> Response:
    project, _ = access.admin_or_self(ctx, projectId, userId)
    if userId == ctx.require_user().id:
        actions.leave(ctx, project.id)
    else:
        row = memberships.membership_of(ctx, project.id, access.checked_id(userId, "user"))
        memberships.delete_membership(ctx, row.Membership.id)
    return empty()
