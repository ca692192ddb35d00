"""Kaiten checklists and their items (core checklists), by card (`/cards/{card_id}/checklists/...`) and
by checklist alone (`/checklists/...`): the same rows."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core.context import Context
from planyard.core.work_items import checklists
from planyard.core.work_items.checklists import ChecklistWithItems, NewCheckItem
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.checklists import check_item, checklist, to_core
from planyard.dialects.kaiten.schemas.checklists import (
    CheckItem,
    CheckItemCreate,
    CheckItemEdit,
    Checklist,
    ChecklistCreate,
    ChecklistEdit,
)
from planyard.dialects.kaiten.schemas.spaces import Deleted
from planyard.kit.errors import NotFound
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["checklists"])


def on_card(ctx: Context, card_id: int | None, checklist_id: int) -> ChecklistWithItems:
    """The checklist (of that card, when the path names one), or 404."""
    found, item = checklists.get_checklist(ctx, checklist_id)
    if card_id is not None and item.id != card_id:
        raise NotFound(entity="checklist")
    return found


def in_checklist(ctx: Context, card_id: int | None, checklist_id: int, item_id: int) -> None:
    if item_id not in [row.id for row in on_card(ctx, card_id, checklist_id).items]:
        raise NotFound(entity="checklist_item")


def shown(ctx: Context, checklist_id: int) -> Response:
    return render(Checklist, checklist(on_card(ctx, None, checklist_id), ctx.actor_id))


@router.post("/cards/{card_id}/checklists", response_model=Checklist)
def create_checklist(card_id: int, body: ChecklistCreate, ctx: Ctx) -> Response:
    return shown(ctx, checklists.create_checklist(ctx, card_id, body.name, body.sort_order).id)


@router.get("/cards/{card_id}/checklists/{checklist_id}", response_model=Checklist)
def get_card_checklist(card_id: int, checklist_id: int, ctx: Ctx) -> Response:
    return render(Checklist, checklist(on_card(ctx, card_id, checklist_id), ctx.actor_id))


@router.get("/checklists/{checklist_id}", response_model=Checklist)
def get_checklist(checklist_id: int, ctx: Ctx) -> Response:
    return shown(ctx, checklist_id)


@router.patch("/cards/{card_id}/checklists/{checklist_id}", response_model=Checklist)
def update_checklist(card_id: int, checklist_id: int, body: ChecklistEdit, ctx: Ctx) -> Response:
    on_card(ctx, card_id, checklist_id)
    checklists.update_checklist(ctx, checklist_id, to_core(body.model_dump(exclude_unset=True, exclude_none=True)))
    return shown(ctx, checklist_id)


@router.delete("/cards/{card_id}/checklists/{checklist_id}", response_model=Deleted)
def remove_checklist(card_id: int, checklist_id: int, ctx: Ctx) -> Response:
    on_card(ctx, card_id, checklist_id)
    checklists.delete_checklist(ctx, checklist_id)
    return render(Deleted, {"id": checklist_id})


# Items, by card and by checklist alone


def add_item(ctx: Context, card_id: int | None, checklist_id: int, body: CheckItemCreate) -> Response:
    on_card(ctx, card_id, checklist_id)
    new = NewCheckItem(text=body.text, checked=body.checked, order=body.sort_order, due_date=body.due_date,
                       responsible_id=body.responsible_id)  # fmt: skip
    return render(CheckItem, check_item(checklists.add_check_item(ctx, checklist_id, new), ctx.actor_id))


def edit_item(ctx: Context, card_id: int | None, checklist_id: int, item_id: int, body: CheckItemEdit) -> Response:
    in_checklist(ctx, card_id, checklist_id, item_id)
    sent = to_core(body.model_dump(exclude_unset=True))
    changes = {k: v for k, v in sent.items() if v is not None or k in ("due_date", "responsible_id")}
    return render(CheckItem, check_item(checklists.update_check_item(ctx, item_id, changes), ctx.actor_id))


def remove_item(ctx: Context, card_id: int | None, checklist_id: int, item_id: int) -> Response:
    in_checklist(ctx, card_id, checklist_id, item_id)
    checklists.delete_check_item(ctx, item_id)
    return render(Deleted, {"id": item_id})


@router.post("/cards/{card_id}/checklists/{checklist_id}/items", response_model=CheckItem)
def add_card_check_item(card_id: int, checklist_id: int, body: CheckItemCreate, ctx: Ctx) -> Response:
    return add_item(ctx, card_id, checklist_id, body)


@router.patch("/cards/{card_id}/checklists/{checklist_id}/items/{item_id}", response_model=CheckItem)
def update_card_check_item(card_id: int, checklist_id: int, item_id: int, body: CheckItemEdit, ctx: Ctx) -> Response:
    return edit_item(ctx, card_id, checklist_id, item_id, body)


@router.delete("/cards/{card_id}/checklists/{checklist_id}/items/{item_id}", response_model=Deleted)
def remove_card_check_item(card_id: int, checklist_id: int, item_id: int, ctx: Ctx) -> Response:
    return remove_item(ctx, card_id, checklist_id, item_id)


@router.post("/checklists/{checklist_id}/items", response_model=CheckItem)
def add_check_item(checklist_id: int, body: CheckItemCreate, ctx: Ctx) -> Response:
    return add_item(ctx, None, checklist_id, body)


@router.patch("/checklists/{checklist_id}/items/{item_id}", response_model=CheckItem)
def update_check_item(checklist_id: int, item_id: int, body: CheckItemEdit, ctx: Ctx) -> Response:
    return edit_item(ctx, None, checklist_id, item_id, body)


@router.delete("/checklists/{checklist_id}/items/{item_id}", response_model=Deleted)
def remove_check_item(checklist_id: int, item_id: int, ctx: Ctx) -> Response:
    return remove_item(ctx, None, checklist_id, item_id)
