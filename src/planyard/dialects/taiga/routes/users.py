"""Taiga §32 Users."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from starlette.responses import Response

from planyard.core import user_account, user_content, users
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.users import (
    CORE_CONTENT_TYPES,
    highlighted_content,
    user_admin_detail,
    user_contact,
    user_detail,
    user_stats,
)
from planyard.dialects.taiga.schemas.users import (
    CancelBody,
    ChangeEmailBody,
    ChangePasswordBody,
    LikedContent,
    PasswordRecoveryBody,
    PasswordRecoverySent,
    RecoveryPasswordBody,
    UserAdminDetail,
    UserContact,
    UserDetail,
    UserEdit,
    UserStats,
    VotedContent,
    WatchedContent,
)
from planyard.kit.query import Page
from planyard.models import User
from planyard.web.render import client_address, empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["users"])


def _admin_detail(ctx: Ctx, user: User) -> Response:
    totals = users.owned_project_totals(ctx, user.id)
    roles = users.roles_by_user(ctx, [user.id]).get(user.id, [])
    return render(UserAdminDetail, user_admin_detail(ctx.env, user, totals, roles))


def _self_or_public(ctx: Ctx, user_id: int | None = None, username: str | None = None) -> Response:
    user = users.get_user(ctx, user_id) if user_id is not None else users.get_by_username(ctx, username)
    if ctx.actor is not None and (ctx.actor.id == user.id or ctx.actor.is_superuser):
        return _admin_detail(ctx, user)
    roles = users.roles_by_user(ctx, [user.id]).get(user.id, [])
    return render(UserDetail, user_detail(ctx.env, user, roles))


@router.get("/users", response_model=list[UserDetail])
def list_users(request: Request, ctx: Ctx, project: int | None = None) -> Response:
    query, wanted = queries.list_query(request)
    page = users.list_users(ctx, project, query)
    headers = queries.page_headers(request, wanted, page)
    roles = users.roles_by_user(ctx, [u.id for u in page.items])
    data = [user_detail(ctx.env, u, roles.get(u.id, [])) for u in page.items]
    return render(UserDetail, data, headers=headers)


@router.get("/users/me", response_model=UserAdminDetail)
def me(ctx: Ctx) -> Response:
    return _admin_detail(ctx, ctx.require_user())


@router.post("/users/cancel", status_code=204)
def cancel(body: CancelBody, ctx: Ctx) -> Response:
    user_account.cancel_by_token(ctx, body.cancel_token)
    return empty(204)


@router.post("/users/change_avatar", response_model=UserAdminDetail)
def change_avatar(ctx: Ctx, avatar: Annotated[UploadFile | None, File()] = None) -> Response:
    data, name = (avatar.file.read(), avatar.filename or "") if avatar is not None else (b"", "")
    return _admin_detail(ctx, user_account.change_avatar(ctx, data, name))


@router.post("/users/remove_avatar", response_model=UserAdminDetail)
def remove_avatar(ctx: Ctx) -> Response:
    return _admin_detail(ctx, user_account.remove_avatar(ctx))


@router.post("/users/change_email", response_model=UserAdminDetail)
def change_email(body: ChangeEmailBody, ctx: Ctx) -> Response:
    return _admin_detail(ctx, user_account.confirm_email_change(ctx, body.email_token))


@router.post("/users/change_password", status_code=204)
def change_password(body: ChangePasswordBody, ctx: Ctx) -> Response:
    user_account.change_password(ctx, body.current_password, body.password)
    return empty(204)


@router.post("/users/password_recovery", response_model=PasswordRecoverySent)
def password_recovery(body: PasswordRecoveryBody, request: Request, ctx: Ctx) -> Response:
    email = user_account.request_password_recovery(ctx, body.username, client_address(request))
    return render(PasswordRecoverySent, {"detail": "Mail sended successfully!", "email": email})


@router.post("/users/change_password_from_recovery", status_code=204)
def change_password_from_recovery(body: RecoveryPasswordBody, ctx: Ctx) -> Response:
    user_account.change_password_from_recovery(ctx, body.token, body.password)
    return empty(204)


@router.get("/users/by_username", response_model=UserDetail)
def get_user_by_username(ctx: Ctx, username: str | None = None) -> Response:
    return _self_or_public(ctx, username=username)


@router.get("/users/{user_id}", response_model=UserDetail)
def get_user(user_id: int, ctx: Ctx) -> Response:
    return _self_or_public(ctx, user_id)


@router.put("/users/{user_id}", response_model=UserAdminDetail)
@router.patch("/users/{user_id}", response_model=UserAdminDetail)
def edit_user(user_id: int, body: UserEdit, ctx: Ctx) -> Response:
    users.update_profile(ctx, user_id, body.model_dump(exclude_unset=True, exclude_none=True))
    return _self_or_public(ctx, user_id)


@router.delete("/users/{user_id}", status_code=204)
def delete_user(user_id: int, ctx: Ctx) -> Response:
    user_account.delete_account(ctx, user_id)
    return empty(204)


@router.get("/users/{user_id}/stats", response_model=UserStats)
def stats(user_id: int, ctx: Ctx) -> Response:
    return render(UserStats, user_stats(user_content.stats(ctx, user_id)))


@router.get("/users/{user_id}/contacts", response_model=list[UserContact])
def contacts(
    user_id: int, request: Request, ctx: Ctx, q: str | None = None, exclude_project: int | None = None
) -> Response:
    query, wanted = queries.list_query(request)
    page = user_content.list_contacts(ctx, user_id, q, exclude_project, query)
    headers = queries.page_headers(request, wanted, page)
    ids = [u.id for u in page.items]
    roles, shared = users.roles_by_user(ctx, ids), user_content.projects_with_actor(ctx, ids)
    data = [user_contact(ctx.env, u, roles.get(u.id, []), shared.get(u.id, [])) for u in page.items]
    return render(UserContact, data, headers=headers)


@router.get("/users/{user_id}/watched", response_model=list[WatchedContent])
def watched(user_id: int, request: Request, ctx: Ctx, type: str | None = None, q: str | None = None) -> Response:
    query, wanted = queries.list_query(request, strict=True)
    type = _core_type(type)
    page = user_content.watched(ctx, user_id, type, q, query)
    headers = _content_headers(request, wanted, page, user_content.shows_content(user_content.WATCHABLE, type))
    return render(WatchedContent, [highlighted_content(ctx.env, e) for e in page.items], headers=headers)


@router.get("/users/{user_id}/liked", response_model=list[LikedContent])
def liked(user_id: int, request: Request, ctx: Ctx, q: str | None = None) -> Response:
    query, wanted = queries.list_query(request, strict=True)
    page = user_content.liked(ctx, user_id, q, query)
    headers = _content_headers(request, wanted, page, user_content.shows_content(user_content.LIKABLE, None))
    return render(LikedContent, [highlighted_content(ctx.env, e) for e in page.items], headers=headers)


@router.get("/users/{user_id}/voted", response_model=list[VotedContent])
def voted(user_id: int, request: Request, ctx: Ctx, type: str | None = None, q: str | None = None) -> Response:
    query, wanted = queries.list_query(request, strict=True)
    type = _core_type(type)
    page = user_content.voted(ctx, user_id, type, q, query)
    headers = _content_headers(request, wanted, page, user_content.shows_content(user_content.VOTABLE, type))
    return render(VotedContent, [highlighted_content(ctx.env, e) for e in page.items], headers=headers)


def _core_type(type: str | None) -> str | None:
    """Taiga's content `type` -> the core's (an unknown one stays unknown: no content)."""
    return CORE_CONTENT_TYPES.get(type, f"unknown:{type}") if type else type


def _content_headers(request: Request, wanted: queries.Paging, page: Page[Any], shown: bool) -> dict[str, str]:
    """No content of the type asked for: Taiga answers its first page, empty, whatever page was asked."""
    return queries.page_headers(request, wanted if shown else replace(wanted, number=1), page)
