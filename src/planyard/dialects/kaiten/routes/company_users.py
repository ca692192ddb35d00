"""Kaiten users of the company: `/users` (the people the caller shares a space with; everyone for a company
admin; page by page) and the profile edit, `/company/users` (admins: list, change role and permissions,
remove a virtual user)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from planyard.core import company, users
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.people import company_user, profile_to_core, standing_changes
from planyard.dialects.kaiten.mappers.users import current_user
from planyard.dialects.kaiten.paging import OptionalPaging, Paging
from planyard.dialects.kaiten.schemas.people import CompanyUser, CompanyUserEdit, ProfileEdit
from planyard.dialects.kaiten.schemas.spaces import Deleted
from planyard.dialects.kaiten.schemas.users import CurrentUser
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["users"])
Text = Annotated[str | None, Query(max_length=255)]


@router.get("/users", response_model=list[CompanyUser])
def list_users(window: Paging, ctx: Ctx, query: Text = None) -> Response:
    workspace = company.workspace(ctx)
    page = company.list_people(ctx, workspace.id, window, query, admin_only=False)
    return render(CompanyUser, [company_user(row, workspace.id) for row in page.items])


@router.patch("/users/{user_id}", response_model=CurrentUser)
def update_user(user_id: int, body: ProfileEdit, ctx: Ctx) -> Response:
    changes = profile_to_core(body.model_dump(exclude_unset=True))
    return render(CurrentUser, current_user(users.update_profile(ctx, user_id, changes)))


@router.get("/company/users", response_model=list[CompanyUser])
def list_company_users(window: OptionalPaging, ctx: Ctx, query: Text = None) -> Response:
    workspace = company.workspace(ctx)
    page = company.list_people(ctx, workspace.id, window, query, admin_only=True)
    return render(CompanyUser, [company_user(row, workspace.id) for row in page.items])


@router.patch("/company/users/{user_id}", response_model=CompanyUser)
def update_company_user(user_id: int, body: CompanyUserEdit, ctx: Ctx) -> Response:
    workspace = company.workspace(ctx)
    row = company.update_person(ctx, workspace.id, user_id, standing_changes(body.role, body.permissions))
    return render(CompanyUser, company_user(row, workspace.id))


@router.delete("/company/users/{user_id}", response_model=Deleted)
def remove_virtual_user(user_id: int, ctx: Ctx) -> Response:
    company.remove_virtual(ctx, company.workspace(ctx).id, user_id)
    return render(Deleted, {"id": user_id})
