"""Kaiten users: the current user."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import JSONResponse, Response

from planyard.dialects.kaiten import render
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["users"])


@router.get("/users/current")
def current_user(ctx: Ctx) -> Response:
    return JSONResponse(render.user(ctx.require_user()))
