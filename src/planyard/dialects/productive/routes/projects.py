"""`/projects` (seed 003): list, get, create, update, archive, restore, delete, copy, change_workflow and
map_to_workflow (with and without the id in the path)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from planyard.core import workflow_changes, workflow_directory
from planyard.core.memberships import member_user_ids
from planyard.core.projects import actions, archive, copying, listing, service
from planyard.dialects.productive import queries, relations
from planyard.dialects.productive.deps import UnitOfWorkRoute, organization_id
from planyard.dialects.productive.render import document, no_content
from planyard.dialects.productive.schemas.projects import ProjectCopy, ProjectCreate, ProjectMap, ProjectUpdate
from planyard.kit.errors import Invalid, NotFound, Problem
from planyard.models import Project
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute)

SORTS = {"name": "name", "created_at": "created_date", "id": "id", "project_number": "id",
         "last_activity_at": "modified_date"}  # fmt: skip
PROJECT_TYPES = (1, 2)  # internal, client
STATUSES = {"1": False, "2": True}  # active, archived
OWN = "productive"


def _project_type(text: str) -> tuple[str, str, int, int]:
    return (OWN, "project_type_id", 1, queries.integer(text))


def _status(text: str) -> bool:
    if text not in STATUSES:
        raise ValueError(text)
    return STATUSES[text]


FILTERS = {
    "id": queries.FilterParam(queries.integers, {"eq": "ids", "not_eq": "not_ids"}),
    "project_type": queries.FilterParam(_project_type, {"eq": "extra_int", "not_eq": "not_extra_int"}),
    "company_id": queries.FilterParam(queries.integers, {"eq": "companies", "not_eq": "not_companies"}),
    "responsible_id": queries.FilterParam(queries.integers, {"eq": "managers", "not_eq": "not_managers"}),
    "person_id": queries.FilterParam(queries.integers, {"eq": "members", "not_eq": "not_members"}),
    "status": queries.FilterParam(_status, {"eq": "archived"}),
    "query": queries.FilterParam(
        str, {"eq": "name_contains", "contains": "name_contains", "not_contain": "name_lacks"}
    ),
}
ID_BOUNDS = {"gt": "id_after", "gt_eq": "id_since", "lt": "id_before", "lt_eq": "id_until"}
FILTERS["id"].operations.update({op: (name, queries.integer) for op, name in ID_BOUNDS.items()})


def _project(ctx: Ctx, request: Request, text_id: str, permission: str = "view_project") -> Project:
    project, _ = service.get_project(ctx, queries.resource_id(text_id), permission)
    if project.workspace_id != organization_id(request):
        raise NotFound(entity="project")
    return project


def _one(ctx: Ctx, request: Request, project: Project, status: int = 200) -> Response:
    include = queries.includes(request, relations.INCLUDABLE)
    data, included = relations.documents(ctx, [project], include)
    body: dict[str, Any] = {"data": queries.sparse(request, data)[0], "meta": {}}
    if include:
        body["included"] = queries.sparse(request, included)
    return document(body, status)


def _own(project: Project | None, **changes: Any) -> dict[str, Any]:
    """The project's `extra` with Productive's keys changed (other APIs' keys kept)."""
    extra = dict(project.extra) if project is not None else {}
    mine = dict(extra.get(OWN, {}))
    mine.update({k: v for k, v in changes.items() if v is not None})
    return extra | {OWN: mine}


@router.get("/projects")
def list_projects(ctx: Ctx, request: Request) -> Response:
    include = queries.includes(request, relations.INCLUDABLE)
    fixed = {"workspace": organization_id(request)} | queries.filters(request, FILTERS)
    query, paging = queries.list_query(request, fixed, SORTS)
    page = listing.list_projects(ctx, query)
    data, included = relations.documents(ctx, list(page.items), include)
    body = {"data": queries.sparse(request, data)} | queries.paging_members(request, paging, page)
    if include:
        body["included"] = queries.sparse(request, included)
    return document(body)


@router.get("/projects/{project_id}")
def get_project(ctx: Ctx, request: Request, project_id: str) -> Response:
    return _one(ctx, request, _project(ctx, request, project_id))


@router.post("/projects", status_code=201)
def create_project(ctx: Ctx, request: Request, body: ProjectCreate) -> Response:
    attributes, links = body.data.attributes, body.data.relationships
    organization = organization_id(request)
    problems: dict[str, list[Problem]] = {}
    workflow_id = relations.related_id(links, "workflow", problems)
    relations.check_workflow(ctx, organization, workflow_id, problems)
    if "workflow" not in problems:
        if not attributes.name.strip():
            problems["name"] = [Problem("blank")]
        if attributes.project_type_id not in PROJECT_TYPES:
            problems["project_type_id"] = [Problem("invalid_choice")]
        company_id = relations.related_id(links, "company", problems)
        relations.check_company(ctx, organization, company_id, problems)
        manager_id = relations.related_id(links, "project_manager", problems)
        relations.check_person(ctx, manager_id, problems)
    if problems:
        raise Invalid(fields=problems)
    fields: dict[str, Any] = {"name": attributes.name, "is_private": not attributes.public_access,
                              "company_id": company_id, "manager_id": manager_id}  # fmt: skip
    if attributes.description is not None:
        fields["description"] = attributes.description
    own = _own(None, project_type_id=attributes.project_type_id, project_color_id=attributes.project_color_id,
               time_on_tasks=attributes.time_on_tasks)  # fmt: skip
    project = service.create_project(ctx, fields, workspace_id=organization, extra=own)
    workflow_changes.switch_workflow(ctx, project.id, workflow_id, None, mapped=False)
    return _one(ctx, request, project, 201)


@router.patch("/projects/{project_id}/archive")
def archive_project(ctx: Ctx, request: Request, project_id: str) -> Response:
    project = _project(ctx, request, project_id, "modify_project")
    return _one(ctx, request, archive.set_archived(ctx, project.id, True))


@router.patch("/projects/{project_id}/restore")
def restore_project(ctx: Ctx, request: Request, project_id: str) -> Response:
    project = _project(ctx, request, project_id, "modify_project")
    return _one(ctx, request, archive.set_archived(ctx, project.id, False))


@router.delete("/projects/{project_id}", status_code=204)
def delete_project(ctx: Ctx, request: Request, project_id: str) -> Response:
    project = _project(ctx, request, project_id, "delete_project")
    service.delete_project(ctx, project.id)
    return no_content()


def _text_id(value: int | str | None) -> str | None:
    return str(value) if value is not None and str(value).strip() else None


@router.post("/projects/copy", status_code=201)
def copy_project(ctx: Ctx, request: Request, body: ProjectCopy) -> Response:
    attributes = body.data.attributes
    organization = organization_id(request)
    problems: dict[str, list[Problem]] = {}
    if not (attributes.name or "").strip():
        problems["name"] = [Problem("blank")]
    template_text = _text_id(attributes.template_id)
    if template_text is None:
        problems["template_id"] = [Problem("blank")]
    if attributes.project_type_id is None:
        problems["project_type_id"] = [Problem("blank"), Problem("invalid_choice")]
    elif attributes.project_type_id not in PROJECT_TYPES:
        problems["project_type_id"] = [Problem("invalid_choice")]
    company_text = _text_id(attributes.company_id)
    company_id = int(company_text) if company_text and company_text.isdigit() and len(company_text) <= 18 else None
    if company_text is not None:
        relations.check_company(ctx, organization, company_id, problems, "company_id")
        if company_id is None:
            problems["company_id"] = [Problem("invalid")]
    source: Project | None = None
    if template_text is not None:
        try:
            source = _project(ctx, request, template_text)
        except NotFound:
            problems["template_id"] = [Problem("invalid")]
    if problems:
        raise Invalid(fields=problems)
    assert source is not None and attributes.name is not None
    members = member_user_ids(ctx, source.id) if attributes.copy_project_members else []
    copy = actions.duplicate(ctx, source.id, attributes.name, attributes.description or source.description,
                             not attributes.public_access, members)  # fmt: skip
    shared = workflow_directory.story_workflows(ctx, {source.id}).get(source.id)
    if shared is not None and workflow_directory.is_shared(ctx, shared):
        workflow_changes.switch_workflow(ctx, copy.id, shared, None, mapped=False)
    own = _own(source, project_type_id=attributes.project_type_id, template=attributes.copy_as_template,
               sample_data=False)  # fmt: skip
    copy = service.update_project(ctx, copy.id, {"extra": own, "company_id": company_id or source.company_id,
                                                 "manager_id": source.manager_id})  # fmt: skip
    parts = copying.CopiedParts(
        lanes=attributes.copy_task_lists, stories=attributes.copy_tasks, comments=attributes.copy_task_comments,
        watchers=attributes.copy_task_subscribers, assignees=attributes.copy_assignees, tags=attributes.copy_tags,
        estimates=attributes.copy_estimate,
    )  # fmt: skip
    copying.copy_content(ctx, source.id, copy.id, parts)
    return _one(ctx, request, copy, 201)


def _change_workflow(ctx: Ctx, request: Request, project_id: str, body: ProjectMap) -> Response:
    project = _project(ctx, request, project_id, "admin_project_values")
    problems: dict[str, list[Problem]] = {}
    workflow_id = relations.related_id(body.data.relationships, "workflow", problems)
    if problems:
        raise Invalid(fields=problems)
    project = workflow_changes.switch_workflow(ctx, project.id, workflow_id, body.data.attributes.map)
    return _one(ctx, request, project)


def _map_to_workflow(ctx: Ctx, request: Request, project_id: str, body: ProjectMap) -> Response:
    project = _project(ctx, request, project_id, "modify_project")
    return _one(ctx, request, workflow_changes.map_lanes(ctx, project.id, body.data.attributes.map))


def _body_id(request: Request, project_id: str | None) -> str:
    """The project of the id-less path form: `?id=` or `filter[id]=`."""
    text = project_id or request.query_params.get("id") or request.query_params.get("filter[id]")
    if text is None:
        raise NotFound(entity="project")
    return text


@router.patch("/projects/{project_id}/change_workflow")
def change_workflow(ctx: Ctx, request: Request, project_id: str, body: ProjectMap) -> Response:
    return _change_workflow(ctx, request, project_id, body)


@router.patch("/projects/change_workflow")
def change_workflow_by_query(ctx: Ctx, request: Request, body: ProjectMap) -> Response:
    return _change_workflow(ctx, request, _body_id(request, None), body)


@router.patch("/projects/{project_id}/map_to_workflow")
def map_to_workflow(ctx: Ctx, request: Request, project_id: str, body: ProjectMap) -> Response:
    return _map_to_workflow(ctx, request, project_id, body)


@router.patch("/projects/map_to_workflow")
def map_to_workflow_by_query(ctx: Ctx, request: Request, body: ProjectMap) -> Response:
    return _map_to_workflow(ctx, request, _body_id(request, None), body)


# after the id-less forms above, which its path would take otherwise
@router.patch("/projects/{project_id}")
def update_project(ctx: Ctx, request: Request, project_id: str, body: ProjectUpdate) -> Response:
    project = _project(ctx, request, project_id, "modify_project")
    attributes, links = body.data.attributes, body.data.relationships
    given = attributes.model_fields_set
    problems: dict[str, list[Problem]] = {}
    if "name" in given and not (attributes.name or "").strip():
        problems["name"] = [Problem("blank")]
    if attributes.project_type_id is not None and attributes.project_type_id not in PROJECT_TYPES:
        problems["project_type_id"] = [Problem("invalid_choice")]
    changes: dict[str, Any] = {}
    if "company" in links:
        changes["company_id"] = relations.related_id(links, "company", problems)
        relations.check_company(ctx, project.workspace_id, changes["company_id"], problems)
    if "project_manager" in links:
        changes["manager_id"] = relations.related_id(links, "project_manager", problems)
        relations.check_person(ctx, changes["manager_id"], problems)
    if problems:
        raise Invalid(fields=problems)
    if attributes.name is not None:
        changes["name"] = attributes.name
    if attributes.description is not None:
        changes["description"] = attributes.description
    if attributes.public_access is not None:
        changes["is_private"] = not attributes.public_access
    own = {k: getattr(attributes, k) for k in ("project_type_id", "project_color_id", "time_on_tasks") if k in given}
    if any(v is not None for v in own.values()):
        changes["extra"] = _own(project, **own)
    if changes:
        project = service.update_project(ctx, project.id, changes)
    return _one(ctx, request, project)
