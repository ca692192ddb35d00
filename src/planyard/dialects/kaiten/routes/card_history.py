"""A Kaiten card's location history (core change log), baselines (none: Planyard has no baselines) and the
users who may see it (its space's members)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict
from starlette.responses import Response

from planyard.core.users import users_by_id, visible_users_of_item
from planyard.core.work_items import board_items, locations
from planyard.core.work_items.item_rows import readable_item
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.users import current_user
from planyard.dialects.kaiten.mappers.values import time
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["card history"])


class Location(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    card_id: int
    board_id: int | None
    column_id: int | None
    subcolumn_id: int | None
    lane_id: int | None
    sprint_id: int | None
    author_id: int | None
    condition: int
    changed: str


class Baseline(BaseModel):
    id: int
    project_id: str
    baseline_id: str
    planned_start: str
    planned_end: str


class AllowedUser(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    full_name: str
    username: str


@router.get("/cards/{card_id}/location-history", response_model=list[Location])
def location_history(card_id: int, ctx: Ctx) -> Response:
    found = locations.places(ctx, card_id)
    statuses, boards_of = board_items.status_boards(ctx, {p.status_id for p in found if p.status_id})
    authors = users_by_id(ctx, {p.user_id for p in found if p.user_id})
    shown: list[dict[str, Any]] = []
    for place in found:
        status = statuses.get(place.status_id or 0)
        parent = status.parent_id if status else None
        author = authors.get(place.user_id or 0)
        shown.append({
            "id": place.entry_id, "card_id": card_id, "board_id": boards_of.get(place.status_id or 0),
            "column_id": parent or place.status_id, "subcolumn_id": place.status_id if parent else None,
            "lane_id": place.lane_id, "sprint_id": place.sprint_id, "author_id": place.user_id,
            "author": current_user(author) if author else None, "condition": 1, "changed": time(place.at),
        })  # fmt: skip
    return render(Location, shown)


@router.get("/cards/{card_id}/baselines", response_model=list[Baseline])
def baselines(card_id: int, ctx: Ctx) -> Response:
    readable_item(ctx, card_id)
    return render(Baseline, [])


@router.get("/cards/{card_id}/allowed-users", response_model=list[AllowedUser])
def allowed_users(card_id: int, ctx: Ctx) -> Response:
    return render(AllowedUser, [current_user(user) for user in visible_users_of_item(ctx, card_id)])
