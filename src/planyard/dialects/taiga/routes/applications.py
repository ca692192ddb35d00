"""Taiga §4 Applications and §5 Application tokens: get an application and the actor's token for it,
list/get/delete the actor's tokens, authorize (a one-time code) and validate (the code for a ciphered
token, `Authorization: Application <token>` afterwards)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Request
from pydantic import BaseModel
from starlette.responses import JSONResponse, Response

from planyard.core import external_apps
from planyard.core.external_apps import Grant
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.schemas.ids import PathId
from planyard.models import Application
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["applications"])
TOKENS = "/application-tokens"


class ApplicationRead(BaseModel):
    id: str
    name: str
    web: str | None
    description: str | None
    icon_url: str | None


class ApplicationTokenRead(BaseModel):
    user: int
    id: int | None
    application: ApplicationRead
    auth_code: str | None
    next_url: str


class AuthorizationCode(BaseModel):
    state: str | None
    auth_code: str | None
    next_url: str


def _app_wire(app: Application) -> dict[str, Any]:
    return {"id": app.uid, "name": app.name, "web": app.web, "description": app.description, "icon_url": app.icon_url}


def _grant_wire(grant: Grant) -> dict[str, Any]:
    token = grant.token
    return {"user": grant.user_id, "id": token.id if token else None, "application": _app_wire(grant.application),
            "auth_code": token.auth_code if token else None, "next_url": grant.next_url}  # fmt: skip


@router.get("/applications/{application_id}", response_model=ApplicationRead)
def get_application(application_id: str, ctx: Ctx) -> Response:
    return render(ApplicationRead, _app_wire(external_apps.get_application(ctx, application_id)))


@router.get("/applications/{application_id}/token", response_model=ApplicationTokenRead)
def get_application_token(application_id: str, ctx: Ctx, state: str | None = None) -> Response:
    return render(ApplicationTokenRead, _grant_wire(external_apps.grant_for(ctx, application_id, state)))


@router.get(TOKENS, response_model=list[ApplicationTokenRead])
def list_application_tokens(request: Request, ctx: Ctx, application: str | None = None) -> Response:
    query, wanted = queries.list_query(request)
    page = external_apps.list_grants(ctx, application, query)
    headers = queries.page_headers(request, wanted, page)
    return render(ApplicationTokenRead, [_grant_wire(g) for g in page.items], headers=headers)


@router.post(f"{TOKENS}/authorize", response_model=AuthorizationCode)
def authorize(ctx: Ctx, body: dict[str, Any] = Body(default_factory=dict)) -> Response:
    grant = external_apps.authorize(ctx, body.get("application"), _text(body.get("state")))
    token = grant.token
    assert token is not None
    return render(AuthorizationCode, {"state": token.state, "auth_code": token.auth_code, "next_url": grant.next_url})


@router.post(f"{TOKENS}/validate")
def validate(ctx: Ctx, body: dict[str, Any] = Body(default_factory=dict)) -> Response:
    cyphered = external_apps.validate(ctx, body.get("application"), body.get("auth_code"), body.get("state"))
    return JSONResponse({"cyphered_token": cyphered})


@router.get(f"{TOKENS}/{{token_id}}", response_model=ApplicationTokenRead)
def get_token(token_id: PathId, ctx: Ctx) -> Response:
    return render(ApplicationTokenRead, _grant_wire(external_apps.get_grant(ctx, token_id)))


@router.delete(f"{TOKENS}/{{token_id}}", status_code=204)
def delete_token(token_id: PathId, ctx: Ctx) -> Response:
    external_apps.delete_grant(ctx, token_id)
    return empty(204)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
