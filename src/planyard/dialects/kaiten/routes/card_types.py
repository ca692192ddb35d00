"""Kaiten card types (core item types; one made here is company-wide, profile story)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import item_types
from planyard.core.projects.service import default_workspace
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.card_types import card_type, to_core
from planyard.dialects.kaiten.schemas.card_types import CardType, CardTypeCreate, CardTypeEdit
from planyard.dialects.kaiten.schemas.spaces import Deleted
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["card types"])


@router.post("/card-types", response_model=CardType)
def create_card_type(body: CardTypeCreate, ctx: Ctx) -> Response:
    fields = to_core(body.model_dump())
    row = item_types.create_item_type(ctx, None, fields["name"], letter=fields.get("letter", ""),
                                      color=fields["color"], workspace_id=default_workspace(ctx).id)  # fmt: skip
    if body.archived:
        row = item_types.update_item_type(ctx, row.id, {"is_archived": True})
    return render(CardType, card_type(row))


@router.get("/card-types", response_model=list[CardType])
def list_card_types(ctx: Ctx) -> Response:
    return render(CardType, [card_type(row) for row in item_types.list_item_types(ctx)])


@router.get("/card-types/{type_id}", response_model=CardType)
def get_card_type(type_id: int, ctx: Ctx) -> Response:
    return render(CardType, card_type(item_types.get_item_type(ctx, type_id)))


@router.patch("/card-types/{type_id}", response_model=CardType)
def update_card_type(type_id: int, body: CardTypeEdit, ctx: Ctx) -> Response:
    return render(
        CardType, card_type(item_types.update_item_type(ctx, type_id, to_core(body.model_dump(exclude_unset=True))))
    )


@router.delete("/card-types/{type_id}", response_model=Deleted)
def remove_card_type(type_id: int, ctx: Ctx) -> Response:
    item_types.delete_item_type(ctx, type_id)
    return render(Deleted, {"id": type_id})
