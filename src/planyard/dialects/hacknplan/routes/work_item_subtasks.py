"""HacknPlan subtasks (a work item's check items as one list, docs/mapping.md Checklists): list, create
(a bare JSON title; answers the whole list), get, PUT (title, isCompleted: false when left out, index),
PATCH (only those sent), delete. `index` is 1-based; writing it moves the subtask there."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core.context import Context
from planyard.core.work_items import check_items, checklists
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.items import item_in
from planyard.dialects.hacknplan.mappers.work_item_parts import subtask
from planyard.dialects.hacknplan.messages import INVALID_SUBTASK
from planyard.dialects.hacknplan.primitives import Raw, text
from planyard.dialects.hacknplan.schemas.work_items import TITLE_MAX, SubTask, SubTaskPatch, SubTaskValues
from planyard.kit.errors import Invalid
from planyard.models import Project, WorkItem
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["work item subtasks"])

BASE = "/projects/{projectId}/workitems/{workItemId}/subtasks"
LIST_NAME = "Subtasks"


def _all(ctx: Context, project: Project, item: WorkItem) -> list[dict[str, Any]]:
    rows = check_items.all_check_items(ctx, item.id)
    return [subtask(row, project.id, item.id, index) for index, row in enumerate(rows, 1)]


def _one(ctx: Context, project: Project, item: WorkItem, subtask_id: int) -> Response:
    found = next((s for s in _all(ctx, project, item) if s["subTaskId"] == subtask_id), None)
    if found is None:
        check_items.check_item_of(ctx, item.id, subtask_id)  # NotFound
    return render(SubTask, found)


@router.get(BASE, response_model=list[SubTask])
def list_subtasks(projectId: int, workItemId: int, ctx: Ctx) -> Response:
    project, item = item_in(ctx, projectId, workItemId)
    return render(SubTask, _all(ctx, project, item))


@router.post(BASE, response_model=list[SubTask])
def create_subtask(projectId: int, workItemId: int, ctx: Ctx, body: Raw = None) -> Response:
    project, item = item_in(ctx, projectId, workItemId)
    check_items.add_last(ctx, item.id, text(body, "title", TITLE_MAX, INVALID_SUBTASK), LIST_NAME)
    return render(SubTask, _all(ctx, project, item))


@router.get(BASE + "/{subTaskId}", response_model=SubTask)
def get_subtask(projectId: int, workItemId: int, subTaskId: int, ctx: Ctx) -> Response:
    project, item = item_in(ctx, projectId, workItemId)
    return _one(ctx, project, item, subTaskId)


def _edit(ctx: Context, project: Project, item: WorkItem, subtask_id: int, values: dict[str, Any]) -> Response:
    row = check_items.check_item_of(ctx, item.id, subtask_id)
    changes = {}
    if "title" in values:
        if values["title"] is None or not str(values["title"]).strip():
            raise Invalid(INVALID_SUBTASK)
        changes["text"] = values["title"]
    if values.get("isCompleted") is not None:
        changes["checked"] = values["isCompleted"]
    if changes:
        checklists.update_check_item(ctx, row.id, changes)
    if values.get("index") is not None:
        check_items.move_to(ctx, item.id, row.id, values["index"] - 1)
    return _one(ctx, project, item, row.id)


@router.put(BASE + "/{subTaskId}", response_model=SubTask)
def replace_subtask(projectId: int, workItemId: int, subTaskId: int, body: SubTaskValues, ctx: Ctx) -> Response:
    project, item = item_in(ctx, projectId, workItemId)
    return _edit(ctx, project, item, subTaskId, body.model_dump())


@router.patch(BASE + "/{subTaskId}", response_model=SubTask)
def patch_subtask(projectId: int, workItemId: int, subTaskId: int, body: SubTaskPatch, ctx: Ctx) -> Response:
    project, item = item_in(ctx, projectId, workItemId)
    return _edit(ctx, project, item, subTaskId, body.model_dump(exclude_unset=True))


@router.delete(BASE + "/{subTaskId}")
def delete_subtask(projectId: int, workItemId: int, subTaskId: int, ctx: Ctx) -> Response:
    _, item = item_in(ctx, projectId, workItemId)
    checklists.delete_check_item(ctx, check_items.check_item_of(ctx, item.id, subTaskId).id)
    return empty()
