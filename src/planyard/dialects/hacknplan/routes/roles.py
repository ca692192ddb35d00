"""HacknPlan project roles: list, create, get, PUT, PATCH, delete (its members move to another role)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import roles
from planyard.core.context import Context
from planyard.dialects.hacknplan import access
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.mappers.people import role, role_internal, role_to_core
from planyard.dialects.hacknplan.schemas.people import Role, RoleInternal, RolePatch, RoleValues
from planyard.kit.errors import Conflict, NotFound
from planyard.kit.query import EVERYTHING
from planyard.models import Project
from planyard.models import Role as RoleRow
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["roles"])


def _role(ctx: Context, project: Project, role_id: int) -> RoleRow:
    row = roles.get_role(ctx, access.checked_id(role_id, "role"))
    if row.project_id != project.id:
        raise NotFound(entity="role")
    return row


@router.get("/projects/{projectId}/roles", response_model=list[Role])
def list_roles(projectId: int, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    return render(Role, [role(row, project) for row in roles.list_roles(ctx, project.id, EVERYTHING).items])


@router.post("/projects/{projectId}/roles", response_model=Role, status_code=201)
def create_role(projectId: int, body: RoleValues, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    values = role_to_core(None, body.model_dump(exclude_none=True) | {"isAdmin": body.isAdmin})
    return render(Role, role(roles.create_role(ctx, project.id, values | {"computable": False}), project), 201)


@router.get("/projects/{projectId}/roles/{roleId}", response_model=Role)
def get_role(projectId: int, roleId: int, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    return render(Role, role(_role(ctx, project, roleId), project))


def _update(ctx: Context, projectId: int, roleId: int, sent: dict[str, Any]) -> Response:
    project, _ = access.admin(ctx, projectId)
    row = _role(ctx, project, roleId)
    return render(RoleInternal, role_internal(roles.update_role(ctx, row.id, role_to_core(row, sent)), project))


@router.put("/projects/{projectId}/roles/{roleId}", response_model=RoleInternal)
def replace_role(projectId: int, roleId: int, body: RoleValues, ctx: Ctx) -> Response:
    return _update(ctx, projectId, roleId, body.model_dump())


@router.patch("/projects/{projectId}/roles/{roleId}", response_model=RoleInternal)
def patch_role(projectId: int, roleId: int, body: RolePatch, ctx: Ctx) -> Response:
    return _update(ctx, projectId, roleId, body.model_dump(exclude_unset=True))


@router.delete("/projects/{projectId}/roles/{roleId}")
def delete_role(projectId: int, roleId: int, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    row = _role(ctx, project, roleId)
    others = [r for r in roles.list_roles(ctx, project.id, EVERYTHING).items if r.id != row.id]
    if not others:
        raise Conflict(code="last_role", entity="role")
    roles.delete_role(ctx, row.id, others[0].id)
    return empty()
