"""Taiga §9 Project templates: anyone lists and reads them, superusers write them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from planyard.core import project_templates as templates
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.project_templates import template_detail, template_to_core
from planyard.dialects.taiga.schemas.ids import PathId
from planyard.dialects.taiga.schemas.project_templates import (
    ProjectTemplateCreate,
    ProjectTemplateDetail,
    ProjectTemplateEdit,
    ProjectTemplateReplace,
)
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["project-templates"])


@router.get("/project-templates", response_model=list[ProjectTemplateDetail])
def list_templates(request: Request, ctx: Ctx) -> Response:
    query, wanted = queries.list_query(request)
    page = templates.list_templates(ctx, query)
    headers = queries.page_headers(request, wanted, page)
    return render(ProjectTemplateDetail, [template_detail(t) for t in page.items], headers=headers)


@router.post("/project-templates", status_code=201, response_model=ProjectTemplateDetail)
def create_template(body: ProjectTemplateCreate, ctx: Ctx) -> Response:
    template = templates.create_template(ctx, template_to_core(body))
    return render(ProjectTemplateDetail, template_detail(template), status=201)


@router.get("/project-templates/{template_id}", response_model=ProjectTemplateDetail)
def get_template(template_id: PathId, ctx: Ctx) -> Response:
    return render(ProjectTemplateDetail, template_detail(templates.get_template(ctx, template_id)))


@router.put("/project-templates/{template_id}", response_model=ProjectTemplateDetail)
def replace_template(template_id: PathId, body: ProjectTemplateReplace, ctx: Ctx) -> Response:
    template = templates.update_template(ctx, template_id, template_to_core(body))
    return render(ProjectTemplateDetail, template_detail(template))


@router.patch("/project-templates/{template_id}", response_model=ProjectTemplateDetail)
def edit_template(template_id: PathId, body: ProjectTemplateEdit, ctx: Ctx) -> Response:
    template = templates.update_template(ctx, template_id, template_to_core(body))
    return render(ProjectTemplateDetail, template_detail(template))


@router.delete("/project-templates/{template_id}", status_code=204)
def delete_template(template_id: PathId, ctx: Ctx) -> Response:
    templates.delete_template(ctx, template_id)
    return empty(204)
