"""Kaiten spaces (core projects): list, create, get, update (with their place in the tree and archiving),
remove."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import tree
from planyard.core.projects import listing, service
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.spaces import space, to_core, to_place
from planyard.dialects.kaiten.schemas.spaces import Deleted, Space, SpaceCreate, SpaceEdit
from planyard.kit.query import EVERYTHING
from planyard.models import Project
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["spaces"])


def spaces(ctx: Ctx, projects: list[Project]) -> list[dict[str, Any]]:
    places = tree.project_places(ctx, projects)
    return [space(project, places.get(project.id)) for project in projects]


def placed(ctx: Ctx, project: Project, fields: dict[str, Any]) -> Response:
    """The project moved where the body asks, as a space."""
    if place := to_place(fields):
        tree.place(ctx, project.id, place)
    return render(Space, spaces(ctx, [project])[0])


@router.get("/spaces", response_model=list[Space])
def list_spaces(ctx: Ctx) -> Response:
    return render(Space, spaces(ctx, listing.list_projects(ctx, EVERYTHING).items))


@router.post("/spaces", response_model=Space)
def create_space(body: SpaceCreate, ctx: Ctx) -> Response:
    fields = body.model_dump(exclude_unset=True)
    return placed(ctx, service.create_project(ctx, to_core(fields)), fields)


@router.get("/spaces/{space_id}", response_model=Space)
def get_space(space_id: int, ctx: Ctx) -> Response:
    return render(Space, spaces(ctx, [service.get_project(ctx, space_id)[0]])[0])


@router.patch("/spaces/{space_id}", response_model=Space)
def update_space(space_id: int, body: SpaceEdit, ctx: Ctx) -> Response:
    fields = body.model_dump(exclude_unset=True)
    changes = to_core(fields)
    project = service.update_project(ctx, space_id, changes) if changes else service.get_project(ctx, space_id)[0]
    return placed(ctx, project, fields)


@router.delete("/spaces/{space_id}", response_model=Deleted)
def remove_space(space_id: int, ctx: Ctx) -> Response:
    service.delete_project(ctx, space_id)
    return render(Deleted, {"id": space_id})
