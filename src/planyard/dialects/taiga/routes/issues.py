"""Taiga §22 Issues: list, create, get (by id and by ref, with neighbours), edit, delete, bulk create,
bulk sprint move, promote to user story, filters_data. Attachments, votes and watchers are in
item_extras."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from planyard.core.access import load_project
from planyard.core.taiga_rules import bulk_text
from planyard.core.taiga_rules.promote import promote_to_story
from planyard.core.work_items import issues
from planyard.core.work_items.browse import load_page_extras
from planyard.core.work_items.facts import load_item_facts
from planyard.core.work_items.kinds import ISSUE
from planyard.core.work_items.service import create_item, delete_item, get_by_ref, get_item
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.filter_names import TASK_AND_ISSUE_FILTER_NAMES as NAMES
from planyard.dialects.taiga.mappers.issues import issue_detail, issue_row
from planyard.dialects.taiga.mappers.tasks import changes_from, renamed_errors
from planyard.dialects.taiga.mappers.work_items import wire_errors
from planyard.dialects.taiga.routes.tasks import json_response
from planyard.dialects.taiga.schemas.ids import MAX_ID, PathId
from planyard.dialects.taiga.schemas.issues import (
    IssueCreate,
    IssueDetail,
    IssueDetailWithNeighbors,
    IssueEdit,
    IssueFiltersData,
    IssueListEntry,
    IssueReplace,
    IssuesBulkCreate,
    IssuesBulkMilestone,
)
from planyard.dialects.taiga.schemas.tasks import PromoteToStory
from planyard.kit.query import ListQuery
from planyard.models import WorkItem
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["issues"])
BULK_NAMES = {"sprint_id": "milestone_id"}


def rows(ctx: Ctx, items: list[WorkItem], request: Request, detail: bool = False) -> list[dict]:
    facts = load_item_facts(ctx, items)
    extras = load_page_extras(ctx, ISSUE, items, "include_attachments" in request.query_params)
    shape = issue_detail if detail else issue_row
    return [shape(ctx.env, item, facts, extras, ctx.actor_id) for item in items]


def _around(request: Request) -> ListQuery:
    """The list an item's neighbours are taken from: the query's filters (but `ref`) and order."""
    return queries.filtered(request.query_params, issues.ISSUE_FILTERS, skip=("ref",), names=NAMES)


def with_neighbors(ctx: Ctx, item: WorkItem, request: Request) -> Response:
    data = rows(ctx, [item], request, detail=True)[0] | {"neighbors": issues.neighbors(ctx, item, _around(request))}
    return render(IssueDetailWithNeighbors, data)


@router.get("/issues", response_model=list[IssueListEntry])
def list_issues(request: Request, ctx: Ctx) -> Response:
    query, wanted = queries.list_query(request, issues.ISSUE_FILTERS, sorted_first=True, names=NAMES)
    page = issues.list_issues(ctx, query)
    headers = queries.page_headers(request, wanted, page)
    return render(IssueListEntry, rows(ctx, page.items, request), headers=headers)


@router.post("/issues", status_code=201, response_model=IssueDetail)
def create_issue(body: IssueCreate, request: Request, ctx: Ctx) -> Response:
    changes, _ = changes_from(body.model_dump(exclude_unset=True))
    with wire_errors():
        item = create_item(ctx, ISSUE, body.project, changes)
    return render(IssueDetail, rows(ctx, [item], request, detail=True)[0], status=201)


@router.get("/issues/by_ref", response_model=IssueDetailWithNeighbors)
def issue_by_ref(
    request: Request, ctx: Ctx, ref: int = Query(ge=1, le=MAX_ID), project: int = Query(ge=1, le=MAX_ID)
) -> Response:
    return with_neighbors(ctx, get_by_ref(ctx, ISSUE, project, ref), request)


@router.get("/issues/filters_data", response_model=IssueFiltersData)
def filters_data(request: Request, ctx: Ctx, project: int = Query(ge=1, le=MAX_ID)) -> Response:
    params = request.query_params
    query = queries.filtered_after(
        lambda: load_project(ctx, project), params, issues.ISSUE_FILTERS, sort=False, names=NAMES
    )
    return render(IssueFiltersData, issues.filters_data(ctx, project, query))


@router.post("/issues/bulk_create", response_model=list[IssueDetail])
def bulk_create(body: IssuesBulkCreate, request: Request, ctx: Ctx) -> Response:
    with renamed_errors(BULK_NAMES):
        items = issues.bulk_create(ctx, body.project_id, bulk_text.subjects(body.bulk_issues), body.milestone_id)
    return render(IssueDetail, rows(ctx, items, request, detail=True))


@router.post("/issues/bulk_update_milestone", response_model=dict[str, int])
def bulk_update_milestone(body: IssuesBulkMilestone, ctx: Ctx) -> Response:
    issue_ids = [entry.issue_id for entry in body.bulk_issues]
    with renamed_errors(BULK_NAMES):
        return json_response(issues.bulk_update_sprint(ctx, body.project_id, body.milestone_id, issue_ids))


@router.get("/issues/{issue_id}", response_model=IssueDetailWithNeighbors)
def get_issue(issue_id: PathId, request: Request, ctx: Ctx) -> Response:
    return with_neighbors(ctx, get_item(ctx, ISSUE, issue_id)[0], request)


@router.patch("/issues/{issue_id}", response_model=IssueDetail)
def edit_issue(issue_id: PathId, body: IssueEdit, request: Request, ctx: Ctx) -> Response:
    return _edit(ctx, issue_id, body, request)


@router.put("/issues/{issue_id}", response_model=IssueDetail)
def replace_issue(issue_id: PathId, body: IssueReplace, request: Request, ctx: Ctx) -> Response:
    return _edit(ctx, issue_id, body, request)


def _edit(ctx: Ctx, issue_id: int, body: IssueEdit, request: Request) -> Response:
    changes, version = changes_from(body.model_dump(exclude_unset=True))
    with wire_errors():
        item = issues.update_issue(ctx, issue_id, changes, version, body.project)
    return render(IssueDetail, rows(ctx, [item], request, detail=True)[0])


@router.delete("/issues/{issue_id}", status_code=204)
def delete_issue(issue_id: PathId, ctx: Ctx) -> Response:
    delete_item(ctx, ISSUE, issue_id)
    return empty(204)


@router.post("/issues/{issue_id}/promote_to_user_story", response_model=list[int])
def promote(issue_id: PathId, body: PromoteToStory, ctx: Ctx) -> Response:
    return json_response(promote_to_story(ctx, ISSUE, issue_id, body.project_id))
