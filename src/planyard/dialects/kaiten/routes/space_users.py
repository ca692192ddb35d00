"""Kaiten space users (core project members with an access level): add, list, get, change role, remove.
`{id}` is the user id."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import access_levels
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.people import invited, space_user
from planyard.dialects.kaiten.mappers.values import uid_id
from planyard.dialects.kaiten.schemas.people import RoleRef, SpaceUser, SpaceUserAdd, SpaceUserAdded, SpaceUserEdit
from planyard.dialects.kaiten.schemas.spaces import Deleted
from planyard.kit.errors import Invalid, NotFound
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["space users"])


def level(role_id: RoleRef | None) -> int | None:
    """A tree entity role uid (or its level number) as the core's access level."""
    if role_id is None or isinstance(role_id, int):
        return role_id
    try:
        return uid_id("access_role", role_id)
    except NotFound:
        raise Invalid.on("role_id", "unknown role") from None


@router.post("/spaces/{space_id}/users", response_model=SpaceUserAdded)
def add_space_user(space_id: int, body: SpaceUserAdd, ctx: Ctx) -> Response:
    return render(SpaceUserAdded, invited(access_levels.add_member(ctx, space_id, body.user_id, level(body.role_id))))


@router.get("/spaces/{space_id}/users", response_model=list[SpaceUser])
def list_space_users(space_id: int, ctx: Ctx) -> Response:
    rows = access_levels.member_rows(ctx, space_id)
    return render(SpaceUser, [space_user(row, ctx.actor_id) for row in rows])


@router.get("/spaces/{space_id}/users/{user_id}", response_model=SpaceUser)
def get_space_user(space_id: int, user_id: int, ctx: Ctx) -> Response:
    return render(SpaceUser, space_user(access_levels.member_row(ctx, space_id, user_id), ctx.actor_id))


@router.patch("/spaces/{space_id}/users/{user_id}", response_model=SpaceUser)
def update_space_user(space_id: int, user_id: int, body: SpaceUserEdit, ctx: Ctx) -> Response:
    row = access_levels.set_level(ctx, space_id, user_id, level(body.role_id))
    return render(SpaceUser, space_user(row, ctx.actor_id))


@router.delete("/spaces/{space_id}/users/{user_id}", response_model=Deleted)
def remove_space_user(space_id: int, user_id: int, ctx: Ctx) -> Response:
    access_levels.remove_member(ctx, space_id, user_id)
    return render(Deleted, {"id": user_id})
