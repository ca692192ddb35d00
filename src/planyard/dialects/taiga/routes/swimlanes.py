"""Taiga swimlanes (called by the web client's kanban; absent from the docs): list, create, get,
edit, delete with moveTo, bulk_update_order."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from planyard.core import lane_statuses, lanes
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.schemas.ids import MAX_ID, PathId, QueryId
from planyard.dialects.taiga.schemas.swimlanes import (
    SwimlaneCreate,
    SwimlaneEdit,
    SwimlaneOrder,
    SwimlaneRead,
    SwimlaneReplace,
)
from planyard.models import Lane
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["swimlanes"])
ONE = "/swimlanes/{swimlane_id}"
MoveTo = Annotated[int | None, Query(ge=1, le=MAX_ID, alias="moveTo")]


def _wire(ctx: Ctx, rows: list[Lane]) -> list[dict[str, Any]]:
    """Every lane lists its project's story statuses, each with the lane's own row id and WIP limit."""
    by_lane = lane_statuses.for_lanes(ctx, {lane.id for lane in rows})
    return [
        {"id": lane.id, "name": lane.name, "order": lane.order, "project": lane.project_id, "statuses": [
            {"id": s.id, "name": s.name, "slug": s.slug, "order": s.order, "is_closed": s.is_closed,
             "is_archived": s.is_archived, "color": s.color, "swimlane_userstory_status_id": row.id,
             "wip_limit": row.wip_limit}
            for row, s in by_lane[lane.id]
        ]}
        for lane in rows
    ]  # fmt: skip


def _one(ctx: Ctx, lane: Lane, status: int = 200) -> Response:
    return render(SwimlaneRead, _wire(ctx, [lane])[0], status=status)


@router.get("/swimlanes", response_model=list[SwimlaneRead])
def list_swimlanes(request: Request, ctx: Ctx, project: QueryId = None) -> Response:
    query, wanted = queries.list_query(request)
    page = lanes.list_lanes(ctx, project, query)
    headers = queries.page_headers(request, wanted, page)
    return render(SwimlaneRead, _wire(ctx, page.items), headers=headers)


@router.post("/swimlanes", status_code=201, response_model=SwimlaneRead)
def create_swimlane(body: SwimlaneCreate, ctx: Ctx) -> Response:
    return _one(ctx, lanes.create_lane(ctx, body.project, body.name), status=201)


@router.post("/swimlanes/bulk_update_order", status_code=204)
def bulk_update_order(body: SwimlaneOrder, ctx: Ctx) -> Response:
    lanes.bulk_update_order(ctx, body.project, list(body.bulk_swimlanes))
    return empty(204)


@router.get(ONE, response_model=SwimlaneRead)
def get_swimlane(swimlane_id: PathId, ctx: Ctx) -> Response:
    return _one(ctx, lanes.get_lane(ctx, swimlane_id))


@router.put(ONE, response_model=SwimlaneRead)
def replace_swimlane(swimlane_id: PathId, body: SwimlaneReplace, ctx: Ctx) -> Response:
    return _one(ctx, lanes.update_lane(ctx, swimlane_id, body.model_dump(exclude_unset=True)))


@router.patch(ONE, response_model=SwimlaneRead)
def edit_swimlane(swimlane_id: PathId, body: SwimlaneEdit, ctx: Ctx) -> Response:
    return _one(ctx, lanes.update_lane(ctx, swimlane_id, body.model_dump(exclude_unset=True)))


@router.delete(ONE, status_code=204)
def delete_swimlane(swimlane_id: PathId, ctx: Ctx, move_to: MoveTo = None) -> Response:
    lanes.delete_lane(ctx, swimlane_id, move_to)
    return empty(204)
