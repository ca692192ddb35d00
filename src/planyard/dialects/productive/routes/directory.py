"""What a project create needs, in Productive's shapes: `organizations`, `companies`, `people`,
`workflows`, `workflow_statuses` and `task_lists` (list and get; create for companies, workflows,
workflow statuses and task lists)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from planyard.core import companies, lanes, users, workflow_directory
from planyard.core.workspaces import workspace_of_people
from planyard.dialects.productive import queries
from planyard.dialects.productive.deps import UnitOfWorkRoute, organization_id
from planyard.dialects.productive.mappers.directory import (
    company_resource,
    organization_resource,
    person_resource,
    status_resource,
    task_list_resource,
    workflow_resource,
)
from planyard.dialects.productive.render import document
from planyard.dialects.productive.schemas.directory import CompanyCreate, StatusCreate, TaskListCreate, WorkflowCreate
from planyard.kit.errors import Invalid, NotFound, Problem
from planyard.kit.query import ListQuery, Page
from planyard.models import Workflow
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute)

CATEGORIES = {1: "todo", 2: "doing", 3: "done"}
STATUSES_INCLUDABLE = frozenset({"workflow_statuses"})
WORDS = {"1": "todo", "2": "doing", "3": "done"}


def _words(text: str) -> list[str]:
    found = [WORDS.get(part.strip()) for part in text.split(",")]
    if not all(found):
        raise ValueError(text)
    return [word for word in found if word]


ID = queries.FilterParam(queries.integers, {"eq": "ids"})
COMPANY_FILTERS = {"id": ID, "name": queries.FilterParam(str, {"eq": "name_contains", "contains": "name_contains"}),
                   "status": queries.FilterParam(lambda t: {"1": False, "2": True}[t] if t in ("1", "2") else int("x"),
                                                 {"eq": "archived"})}  # fmt: skip
WORKFLOW_FILTERS = {"id": ID, "name": queries.FilterParam(str, {"eq": "name_contains", "contains": "name_contains"})}
STATUS_FILTERS = {"id": ID, "workflow_id": queries.FilterParam(queries.integers, {"eq": "workflows"}),
                  "category_id": queries.FilterParam(_words, {"eq": "categories"})}  # fmt: skip
PEOPLE_FILTERS = {"id": ID, "email": queries.FilterParam(str, {"eq": "email"})}
TASK_LIST_FILTERS = {"project_id": queries.FilterParam(queries.integer, {"eq": "project"})}


def _list(
    request: Request, page: Page[Any], paging: queries.Paging, resources: list[dict[str, Any]],
    included: list[dict[str, Any]] | None = None,
) -> Response:  # fmt: skip
    body = {"data": queries.sparse(request, resources)} | queries.paging_members(request, paging, page)
    if included is not None and "include" in request.query_params:
        body["included"] = queries.sparse(request, included)
    return document(body)


def _single(
    request: Request, resource: dict[str, Any], status: int = 200, included: list[dict[str, Any]] | None = None
) -> Response:
    body: dict[str, Any] = {"data": queries.sparse(request, [resource])[0], "meta": {}}
    if included is not None and "include" in request.query_params:
        body["included"] = queries.sparse(request, included)
    return document(body, status)


@router.get("/organizations")
def list_organizations(ctx: Ctx, request: Request) -> Response:
    query, paging = queries.list_query(request, {}, {})
    workspace = workspace_of_people(ctx, organization_id(request))
    page = Page([workspace], 1) if query.window is None or query.window.offset == 0 else Page([], 1)
    return _list(request, page, paging, [organization_resource(w) for w in page.items])


@router.get("/organizations/{organization}")
def get_organization(ctx: Ctx, request: Request, organization: str) -> Response:
    if queries.resource_id(organization) != organization_id(request):
        raise NotFound(entity="organization")
    return _single(request, organization_resource(workspace_of_people(ctx, organization_id(request))))


@router.get("/companies")
def list_companies(ctx: Ctx, request: Request) -> Response:
    fixed = {"workspace": organization_id(request)} | queries.filters(request, COMPANY_FILTERS)
    query, paging = queries.list_query(request, fixed, {"name": "name", "created_at": "created_at"})
    page = companies.list_companies(ctx, query)
    return _list(request, page, paging, [company_resource(c) for c in page.items])


@router.get("/companies/{company_id}")
def get_company(ctx: Ctx, request: Request, company_id: str) -> Response:
    company = companies.get_company(ctx, organization_id(request), queries.resource_id(company_id))
    return _single(request, company_resource(company))


@router.post("/companies", status_code=201)
def create_company(ctx: Ctx, request: Request, body: CompanyCreate) -> Response:
    company = companies.create_company(ctx, organization_id(request), body.data.attributes.name)
    return _single(request, company_resource(company), 201)


@router.get("/people")
def list_people(ctx: Ctx, request: Request) -> Response:
    query, paging = queries.list_query(request, queries.filters(request, PEOPLE_FILTERS), {})
    page = users.accounts(ctx, query)
    return _list(request, page, paging, [person_resource(u) for u in page.items])


@router.get("/people/{person_id}")
def get_person(ctx: Ctx, request: Request, person_id: str) -> Response:
    ctx.require_user()
    person = users.users_by_id(ctx, [queries.resource_id(person_id)]).get(int(person_id))
    if person is None or not person.is_active:
        raise NotFound(entity="person")
    return _single(request, person_resource(person))


def _workflows(
    ctx: Ctx, request: Request, workflows: list[Workflow]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The workflows' resources and, with `include=workflow_statuses`, their statuses."""
    if not queries.includes(request, STATUSES_INCLUDABLE):
        return [workflow_resource(w) for w in workflows], []
    ids = workflow_directory.status_ids_by_workflow(ctx, {w.id for w in workflows})
    statuses = workflow_directory.list_statuses(ctx, organization_id(request),
                                                ListQuery(filters={"workflows": list(ids)})).items  # fmt: skip
    return [workflow_resource(w, ids[w.id]) for w in workflows], [status_resource(s) for s in statuses]


@router.get("/workflows")
def list_workflows(ctx: Ctx, request: Request) -> Response:
    query, paging = queries.list_query(request, queries.filters(request, WORKFLOW_FILTERS), {"name": "name"})
    page = workflow_directory.list_workflows(ctx, organization_id(request), query)
    data, included = _workflows(ctx, request, list(page.items))
    return _list(request, page, paging, data, included)


@router.get("/workflows/{workflow_id}")
def get_workflow(ctx: Ctx, request: Request, workflow_id: str) -> Response:
    workflow = workflow_directory.get_workflow(ctx, organization_id(request), queries.resource_id(workflow_id))
    data, included = _workflows(ctx, request, [workflow])
    return _single(request, data[0], included=included)


@router.post("/workflows", status_code=201)
def create_workflow(ctx: Ctx, request: Request, body: WorkflowCreate) -> Response:
    workflow = workflow_directory.create_workflow(ctx, organization_id(request), body.data.attributes.name)
    return _single(request, workflow_resource(workflow), 201)


@router.get("/workflow_statuses")
def list_statuses(ctx: Ctx, request: Request) -> Response:
    sorts = {"name": "name", "position": "position"}
    query, paging = queries.list_query(request, queries.filters(request, STATUS_FILTERS), sorts)
    page = workflow_directory.list_statuses(ctx, organization_id(request), query)
    return _list(request, page, paging, [status_resource(s) for s in page.items])


@router.get("/workflow_statuses/{status_id}")
def get_status(ctx: Ctx, request: Request, status_id: str) -> Response:
    status = workflow_directory.get_status(ctx, organization_id(request), queries.resource_id(status_id))
    return _single(request, status_resource(status))


def _related(relationships: dict[str, Any], name: str, kind: str) -> int:
    relation = relationships.get(name)
    if relation is None or relation.data is None or relation.data.type != kind:
        raise Invalid(fields={name: [Problem("invalid")]})
    return int(relation.data.id)


@router.post("/workflow_statuses", status_code=201)
def create_status(ctx: Ctx, request: Request, body: StatusCreate) -> Response:
    attributes = body.data.attributes
    workflow_id = _related(body.data.relationships, "workflow", "workflows")
    if attributes.category_id not in CATEGORIES:
        raise Invalid(fields={"category_id": [Problem("invalid_choice")]})
    fields = {"name": attributes.name, "category": CATEGORIES[attributes.category_id]}
    try:
        status = workflow_directory.add_status(ctx, organization_id(request), workflow_id, fields)
    except NotFound:
        raise Invalid(fields={"workflow": [Problem("invalid")]}) from None
    return _single(request, status_resource(status), 201)


@router.get("/task_lists")
def list_task_lists(ctx: Ctx, request: Request) -> Response:
    found = queries.filters(request, TASK_LIST_FILTERS)
    query, paging = queries.list_query(request, {}, {})
    project_id = found.get("project")
    if project_id is not None:
        _in_organization(ctx, request, project_id)
    page = lanes.list_lanes(ctx, project_id, query)
    return _list(request, page, paging, [task_list_resource(lane) for lane in page.items])


def _in_organization(ctx: Ctx, request: Request, project_id: int) -> None:
    from planyard.core.projects import service

    project, _ = service.get_project(ctx, project_id)
    if project.workspace_id != organization_id(request):
        raise NotFound(entity="project")


@router.get("/task_lists/{task_list_id}")
def get_task_list(ctx: Ctx, request: Request, task_list_id: str) -> Response:
    lane = lanes.get_lane(ctx, queries.resource_id(task_list_id))
    return _single(request, task_list_resource(lane))


@router.post("/task_lists", status_code=201)
def create_task_list(ctx: Ctx, request: Request, body: TaskListCreate) -> Response:
    project_id = _related(body.data.relationships, "project", "projects")
    try:
        _in_organization(ctx, request, project_id)
    except NotFound:
        raise Invalid(fields={"project": [Problem("invalid")]}) from None
    if not body.data.attributes.name.strip():
        raise Invalid(fields={"name": [Problem("blank")]})
    lane = lanes.create_lane(ctx, project_id, body.data.attributes.name)
    return _single(request, task_list_resource(lane), 201)
