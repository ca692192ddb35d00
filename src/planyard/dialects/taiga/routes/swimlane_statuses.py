"""Taiga swimlane user story statuses (the web client's per-lane WIP limits; absent from the docs):
list, get, and edit the limit (project admins). They come and go with lanes and story statuses."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from planyard.core import lane_statuses
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.schemas.ids import PathId, QueryId
from planyard.dialects.taiga.schemas.swimlanes import SwimlaneUserStoryStatusEdit, SwimlaneUserStoryStatusRead
from planyard.models import LaneStatus
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["swimlane-userstory-statuses"])
ONE = "/swimlane-userstory-statuses/{row_id}"


def _wire(row: LaneStatus) -> dict[str, Any]:
    return {"id": row.id, "status": row.status_id, "swimlane": row.lane_id, "wip_limit": row.wip_limit}


@router.get("/swimlane-userstory-statuses", response_model=list[SwimlaneUserStoryStatusRead])
def list_rows(request: Request, ctx: Ctx, project: QueryId = None) -> Response:
    query, wanted = queries.list_query(request)
    page = lane_statuses.list_rows(ctx, project, query)
    headers = queries.page_headers(request, wanted, page)
    return render(SwimlaneUserStoryStatusRead, [_wire(row) for row in page.items], headers=headers)


@router.get(ONE, response_model=SwimlaneUserStoryStatusRead)
def get_row(row_id: PathId, ctx: Ctx) -> Response:
    return render(SwimlaneUserStoryStatusRead, _wire(lane_statuses.get_row(ctx, row_id)))


@router.put(ONE, response_model=SwimlaneUserStoryStatusRead)
def replace_row(row_id: PathId, body: SwimlaneUserStoryStatusEdit, ctx: Ctx) -> Response:
    row = lane_statuses.update_row(ctx, row_id, body.model_dump(exclude_unset=True))
    return render(SwimlaneUserStoryStatusRead, _wire(row))


@router.patch(ONE, response_model=SwimlaneUserStoryStatusRead)
def edit_row(row_id: PathId, body: SwimlaneUserStoryStatusEdit, ctx: Ctx) -> Response:
    row = lane_statuses.update_row(ctx, row_id, body.model_dump(exclude_unset=True))
    return render(SwimlaneUserStoryStatusRead, _wire(row))
