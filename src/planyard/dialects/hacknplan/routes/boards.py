"""HacknPlan boards (core sprints): the default board, list, create, get, PUT, PATCH, delete, closure and
metrics."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from starlette.responses import Response

from planyard.core import sprints, users
from planyard.core.context import Context
from planyard.core.projects import metrics, service
from planyard.core.work_items.kinds import KINDS
from planyard.core.work_items.service import delete_item
from planyard.dialects.hacknplan import access
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.mappers.boards import board, board_to_core
from planyard.dialects.hacknplan.mappers.projects import metrics as metrics_wire
from planyard.dialects.hacknplan.schemas.boards import Board, BoardPatch, BoardValues, CloseBoardValues
from planyard.dialects.hacknplan.schemas.projects import Metrics
from planyard.kit.errors import Conflict, NotFound
from planyard.kit.query import ListQuery
from planyard.models import Project, Sprint
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["boards"])


def _board(ctx: Context, project: Project, board_id: int) -> Sprint:
    row, _ = sprints.get_sprint(ctx, access.checked_id(board_id, "board"))
    if row.project_id != project.id:
        raise NotFound(entity="board")
    return row


def _rendered(ctx: Context, project: Project, rows: list[Sprint]) -> list[dict[str, Any]]:
    people = users.users_by_id(ctx, [row.owner_id for row in rows])
    return [board(row, project, people) for row in rows]


def _set_default(ctx: Context, project: Project, board_id: int | None) -> None:
    service.update_project(ctx, project.id, {"extra": project.extra | {"default_sprint_id": board_id}})


@router.post("/projects/{projectId}/boards/default")
def set_default_board(projectId: int, boardId: Annotated[int, Body()], ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    row = _board(ctx, project, boardId)
    if row.closed:
        raise Conflict(code="board_is_closed", entity="board")
    _set_default(ctx, project, row.id)
    return empty()


@router.delete("/projects/{projectId}/boards/default")
def clear_default_board(projectId: int, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    _set_default(ctx, project, None)
    return empty()


@router.get("/projects/{projectId}/boards", response_model=list[Board])
def list_boards(projectId: int, ctx: Ctx, includeClosed: bool = False) -> Response:
    project, _ = access.member(ctx, projectId)
    filters: dict[str, Any] = {"project": project.id} | ({} if includeClosed else {"closed": False})
    rows = sorted(sprints.list_sprints(ctx, ListQuery(filters=filters)).items, key=lambda row: row.id)
    return render(Board, _rendered(ctx, project, rows))


@router.post("/projects/{projectId}/boards", response_model=Board, status_code=201)
def create_board(projectId: int, body: BoardValues, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    row = sprints.create_sprint(ctx, project.id, board_to_core(None, body.model_dump(exclude_none=True)), None)
    return render(Board, _rendered(ctx, project, [row])[0], 201)


@router.get("/projects/{projectId}/boards/{boardId}", response_model=Board)
def get_board(projectId: int, boardId: int, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    return render(Board, _rendered(ctx, project, [_board(ctx, project, boardId)])[0])


def _update(ctx: Context, projectId: int, boardId: int, sent: dict[str, Any]) -> Response:
    project, _ = access.admin(ctx, projectId)
    row = _board(ctx, project, boardId)
    updated = sprints.update_sprint(ctx, row.id, board_to_core(row, sent), None)
    return render(Board, _rendered(ctx, project, [updated])[0])


@router.put("/projects/{projectId}/boards/{boardId}", response_model=Board)
def replace_board(projectId: int, boardId: int, body: BoardValues, ctx: Ctx) -> Response:
    return _update(ctx, projectId, boardId, body.model_dump())


@router.patch("/projects/{projectId}/boards/{boardId}", response_model=Board)
def patch_board(projectId: int, boardId: int, body: BoardPatch, ctx: Ctx) -> Response:
    return _update(ctx, projectId, boardId, body.model_dump(exclude_unset=True))


@router.delete("/projects/{projectId}/boards/{boardId}")
def delete_board(projectId: int, boardId: int, ctx: Ctx, removeWorkItems: bool = False) -> Response:
    """Its work items go back to the backlog, or are deleted with it."""
    project, _ = access.admin(ctx, projectId)
    row = _board(ctx, project, boardId)
    if removeWorkItems:
        for item_id, kind in sprints.item_ids(ctx, row.id):
            delete_item(ctx, KINDS[kind], item_id)
    if project.extra.get("default_sprint_id") == row.id:
        _set_default(ctx, project, None)
    sprints.delete_sprint(ctx, row.id)
    return empty()


@router.post("/projects/{projectId}/boards/{boardId}/closure")
def close_board(projectId: int, boardId: int, body: CloseBoardValues, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    row = _board(ctx, project, boardId)
    target = body.moveUnfinishedWorkItemsToBoardId
    sprints.close_sprint(ctx, row.id, _board(ctx, project, target).id if target is not None else None)
    if project.extra.get("default_sprint_id") == row.id:
        _set_default(ctx, project, None)
    return empty()


@router.delete("/projects/{projectId}/boards/{boardId}/closure")
def reopen_board(projectId: int, boardId: int, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    sprints.reopen_sprint(ctx, _board(ctx, project, boardId).id)
    return empty()


@router.get("/projects/{projectId}/boards/{boardId}/metrics", response_model=Metrics)
def board_metrics(projectId: int, boardId: int, ctx: Ctx, userId: int | None = None) -> Response:
    project, _ = access.member(ctx, projectId)
    row = _board(ctx, project, boardId)
    return render(Metrics, metrics_wire(metrics.sprint_metrics(ctx, row.id, userId)))
