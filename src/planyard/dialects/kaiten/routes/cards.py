"""Kaiten cards (core work items on boards): create in a cell, list with filters and paging, get, update
(moves between columns, lanes and boards; archive by `condition`), bulk update, delete."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from planyard.core import item_properties, jobs
from planyard.core.context import Context
from planyard.core.work_items import board_items
from planyard.core.work_items.item_rows import readable_item
from planyard.dialects.kaiten.card_queries import card_query, filter_params
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers import cards as wire
from planyard.dialects.kaiten.mappers.properties import properties_to_core
from planyard.dialects.kaiten.mappers.values import time
from planyard.dialects.kaiten.paging import user_ids_as_uids
from planyard.dialects.kaiten.schemas.cards import Card, CardCreate, CardEdit, CardsBulkEdit, Deleted, Job
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.query import ListQuery, Window
from planyard.models import Job as JobRow
from planyard.models import WorkItem
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["cards"])
BULK_LIMIT = 1000


Uids = Annotated[bool, Depends(user_ids_as_uids)]


def rendered(ctx: Context, rows: list[WorkItem], detail: bool = True, uids: bool = True) -> list[dict[str, Any]]:
    facts = board_items.load_facts(ctx, rows)
    return [wire.card(row, facts, detail, uids) for row in rows]


def one(ctx: Context, row: WorkItem, uids: bool = True) -> Response:
    return render(Card, rendered(ctx, [row], uids=uids)[0])


def _set_properties(ctx: Context, row: WorkItem, sent: dict[str, Any]) -> None:
    """A body's `properties` (`{"id_<property id>": value}`, null clears one) into the item's custom values."""
    if not sent.get("properties"):
        return
    values = properties_to_core(sent["properties"])
    try:
        item_properties.set_values(ctx, row.id, values)
    except NotFound:  # the card was just written: the unknown one is a property
        raise Invalid.on("properties", "unknown custom property") from None


@router.post("/cards", response_model=Card)
def create_card(body: CardCreate, ctx: Ctx, uids: Uids) -> Response:
    sent = body.model_dump(exclude_unset=True)
    row = board_items.create_on_board(ctx, wire.placement(sent), wire.changes(sent))
    _set_properties(ctx, row, sent)
    return one(ctx, row, uids)


@router.get("/cards", response_model=list[Card])
def list_cards(request: Request, ctx: Ctx, uids: Uids) -> Response:
    query = card_query(request.query_params)
    page = board_items.list_items(ctx, query)
    shown = page.items[: query.window.limit if query.window else None]
    return render(Card, rendered(ctx, shown, detail=False, uids=uids))


@router.get("/cards/{card_id}", response_model=Card)
def get_card(card_id: int, ctx: Ctx, uids: Uids) -> Response:
    return render(Card, rendered(ctx, [readable_item(ctx, card_id)[0]], uids=uids)[0])


@router.patch("/cards/{card_id}", response_model=Card)
def update_card(card_id: int, body: CardEdit, ctx: Ctx, uids: Uids) -> Response:
    sent = body.model_dump(exclude_unset=True)
    row = board_items.edit_on_board(ctx, card_id, wire.placement(sent), wire.changes(sent))
    _set_properties(ctx, row, sent)
    return one(ctx, row, uids)


@router.patch("/cards", response_model=Job, status_code=202)
def bulk_update_cards(body: CardsBulkEdit, ctx: Ctx) -> Response:
    """Every chosen card gets the same edit in this request (all or none); the job, done, can be followed."""
    ids = body.card_ids
    if ids is None:
        if body.filter is None:
            raise Invalid.on("card_ids", "card_ids or filter is required")
        query = card_query(filter_params(body.filter))
        found = board_items.list_items(ctx, ListQuery(query.filters, query.sort, Window(0, BULK_LIMIT + 1)))
        if found.total > BULK_LIMIT:
            raise Invalid.on("filter", f"chooses more than {BULK_LIMIT} cards")
        ids = [row.id for row in found.items]
    chosen = list(dict.fromkeys(ids))
    job = jobs.start(ctx, "cards.update", len(chosen))
    sent = body.data.model_dump(exclude_unset=True)
    for card_id in chosen:
        board_items.edit_on_board(ctx, card_id, wire.placement(sent), wire.changes(sent))
    return render(Job, job_wire(jobs.finish(ctx, job, len(chosen), {"card_ids": chosen})), status=202)


@router.get("/jobs/{job_id}", response_model=Job)
def get_job(job_id: str, ctx: Ctx) -> Response:
    """A bulk job by the id its request answered (a Planyard addition: the seed names no such path)."""
    return render(Job, job_wire(jobs.get_job(ctx, job_id)))


def job_wire(row: JobRow) -> dict[str, Any]:
    return {"id": row.uuid, "status": row.status, "total": row.total, "done": row.done,
            "card_ids": row.result.get("card_ids", []), "created": time(row.created_at),
            "finished": time(row.finished_at) if row.finished_at else None}  # fmt: skip


@router.delete("/cards/{card_id}", response_model=Deleted)
def remove_card(card_id: int, ctx: Ctx) -> Response:
    row = readable_item(ctx, card_id)[0]
    shown = rendered(ctx, [row])[0]
    board_items.delete(ctx, card_id)
    return render(Deleted, shown)
