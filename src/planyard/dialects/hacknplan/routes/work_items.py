"""HacknPlan work items: the filtered, sorted, paged list; create, get, clone, replace (PUT), patch,
delete. Stage changes, estimates, moves between boards (and `boardIndex` on one) are PUT/PATCH fields."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from planyard.core.context import Context
from planyard.core.tags import service as tags
from planyard.core.work_items import check_items, clone, project_items
from planyard.core.work_items.kinds import KINDS
from planyard.core.work_items.service import ItemChanges, create_item, delete_item, update_item
from planyard.dialects.hacknplan import access
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.items import item_in, rendered
from planyard.dialects.hacknplan.mappers.work_item_values import to_core
from planyard.dialects.hacknplan.messages import INVALID_VALUES
from planyard.dialects.hacknplan.paging import Paging, envelope, paging
from planyard.dialects.hacknplan.schemas.work_items import (
    WorkItem,
    WorkItemCreate,
    WorkItemPage,
    WorkItemPatch,
    WorkItemValues,
)
from planyard.kit.errors import Invalid
from planyard.kit.query import ListQuery, SortKey
from planyard.models import Project
from planyard.models import WorkItem as ItemRow
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["work items"])

SUBTASK_LIST = "Subtasks"  # the checklist a work item's first subtask opens
SORT_KEYS = {
    "id": "id", "name": "subject", "duedate": "due_date", "updatedate": "modified_date",
    "closingdate": "finish_date", "board": "sprint", "designelement": "design_element", "stage": "status",
    "category": "item_type", "importancelevel": "priority",
}  # fmt: skip
# query parameter -> (core filter, whether 0 stands for "none")
FILTERS = {
    "boardId": ("sprint", True), "milestoneId": ("release", False), "categoryId": ("item_type", False),
    "userId": ("any_assignee", False), "designElementId": ("design_element", True), "stageId": ("shown_status", False),
    "importanceLevelId": ("priority", False), "parentStoryId": ("parent", True),
}  # fmt: skip
Int32 = Annotated[int | None, Query(ge=0, le=2**31 - 1)]


def _one(ctx: Context, project: Project, row: ItemRow) -> Response:
    return render(WorkItem, rendered(ctx, project, [row])[0])


def _filters(params: dict[str, int | None], search: str | None) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, value in params.items():
        if value is None:
            continue
        core_name, zero_is_none = FILTERS[name]
        found[core_name] = [None if zero_is_none and value == 0 else value]
    if search:
        found["text_or_description"] = search
    return found


@router.get("/projects/{projectId}/workitems", response_model=WorkItemPage)
def list_work_items(
    projectId: int, ctx: Ctx, paged: Annotated[Paging, Depends(paging)], boardId: Int32 = None,
    milestoneId: Int32 = None, categoryId: Int32 = None, userId: Int32 = None, designElementId: Int32 = None,
    stageId: Int32 = None, importanceLevelId: Int32 = None, parentStoryId: Int32 = None,
    searchTerms: Annotated[str | None, Query(max_length=500)] = None,
    sortField: Literal[tuple(SORT_KEYS)] = "id",  # type: ignore[valid-type]
    sortMode: Literal["asc", "desc"] = "asc",
) -> Response:  # fmt: skip
    project, _ = access.member(ctx, projectId)
    params = {"boardId": boardId, "milestoneId": milestoneId, "categoryId": categoryId, "userId": userId,
              "designElementId": designElementId, "stageId": stageId, "importanceLevelId": importanceLevelId,
              "parentStoryId": parentStoryId}  # fmt: skip
    query = ListQuery(filters=_filters(params, searchTerms), window=paged.window,
                      sort=(SortKey(SORT_KEYS[sortField], sortMode == "desc"),))  # fmt: skip
    page, bridge = project_items.list_project_items(ctx, project.id, query)
    return render(WorkItemPage, envelope(paged, page.total, rendered(ctx, project, page.items, bridge)))


@router.post("/projects/{projectId}/workitems", response_model=WorkItem)
def create_work_item(projectId: int, body: WorkItemCreate, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    kind = project_items.type_profile(ctx, project, body.categoryId)
    values = body.model_dump(exclude={"assignedUserIds", "tagIds", "subTasks", "boardIndex"}, exclude_none=True)
    changes = to_core(values, kind, project_items.status_bridge(ctx, project.id), None)
    changes.fields.setdefault("priority_id", project.default_priority_id)
    changes.assignees = list(dict.fromkeys(body.assignedUserIds or []))
    row = create_item(ctx, kind, project.id, changes)
    for tag_id in dict.fromkeys(body.tagIds or []):
        tags.add_item_tag(ctx, row.id, tag_id)
    for title in body.subTasks or []:
        check_items.add_last(ctx, row.id, title, SUBTASK_LIST)
    if body.boardIndex is not None:
        update_item(ctx, kind, row.id, _placed(ctx, row, body.boardIndex))
    return _one(ctx, project, row)


@router.get("/projects/{projectId}/workitems/{workItemId}", response_model=WorkItem)
def get_work_item(projectId: int, workItemId: int, ctx: Ctx) -> Response:
    project, row = item_in(ctx, projectId, workItemId)
    return _one(ctx, project, row)


@router.post("/projects/{projectId}/workitems/{workItemId}", response_model=WorkItem)
def clone_work_item(projectId: int, workItemId: int, ctx: Ctx) -> Response:
    project, row = item_in(ctx, projectId, workItemId)
    return _one(ctx, project, clone.clone_item(ctx, row.id))


@router.put("/projects/{projectId}/workitems/{workItemId}", response_model=WorkItem)
def replace_work_item(projectId: int, workItemId: int, body: WorkItemValues, ctx: Ctx) -> Response:
    project, row = item_in(ctx, projectId, workItemId)
    values = body.model_dump(exclude={"boardIndex"})
    values["isStory"] = bool(values["isStory"])
    return _edit(ctx, project, row, values, body.boardIndex)


@router.patch("/projects/{projectId}/workitems/{workItemId}", response_model=WorkItem)
def patch_work_item(projectId: int, workItemId: int, body: WorkItemPatch, ctx: Ctx) -> Response:
    project, row = item_in(ctx, projectId, workItemId)
    values = body.model_dump(exclude_unset=True, exclude={"boardIndex"})
    if "title" in values and values["title"] is None:
        raise Invalid(INVALID_VALUES)
    return _edit(ctx, project, row, values, body.boardIndex)


@router.delete("/projects/{projectId}/workitems/{workItemId}")
def delete_work_item(projectId: int, workItemId: int, ctx: Ctx) -> Response:
    _, row = item_in(ctx, projectId, workItemId)
    delete_item(ctx, KINDS[row.kind], row.id)
    return empty()


def _edit(ctx: Context, project: Project, row: ItemRow, values: dict[str, Any], board_index: int | None) -> Response:
    kind = KINDS[row.kind]
    changes = to_core(values, kind, project_items.status_bridge(ctx, project.id), row)
    update_item(ctx, kind, row.id, changes)
    if board_index is not None:
        update_item(ctx, kind, row.id, _placed(ctx, row, board_index))
    return _one(ctx, project, row)


def _placed(ctx: Context, row: ItemRow, board_index: int) -> ItemChanges:
    return ItemChanges(fields=project_items.rank_position(ctx, row, row.sprint_id, board_index))
