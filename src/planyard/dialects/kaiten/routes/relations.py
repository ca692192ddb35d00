"""Kaiten card children (core parent/child relations) and blockers (core blockers)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core.context import Context
from planyard.core.users import users_by_id
from planyard.core.work_items import blockers, board_items, children
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers import relations as wire
from planyard.dialects.kaiten.mappers.cards import card
from planyard.dialects.kaiten.schemas.cards import Card
from planyard.dialects.kaiten.schemas.relations import Blocker, BlockerCreate, BlockerEdit, ChildBody
from planyard.dialects.kaiten.schemas.spaces import Deleted
from planyard.kit.errors import NotFound
from planyard.models import Blocker as BlockerRow
from planyard.models import WorkItem
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["card children and blockers"])


def cards(ctx: Context, rows: list[WorkItem]) -> list[dict[str, object]]:
    facts = board_items.load_facts(ctx, rows)
    return [card(row, facts, detail=False) for row in rows]


@router.post("/cards/{card_id}/children", response_model=Card)
def add_child(card_id: int, body: ChildBody, ctx: Ctx) -> Response:
    return render(Card, cards(ctx, [children.add_child(ctx, card_id, body.card_id)])[0])


@router.get("/cards/{card_id}/children", response_model=list[Card])
def list_children(card_id: int, ctx: Ctx) -> Response:
    return render(Card, cards(ctx, children.children(ctx, card_id)))


@router.delete("/cards/{card_id}/children/{child_id}", response_model=Deleted)
def remove_child(card_id: int, child_id: int, ctx: Ctx) -> Response:
    children.remove_child(ctx, card_id, child_id)
    return render(Deleted, {"id": child_id})


# Blockers


def shown(ctx: Context, rows: list[BlockerRow]) -> list[dict[str, object]]:
    users = users_by_id(ctx, {row.blocker_user_id for row in rows if row.blocker_user_id})
    items = board_items.items_by_id(ctx, {i for row in rows for i in (row.work_item_id, row.blocking_item_id) if i})
    return [wire.blocker(row, users, items) for row in rows]


def of_card(ctx: Context, card_id: int, blocker_id: int) -> BlockerRow:
    found = next((row for row in blockers.list_blockers(ctx, card_id) if row.id == blocker_id), None)
    if found is None:
        raise NotFound(entity="blocker")
    return found


@router.post("/cards/{card_id}/blockers", response_model=Blocker)
def block(card_id: int, body: BlockerCreate, ctx: Ctx) -> Response:
    row = blockers.open_blocker(ctx, card_id, body.reason or "", body.blocker_card_id)
    return render(Blocker, shown(ctx, [row])[0])


@router.get("/cards/{card_id}/blockers", response_model=list[Blocker])
def list_blockers(card_id: int, ctx: Ctx) -> Response:
    return render(Blocker, shown(ctx, blockers.list_blockers(ctx, card_id)))


@router.patch("/cards/{card_id}/blockers/{blocker_id}", response_model=Blocker)
def update_blocker(card_id: int, blocker_id: int, body: BlockerEdit, ctx: Ctx) -> Response:
    row = of_card(ctx, card_id, blocker_id)
    if body.reason is not None:
        row = blockers.update_blocker(ctx, blocker_id, body.reason)
    if body.released and row.released_at is None:
        row = blockers.release_blocker(ctx, blocker_id)
    return render(Blocker, shown(ctx, [row])[0])


@router.delete("/cards/{card_id}/blockers/{blocker_id}", response_model=Deleted)
def remove_blocker(card_id: int, blocker_id: int, ctx: Ctx) -> Response:
    of_card(ctx, card_id, blocker_id)
    blockers.delete_blocker(ctx, blocker_id)
    return render(Deleted, {"id": blocker_id})
