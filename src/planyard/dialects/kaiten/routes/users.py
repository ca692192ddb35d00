"""Kaiten users: the current user."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.users import current_user
from planyard.dialects.kaiten.schemas.users import CurrentUser
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["users"])


@router.get("/users/current", response_model=CurrentUser)
def get_current_user(ctx: Ctx) -> Response:
    return render(CurrentUser, current_user(ctx.require_user()))
