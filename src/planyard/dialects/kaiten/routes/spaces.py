"""Kaiten spaces (core projects): list, create, get, update, remove."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core.projects import listing, service
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.spaces import space, to_core
from planyard.dialects.kaiten.schemas.spaces import Deleted, Space, SpaceCreate, SpaceEdit
from planyard.kit.query import EVERYTHING
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["spaces"])


@router.get("/spaces", response_model=list[Space])
def list_spaces(ctx: Ctx) -> Response:
    return render(Space, [space(project) for project in listing.list_projects(ctx, EVERYTHING).items])


@router.post("/spaces", response_model=Space)
def create_space(body: SpaceCreate, ctx: Ctx) -> Response:
    return render(Space, space(service.create_project(ctx, to_core(body.model_dump()))))


@router.get("/spaces/{space_id}", response_model=Space)
def get_space(space_id: int, ctx: Ctx) -> Response:
    return render(Space, space(service.get_project(ctx, space_id)[0]))


@router.patch("/spaces/{space_id}", response_model=Space)
def update_space(space_id: int, body: SpaceEdit, ctx: Ctx) -> Response:
    return render(Space, space(service.update_project(ctx, space_id, to_core(body.model_dump(exclude_unset=True)))))


@router.delete("/spaces/{space_id}", response_model=Deleted)
def remove_space(space_id: int, ctx: Ctx) -> Response:
    service.delete_project(ctx, space_id)
    return render(Deleted, {"id": space_id})
