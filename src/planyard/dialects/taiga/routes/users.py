"""Taiga §32 Users."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from planyard.core import users
from planyard.dialects.taiga.deps import Ctx
from planyard.dialects.taiga.mappers.users import user_admin_detail, user_detail
from planyard.dialects.taiga.render import page_headers, page_request, render
from planyard.dialects.taiga.schemas.users import UserAdminDetail, UserDetail, UserEdit
from planyard.kit.pagination import paginate

router = APIRouter(tags=["users"])


def _self_or_public(ctx: Ctx, user_id: int) -> Response:
    user = users.get_user(ctx, user_id)
    if ctx.actor is not None and (ctx.actor.id == user.id or ctx.actor.is_superuser):
        totals = users.owned_project_totals(ctx.session, user.id)
        return render(UserAdminDetail, user_admin_detail(ctx.env, user, totals))
    return render(UserDetail, user_detail(ctx.env, user))


@router.get("/users", response_model=list[UserDetail])
def list_users(request: Request, ctx: Ctx, project: int | None = None) -> Response:
    page = paginate(ctx.session, users.users_query(project), page_request(request))
    return render(UserDetail, [user_detail(ctx.env, u) for u in page.rows], headers=page_headers(request, page))


@router.get("/users/me", response_model=UserAdminDetail)
def me(ctx: Ctx) -> Response:
    return _self_or_public(ctx, ctx.require_user().id)


@router.get("/users/{user_id}", response_model=UserDetail)
def get_user(user_id: int, ctx: Ctx) -> Response:
    return _self_or_public(ctx, user_id)


@router.api_route("/users/{user_id}", methods=["PUT", "PATCH"], response_model=UserAdminDetail)
def edit_user(user_id: int, body: UserEdit, ctx: Ctx) -> Response:
    users.update_profile(ctx, user_id, body.model_dump(exclude_unset=True, exclude_none=True))
    return _self_or_public(ctx, user_id)
