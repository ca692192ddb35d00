"""Taiga §10 Projects: list, create, get, by_slug, edit, delete."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from planyard.core.projects import facts, listing, service
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.projects import edit_to_core, project_detail, project_list_entry
from planyard.dialects.taiga.schemas.projects import (
    ProjectCreate,
    ProjectDetail,
    ProjectEdit,
    ProjectListEntry,
    ProjectReplace,
)
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["projects"])


def detail_response(ctx: Ctx, project_id: int, status: int = 200) -> Response:
    project, project_facts = facts.load_detail(ctx, project_id)
    return render(ProjectDetail, project_detail(ctx.env, project, project_facts), status=status)


@router.get("/projects", response_model=list[ProjectListEntry])
def list_projects(request: Request, ctx: Ctx) -> Response:
    member = request.query_params.get("member")
    filters = listing.project_filters(int(member) if member and member.isdigit() else None)
    query, wanted = queries.list_query(request, filters)
    page = listing.list_projects(ctx, query)
    headers = queries.page_headers(request, wanted, page)
    batch = facts.load_facts(ctx, page.items)
    data = [project_list_entry(ctx.env, p, batch[p.id]) for p in page.items]
    return render(ProjectListEntry, data, headers=headers)


@router.post("/projects", status_code=201, response_model=ProjectDetail)
def create_project(body: ProjectCreate, ctx: Ctx) -> Response:
    fields = body.model_dump(exclude_unset=True, exclude={"creation_template"})
    project = service.create_project(ctx, fields, body.creation_template)
    return detail_response(ctx, project.id, status=201)


@router.get("/projects/by_slug", response_model=ProjectDetail)
def get_by_slug(slug: str, ctx: Ctx) -> Response:
    return detail_response(ctx, service.project_id_by_slug(ctx, slug))


@router.get("/projects/{project_id}", response_model=ProjectDetail)
def get_project(project_id: int, ctx: Ctx) -> Response:
    return detail_response(ctx, project_id)


@router.patch("/projects/{project_id}", response_model=ProjectDetail)
def edit_project(project_id: int, body: ProjectEdit, ctx: Ctx) -> Response:
    service.update_project(ctx, project_id, edit_to_core(body.model_dump(exclude_unset=True)), body.version)
    return detail_response(ctx, project_id)


@router.put("/projects/{project_id}", response_model=ProjectDetail)
def replace_project(project_id: int, body: ProjectReplace, ctx: Ctx) -> Response:
    service.update_project(ctx, project_id, edit_to_core(body.model_dump(exclude_unset=True)), body.version)
    return detail_response(ctx, project_id)


@router.delete("/projects/{project_id}", status_code=204)
def delete_project(project_id: int, ctx: Ctx) -> Response:
    service.delete_project(ctx, project_id)
    return empty(204)
