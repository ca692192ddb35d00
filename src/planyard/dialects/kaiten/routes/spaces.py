"""Kaiten spaces (core projects): list, create, get, update, remove."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import JSONResponse, Response

from planyard.core.projects import listing, service
from planyard.dialects.kaiten import render
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.schemas import SpaceCreate, SpaceEdit
from planyard.kit.query import EVERYTHING
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["spaces"])


@router.get("/spaces")
def list_spaces(ctx: Ctx) -> Response:
    page = listing.list_projects(ctx, EVERYTHING)
    return JSONResponse([render.space(project) for project in page.items])


@router.post("/spaces")
def create_space(body: SpaceCreate, ctx: Ctx) -> Response:
    project = service.create_project(ctx, {"name": body.title, "description": body.description})
    return JSONResponse(render.space(project))


@router.get("/spaces/{space_id}")
def get_space(space_id: int, ctx: Ctx) -> Response:
    project, _ = service.get_project(ctx, space_id)
    return JSONResponse(render.space(project))


@router.patch("/spaces/{space_id}")
def update_space(space_id: int, body: SpaceEdit, ctx: Ctx) -> Response:
    return JSONResponse(render.space(service.update_project(ctx, space_id, body.to_core())))


@router.delete("/spaces/{space_id}")
def remove_space(space_id: int, ctx: Ctx) -> Response:
    service.delete_project(ctx, space_id)
    return JSONResponse({"id": space_id})
