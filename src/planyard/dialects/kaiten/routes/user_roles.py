"""Kaiten user roles (the company's job titles): create, list, get, rename, remove (the removed role)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import company, workspace_roles
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.company import user_role
from planyard.dialects.kaiten.schemas.company import UserRole, UserRoleEdit, UserRoleWrite
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["user roles"])


@router.post("/user-roles", response_model=UserRole)
def create_user_role(body: UserRoleWrite, ctx: Ctx) -> Response:
    return render(UserRole, user_role(workspace_roles.create_role(ctx, company.workspace(ctx).id, body.name)))


@router.get("/user-roles", response_model=list[UserRole])
def list_user_roles(ctx: Ctx) -> Response:
    return render(UserRole, [user_role(r) for r in workspace_roles.list_roles(ctx, company.workspace(ctx).id)])


@router.get("/user-roles/{role_id}", response_model=UserRole)
def get_user_role(role_id: int, ctx: Ctx) -> Response:
    return render(UserRole, user_role(workspace_roles.get_role(ctx, company.workspace(ctx).id, role_id)))


@router.patch("/user-roles/{role_id}", response_model=UserRole)
def update_user_role(role_id: int, body: UserRoleEdit, ctx: Ctx) -> Response:
    role = workspace_roles.update_role(ctx, company.workspace(ctx).id, role_id, body.name)
    return render(UserRole, user_role(role))


@router.delete("/user-roles/{role_id}", response_model=UserRole)
def remove_user_role(role_id: int, ctx: Ctx) -> Response:
    return render(UserRole, user_role(workspace_roles.delete_role(ctx, company.workspace(ctx).id, role_id)))
