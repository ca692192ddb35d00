"""Kaiten card time logs and the company timesheet (`GET /time-logs`): core time entries."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from planyard.core.context import Context
from planyard.core.users import users_by_id
from planyard.core.work_items import time_entries
from planyard.core.work_items.time_entries import NewTimeEntry
from planyard.dialects.kaiten.card_queries import date_bounds, ids, window
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.time_logs import time_log, to_core
from planyard.dialects.kaiten.schemas.spaces import Deleted
from planyard.dialects.kaiten.schemas.time_logs import TimeLog, TimeLogCreate, TimeLogEdit
from planyard.kit.errors import NotFound
from planyard.kit.query import ListQuery
from planyard.models import TimeEntry
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["time logs"])


def shown(ctx: Context, rows: list[TimeEntry]) -> list[dict[str, object]]:
    users = users_by_id(ctx, {row.user_id for row in rows if row.user_id})
    roles = time_entries.roles_of(ctx, rows)
    return [time_log(row, users, roles) for row in rows]


def of_card(ctx: Context, card_id: int, log_id: int) -> None:
    if log_id not in [row.id for row in time_entries.list_time_entries(ctx, card_id)]:
        raise NotFound(entity="time_entry")


@router.post("/cards/{card_id}/time-logs", response_model=TimeLog)
def log_time(card_id: int, body: TimeLogCreate, ctx: Ctx) -> Response:
    fields = to_core(body.model_dump())
    new = NewTimeEntry(minutes=fields["minutes"], date=fields["date"], user_id=fields.get("user_id"),
                       comment=fields.get("comment") or "", role_id=fields.get("role_id"))  # fmt: skip
    return render(TimeLog, shown(ctx, [time_entries.log_time(ctx, card_id, new)])[0])


@router.get("/cards/{card_id}/time-logs", response_model=list[TimeLog])
def list_time_logs(card_id: int, ctx: Ctx) -> Response:
    return render(TimeLog, shown(ctx, time_entries.list_time_entries(ctx, card_id)))


@router.patch("/cards/{card_id}/time-logs/{log_id}", response_model=TimeLog)
def update_time_log(card_id: int, log_id: int, body: TimeLogEdit, ctx: Ctx) -> Response:
    of_card(ctx, card_id, log_id)
    row = time_entries.update_time_entry(ctx, log_id, to_core(body.model_dump(exclude_unset=True)))
    return render(TimeLog, shown(ctx, [row])[0])


@router.delete("/cards/{card_id}/time-logs/{log_id}", response_model=Deleted)
def remove_time_log(card_id: int, log_id: int, ctx: Ctx) -> Response:
    of_card(ctx, card_id, log_id)
    time_entries.delete_time_entry(ctx, log_id)
    return render(Deleted, {"id": log_id})


@router.get("/time-logs", response_model=list[TimeLog])
def timesheet(request: Request, ctx: Ctx) -> Response:
    """Filters: `user_id`/`user_ids`, `card_id`/`card_ids`, `space_id`, `from`/`to` (days); page by page."""
    params = request.query_params
    filters = {core: ids(name, params[name]) for name, core in (("user_id", "user"), ("user_ids", "user"),
               ("card_id", "item"), ("card_ids", "item"), ("space_id", "project")) if name in params}  # fmt: skip
    filters |= date_bounds(params, {"from": "date_since", "to": "date_until"})
    shown_window = window(params)
    page = time_entries.list_all(ctx, ListQuery(filters=filters, window=shown_window))
    return render(TimeLog, shown(ctx, page.items[: shown_window.limit]))
