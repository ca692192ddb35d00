"""Taiga §3 Auth: login, registration, token refresh."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from planyard.core import auth
from planyard.core.users import owned_project_totals
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.users import user_auth_detail
from planyard.dialects.taiga.schemas.users import LoginBody, RefreshBody, RegisterBody, UserAuthDetail
from planyard.kit.errors import Invalid
from planyard.web.render import client_address, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["auth"])


@router.post("/auth", response_model=UserAuthDetail)
def login(body: LoginBody, request: Request, ctx: Ctx) -> Response:
    user, tokens = auth.login(ctx, body.username, body.password, client_address(request))
    return render(UserAuthDetail, user_auth_detail(ctx.env, user, owned_project_totals(ctx, user.id), tokens))


@router.post("/auth/refresh")
def refresh(body: RefreshBody, ctx: Ctx) -> dict[str, str]:
    tokens = auth.refresh(ctx, body.refresh)
    return {"auth_token": tokens.access, "refresh": tokens.refresh}


@router.post("/auth/register", status_code=201, response_model=UserAuthDetail)
def register(body: RegisterBody, ctx: Ctx) -> Response:
    if body.type == "public":
        missing = {f: ["This field is required."] for f in ("email", "full_name") if not getattr(body, f)}
        if missing:
            raise Invalid(fields=missing)
        user = auth.register_public(ctx, body.username, body.password, body.email or "", body.full_name or "")
    else:
        if body.existing is None or not body.token:
            raise Invalid(fields={f: ["This field is required."] for f in ("existing", "token")
                                  if getattr(body, f) in (None, "")})  # fmt: skip
        user = auth.register_private(
            ctx,
            existing=body.existing,
            token=body.token,
            username=body.username,
            password=body.password,
            email=body.email,
            full_name=body.full_name,
        )
    tokens = auth.issue_tokens(ctx.env.settings, user)
    data = user_auth_detail(ctx.env, user, owned_project_totals(ctx, user.id), tokens)
    return render(UserAuthDetail, data, status=201)
