"""HacknPlan work logs (time entries; `value` in hours, stored as whole minutes): list, log
(`createWorkLogValues`: 201), get, update the value (a bare JSON number: 201 as the seed says), delete."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import users
from planyard.core.context import Context
from planyard.core.work_items import time_entries
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.items import item_in
from planyard.dialects.hacknplan.mappers.work_item_parts import work_log
from planyard.dialects.hacknplan.mappers.work_item_values import day
from planyard.dialects.hacknplan.messages import INVALID_LOG_VALUE
from planyard.dialects.hacknplan.primitives import Raw, number
from planyard.dialects.hacknplan.schemas.work_items import WorkLog, WorkLogCreate
from planyard.kit.errors import Invalid, NotFound
from planyard.models import TimeEntry
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["work item work logs"])

BASE = "/projects/{projectId}/workitems/{workItemId}/worklogs"


def minutes(hours: float) -> int:
    value = round(hours * 60)
    if not 0 < value <= time_entries.MAX_MINUTES:
        raise Invalid(INVALID_LOG_VALUE)
    return value


def _render(ctx: Context, row: TimeEntry, status: int = 200) -> Response:
    return render(WorkLog, work_log(row, users.users_by_id(ctx, [row.user_id]).get(row.user_id or 0)), status)


def _entry(ctx: Context, item_id: int, log_id: int) -> TimeEntry:
    found = next((row for row in time_entries.list_time_entries(ctx, item_id) if row.id == log_id), None)
    if found is None:
        raise NotFound(entity="time_entry")
    return found


@router.get(BASE, response_model=list[WorkLog])
def list_work_logs(projectId: int, workItemId: int, ctx: Ctx) -> Response:
    _, item = item_in(ctx, projectId, workItemId)
    rows = time_entries.list_time_entries(ctx, item.id)
    people = users.users_by_id(ctx, [row.user_id for row in rows])
    return render(WorkLog, [work_log(row, people.get(row.user_id or 0)) for row in rows])


@router.post(BASE, response_model=WorkLog, status_code=201)
def log_work(projectId: int, workItemId: int, body: WorkLogCreate, ctx: Ctx) -> Response:
    _, item = item_in(ctx, projectId, workItemId)
    new = time_entries.NewTimeEntry(minutes=minutes(body.value), date=day(body.date) or datetime.now(UTC).date(),
                                    user_id=body.userId, comment=body.comment or "")  # fmt: skip
    return _render(ctx, time_entries.log_time(ctx, item.id, new), 201)


@router.get(BASE + "/{workLogId}", response_model=WorkLog)
def get_work_log(projectId: int, workItemId: int, workLogId: int, ctx: Ctx) -> Response:
    _, item = item_in(ctx, projectId, workItemId)
    return _render(ctx, _entry(ctx, item.id, workLogId))


@router.put(BASE + "/{workLogId}", response_model=WorkLog, status_code=201)
def update_work_log(projectId: int, workItemId: int, workLogId: int, ctx: Ctx, body: Raw = None) -> Response:
    _, item = item_in(ctx, projectId, workItemId)
    row = _entry(ctx, item.id, workLogId)
    value = minutes(number(body, "value", INVALID_LOG_VALUE))
    return _render(ctx, time_entries.update_time_entry(ctx, row.id, {"minutes": value}), 201)


@router.delete(BASE + "/{workLogId}")
def delete_work_log(projectId: int, workItemId: int, workLogId: int, ctx: Ctx) -> Response:
    _, item = item_in(ctx, projectId, workItemId)
    time_entries.delete_time_entry(ctx, _entry(ctx, item.id, workLogId).id)
    return empty()
