"""Kaiten sprints (core sprints, read-only here): the company's list, page by page, and one sprint with
its cards. Counters come from the sprint's items (`committed` = items, `velocity` = closed ones)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict
from starlette.responses import Response

from planyard.core import boards, sprints
from planyard.core.context import Context
from planyard.core.work_items import board_items
from planyard.dialects.kaiten.card_queries import window
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.cards import card
from planyard.dialects.kaiten.mappers.values import day, time, uid
from planyard.kit.query import ListQuery, SortKey
from planyard.models import Sprint as SprintRow
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["sprints"])


class Sprint(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    uid: str
    board_id: int | None
    title: str
    goal: str | None
    active: bool
    committed: int
    velocity: float
    start_date: str | None
    finish_date: str | None
    actual_finish_date: str | None
    created: str
    updated: str
    archived: bool


def shown(ctx: Context, rows: list[SprintRow]) -> list[dict[str, Any]]:
    counts = sprints.item_counts(ctx, [row.id for row in rows])
    first = boards.first_boards(ctx, {row.project_id for row in rows})
    return [{
        "id": row.id, "uid": uid("sprint", row.id), "board_id": first.get(row.project_id), "title": row.name,
        "goal": row.extra.get("kaiten", {}).get("goal"), "active": not row.closed, "committed": counts[row.id][0],
        "children_committed": 0, "velocity": float(counts[row.id][1]), "velocity_details": {"by_members": []},
        "children_velocity": 0.0, "children_velocity_details": {"by_members": []}, "creator_id": row.owner_id,
        "updater_id": row.owner_id, "start_date": day(row.estimated_start), "finish_date": day(row.estimated_finish),
        "actual_finish_date": time(row.modified_date) if row.closed else None, "created": time(row.created_date),
        "updated": time(row.modified_date), "archived": False,
    } for row in rows]  # fmt: skip


@router.get("/sprints", response_model=list[Sprint])
def list_sprints(request: Request, ctx: Ctx) -> Response:
    shown_window = window(request.query_params)
    page = sprints.list_sprints(ctx, ListQuery(sort=(SortKey("created_date"),), window=shown_window))
    return render(Sprint, shown(ctx, page.items[: shown_window.limit]))


@router.get("/sprints/{sprint_id}", response_model=Sprint)
def get_sprint(sprint_id: int, ctx: Ctx) -> Response:
    row, _ = sprints.get_sprint(ctx, sprint_id)
    items = board_items.list_items(ctx, ListQuery(filters={"sprint": [row.id]})).items
    facts = board_items.load_facts(ctx, items)
    return render(Sprint, shown(ctx, [row])[0] | {"cards": [card(item, facts, detail=False) for item in items]})
