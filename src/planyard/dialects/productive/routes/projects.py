"""`/projects`: list, get, create, delete (seed 003)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from planyard.core.projects import listing, service
from planyard.dialects.productive import queries
from planyard.dialects.productive.deps import UnitOfWorkRoute, organization_id
from planyard.dialects.productive.mappers.projects import project_resource
from planyard.dialects.productive.render import document, no_content
from planyard.dialects.productive.schemas.projects import ProjectAttributes, ProjectCreate
from planyard.kit.errors import Invalid, NotFound, Problem
from planyard.models import Project
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute)

SORTS = {"name": "name", "created_at": "created_date"}
PROJECT_TYPES = (1, 2)  # internal, client


def _project(ctx: Ctx, request: Request, text_id: str, permission: str = "view_project") -> Project:
    project, _ = service.get_project(ctx, queries.resource_id(text_id), permission)
    if project.workspace_id != organization_id(request):
        raise NotFound(entity="project")
    return project


def _check(attributes: ProjectAttributes) -> None:
    problems: dict[str, list[Problem]] = {}
    if not attributes.name.strip():
        problems["name"] = [Problem("blank")]
    if attributes.project_type_id not in PROJECT_TYPES:
        problems["project_type_id"] = [Problem("invalid_choice")]
    if problems:
        raise Invalid(fields=problems)


@router.get("/projects")
def list_projects(ctx: Ctx, request: Request) -> Response:
    query, paging = queries.list_query(request, {"workspace": organization_id(request)}, SORTS)
    page = listing.list_projects(ctx, query)
    data = [project_resource(project) for project in page.items]
    return document({"data": data} | queries.paging_members(request, paging, page))


@router.get("/projects/{project_id}")
def get_project(ctx: Ctx, request: Request, project_id: str) -> Response:
    return document({"data": project_resource(_project(ctx, request, project_id)), "meta": {}})


@router.post("/projects", status_code=201)
def create_project(ctx: Ctx, request: Request, body: ProjectCreate) -> Response:
    attributes = body.data.attributes
    _check(attributes)
    fields = {"name": attributes.name, "is_private": not attributes.public_access}
    if attributes.description is not None:
        fields["description"] = attributes.description
    project = service.create_project(
        ctx,
        fields,
        workspace_id=organization_id(request),
        extra={"productive": {"project_type_id": attributes.project_type_id}},
    )
    return document({"data": project_resource(project), "meta": {}}, 201)


@router.delete("/projects/{project_id}", status_code=204)
def delete_project(ctx: Ctx, request: Request, project_id: str) -> Response:
    project = _project(ctx, request, project_id, "delete_project")
    service.delete_project(ctx, project.id)
    return no_content()
