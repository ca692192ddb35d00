"""Taiga roles (001 summary): list by project, create, get, edit, delete (members move via ?moveTo=)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from planyard.core import roles
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.roles import role_detail
from planyard.dialects.taiga.schemas.ids import MAX_ID, PathId, QueryId
from planyard.dialects.taiga.schemas.roles import RoleCreate, RoleDetail, RoleEdit, RoleReplace
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["roles"])


def _detail(ctx: Ctx, role_id: int, status: int = 200) -> Response:
    role = roles.get_role(ctx, role_id)
    return render(RoleDetail, role_detail(role, roles.member_counts(ctx, [role.id]).get(role.id, 0)), status=status)


@router.get("/roles", response_model=list[RoleDetail])
def list_roles(request: Request, ctx: Ctx, project: QueryId = None) -> Response:
    query, wanted = queries.list_query(request)
    page = roles.list_roles(ctx, project, query)
    headers = queries.page_headers(request, wanted, page)
    counts = roles.member_counts(ctx, [r.id for r in page.items])
    data = [role_detail(r, counts.get(r.id, 0)) for r in page.items]
    return render(RoleDetail, data, headers=headers)


@router.post("/roles", status_code=201, response_model=RoleDetail)
def create_role(body: RoleCreate, ctx: Ctx) -> Response:
    role = roles.create_role(ctx, body.project, body.model_dump(exclude_unset=True, exclude={"project"}))
    return _detail(ctx, role.id, status=201)


@router.get("/roles/{role_id}", response_model=RoleDetail)
def get_role(role_id: PathId, ctx: Ctx) -> Response:
    return _detail(ctx, role_id)


@router.put("/roles/{role_id}", response_model=RoleDetail)
def replace_role(role_id: PathId, body: RoleReplace, ctx: Ctx) -> Response:
    roles.update_role(ctx, role_id, body.model_dump(exclude_unset=True))
    return _detail(ctx, role_id)


@router.patch("/roles/{role_id}", response_model=RoleDetail)
def edit_role(role_id: PathId, body: RoleEdit, ctx: Ctx) -> Response:
    roles.update_role(ctx, role_id, body.model_dump(exclude_unset=True))
    return _detail(ctx, role_id)


@router.delete("/roles/{role_id}", status_code=204)
def delete_role(
    role_id: PathId, ctx: Ctx, move_to: Annotated[int | None, Query(alias="moveTo", ge=1, le=MAX_ID)] = None
) -> Response:
    roles.delete_role(ctx, role_id, move_to)
    return empty(204)
