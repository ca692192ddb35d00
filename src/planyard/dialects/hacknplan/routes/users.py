"""HacknPlan users: the authenticated user."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.mappers.users import user
from planyard.dialects.hacknplan.schemas.users import User
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["users"])


@router.get("/users/me", response_model=User)
def get_me(ctx: Ctx) -> Response:
    return render(User, user(ctx.require_user()))
