"""Taiga §18 Tasks: list, create, get (by id and by ref, with neighbours), edit (with the web client's
`set-orders` header), delete, bulk create, bulk orders, bulk sprint move, promote, filters_data.
Attachments, votes and watchers are in item_extras."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from planyard.core.access import load_project
from planyard.core.taiga_rules import bulk_text
from planyard.core.taiga_rules.promote import promote_to_story
from planyard.core.work_items import tasks
from planyard.core.work_items.browse import load_page_extras
from planyard.core.work_items.facts import load_item_facts
from planyard.core.work_items.kinds import TASK
from planyard.core.work_items.service import delete_item, get_by_ref, get_item
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.filter_names import TASK_AND_ISSUE_FILTER_NAMES as NAMES
from planyard.dialects.taiga.mappers.tasks import changes_from, parse_set_orders, renamed_errors, task_detail, task_row
from planyard.dialects.taiga.mappers.work_items import wire_errors
from planyard.dialects.taiga.render import order_updated
from planyard.dialects.taiga.schemas.ids import MAX_ID, PathId
from planyard.dialects.taiga.schemas.tasks import (
    PromoteToStory,
    TaskCreate,
    TaskDetail,
    TaskDetailWithNeighbors,
    TaskEdit,
    TaskFiltersData,
    TaskListEntry,
    TaskReplace,
    TasksBulkCreate,
    TasksBulkMilestone,
    TasksBulkOrder,
)
from planyard.kit.query import ListQuery
from planyard.models import WorkItem
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["tasks"])
BULK_NAMES = {"parent_id": "us_id", "sprint_id": "milestone_id", "status_id": "status_id"}


def rows(ctx: Ctx, items: list[WorkItem], request: Request, detail: bool = False) -> list[dict]:
    facts = load_item_facts(ctx, items)
    extras = load_page_extras(ctx, TASK, items, "include_attachments" in request.query_params)
    shape = task_detail if detail else task_row
    return [shape(ctx.env, item, facts, extras, ctx.actor_id) for item in items]


def detail_response(
    ctx: Ctx, item: WorkItem, request: Request, status: int = 200, headers: dict | None = None
) -> Response:
    return render(TaskDetail, rows(ctx, [item], request, detail=True)[0], status=status, headers=headers)


def _around(request: Request) -> ListQuery:
    """The list an item's neighbours are taken from: the query's filters (but `ref`) and order."""
    return queries.filtered(request.query_params, tasks.TASK_FILTERS, skip=("ref",), names=NAMES)


def with_neighbors(ctx: Ctx, item: WorkItem, request: Request) -> Response:
    data = rows(ctx, [item], request, detail=True)[0] | {"neighbors": tasks.neighbors(ctx, item, _around(request))}
    return render(TaskDetailWithNeighbors, data)


@router.get("/tasks", response_model=list[TaskListEntry])
def list_tasks(request: Request, ctx: Ctx) -> Response:
    query, wanted = queries.list_query(request, tasks.TASK_FILTERS, sorted_first=True, names=NAMES)
    page = tasks.list_tasks(ctx, query)
    headers = queries.page_headers(request, wanted, page)
    return render(TaskListEntry, rows(ctx, page.items, request), headers=headers)


@router.post("/tasks", status_code=201, response_model=TaskDetail)
def create_task(body: TaskCreate, request: Request, ctx: Ctx) -> Response:
    changes, _ = changes_from(body.model_dump(exclude_unset=True))
    with wire_errors():
        item = tasks.create_task(ctx, body.project, changes)
    return detail_response(ctx, item, request, status=201)


@router.get("/tasks/by_ref", response_model=TaskDetailWithNeighbors)
def task_by_ref(
    request: Request, ctx: Ctx, ref: int = Query(ge=1, le=MAX_ID), project: int = Query(ge=1, le=MAX_ID)
) -> Response:
    return with_neighbors(ctx, get_by_ref(ctx, TASK, project, ref), request)


@router.get("/tasks/filters_data", response_model=TaskFiltersData)
def filters_data(request: Request, ctx: Ctx, project: int = Query(ge=1, le=MAX_ID)) -> Response:
    params = request.query_params
    query = queries.filtered_after(
        lambda: load_project(ctx, project), params, tasks.TASK_FILTERS, sort=False, names=NAMES
    )
    return render(TaskFiltersData, tasks.filters_data(ctx, project, query))


@router.post("/tasks/bulk_create", response_model=list[TaskDetail])
def bulk_create(body: TasksBulkCreate, request: Request, ctx: Ctx) -> Response:
    with renamed_errors(BULK_NAMES):
        sprint_id = body.milestone_id or body.sprint_id
        items = tasks.bulk_create(
            ctx, body.project_id, bulk_text.subjects(body.bulk_tasks), body.us_id, sprint_id, body.status_id
        )
    return render(TaskDetail, rows(ctx, items, request, detail=True))


@router.post("/tasks/bulk_update_taskboard_order", response_model=dict[str, int])
def bulk_update_taskboard_order(body: TasksBulkOrder, ctx: Ctx) -> Response:
    return _bulk_order(ctx, "board_order", body)


@router.post("/tasks/bulk_update_us_order", response_model=dict[str, int])
def bulk_update_us_order(body: TasksBulkOrder, ctx: Ctx) -> Response:
    return _bulk_order(ctx, "parent_order", body)


def _bulk_order(ctx: Ctx, column: str, body: TasksBulkOrder) -> Response:
    moves = {entry.task_id: entry.order for entry in body.bulk_tasks}
    scope = {"parent_id": body.us_id or body.user_story_id, "status_id": body.status_id, "sprint_id": body.milestone_id}
    with renamed_errors(BULK_NAMES):
        moved = tasks.bulk_update_order(ctx, column, body.project_id, moves, scope)
    return json_response(moved)


@router.post("/tasks/bulk_update_milestone", response_model=dict[str, int])
def bulk_update_milestone(body: TasksBulkMilestone, ctx: Ctx) -> Response:
    moves = {entry.task_id: entry.order for entry in body.bulk_tasks}
    with renamed_errors(BULK_NAMES):
        return json_response(tasks.bulk_update_sprint(ctx, body.project_id, body.milestone_id, moves))


@router.get("/tasks/{task_id}", response_model=TaskDetailWithNeighbors)
def get_task(task_id: PathId, request: Request, ctx: Ctx) -> Response:
    return with_neighbors(ctx, get_item(ctx, TASK, task_id)[0], request)


@router.patch("/tasks/{task_id}", response_model=TaskDetail)
def edit_task(task_id: PathId, body: TaskEdit, request: Request, ctx: Ctx) -> Response:
    return _edit(ctx, task_id, body, request)


@router.put("/tasks/{task_id}", response_model=TaskDetail)
def replace_task(task_id: PathId, body: TaskReplace, request: Request, ctx: Ctx) -> Response:
    return _edit(ctx, task_id, body, request)


def _edit(ctx: Ctx, task_id: int, body: TaskEdit, request: Request) -> Response:
    changes, version = changes_from(body.model_dump(exclude_unset=True))
    extra_orders = parse_set_orders(request.headers.get("set-orders"))
    with wire_errors():
        item, moved = tasks.update_task(ctx, task_id, changes, version, extra_orders, body.project)
    return detail_response(ctx, item, request, headers=order_updated(moved))


@router.delete("/tasks/{task_id}", status_code=204)
def delete_task(task_id: PathId, ctx: Ctx) -> Response:
    delete_item(ctx, TASK, task_id)
    return empty(204)


@router.post("/tasks/{task_id}/promote_to_user_story", response_model=list[int])
def promote(task_id: PathId, body: PromoteToStory, ctx: Ctx) -> Response:
    return json_response(promote_to_story(ctx, TASK, task_id, body.project_id))


def json_response(data: Any) -> Response:
    """Plain JSON for the bare maps and lists Taiga answers ({id: order}, [ref])."""
    return Response(json.dumps(data), media_type="application/json")
