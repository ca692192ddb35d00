"""Kaiten space template checklists and their items (core checklists without an item). Spaces, templates
and items are addressed by uid."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import checklist_templates as templates
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.values import time, uid, uid_id
from planyard.dialects.kaiten.schemas.templates import (
    Removed,
    TemplateChecklist,
    TemplateChecklistListed,
    TemplateEdit,
    TemplateItem,
    TemplateItemEdit,
    TemplateItemWrite,
    TemplateWrite,
)  # fmt: skip
from planyard.models import Checklist, ChecklistItem
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["space template checklists"])
TEMPLATES = "/spaces/{space_uid}/template-checklists"
ITEMS = TEMPLATES + "/{template_checklist_uid}/items"


def template(row: Checklist) -> dict[str, Any]:
    return {"uid": uid("template_checklist", row.id), "name": row.name, "sort_order": row.order,
            "space_uid": uid("space", row.project_id or 0), "created": time(row.created_at),
            "updated": time(row.updated_at)}  # fmt: skip


def item(row: ChecklistItem) -> dict[str, Any]:
    times = {"created": time(row.created_at), "updated": time(row.updated_at)}
    return {"uid": uid("template_item", row.id), "text": row.text, "sort_order": row.order,
            "user_id": row.responsible_id} | times  # fmt: skip


def ids(space_uid: str, template_uid: str) -> tuple[int, int]:
    return uid_id("space", space_uid), uid_id("template_checklist", template_uid)


def item_fields(fields: dict[str, Any]) -> dict[str, Any]:
    names = {"text": "text", "sort_order": "order", "user_id": "responsible_id"}
    return {names[k]: v for k, v in fields.items() if k in names}


@router.post(TEMPLATES, response_model=TemplateChecklist)
def create_template(space_uid: str, body: TemplateWrite, ctx: Ctx) -> Response:
    row = templates.create_template(ctx, uid_id("space", space_uid), body.name, body.sort_order)
    return render(TemplateChecklist, template(row))


@router.get(TEMPLATES, response_model=list[TemplateChecklistListed])
def list_templates(space_uid: str, ctx: Ctx) -> Response:
    found = templates.list_templates(ctx, uid_id("space", space_uid))
    return render(TemplateChecklistListed, [template(t) | {"items": [item(i) for i in items]} for t, items in found])


@router.patch(TEMPLATES + "/{template_checklist_uid}", response_model=TemplateChecklist)
def update_template(space_uid: str, template_checklist_uid: str, body: TemplateEdit, ctx: Ctx) -> Response:
    changes = {"name": body.name, "order": body.sort_order}
    row = templates.update_template(ctx, *ids(space_uid, template_checklist_uid), changes)
    return render(TemplateChecklist, template(row))


@router.delete(TEMPLATES + "/{template_checklist_uid}", response_model=Removed)
def remove_template(space_uid: str, template_checklist_uid: str, ctx: Ctx) -> Response:
    row = templates.delete_template(
        ctx, uid_id("space", space_uid), uid_id("template_checklist", template_checklist_uid)
    )
    return render(Removed, {"uid": uid("template_checklist", row.id)})


@router.post(ITEMS, response_model=TemplateItem)
def add_template_item(space_uid: str, template_checklist_uid: str, body: TemplateItemWrite, ctx: Ctx) -> Response:
    row = templates.add_item(ctx, *ids(space_uid, template_checklist_uid), item_fields(body.model_dump()))
    return render(TemplateItem, item(row))


@router.patch(ITEMS + "/{item_uid}", response_model=TemplateItem)
def update_template_item(space_uid: str, template_checklist_uid: str, item_uid: str, body: TemplateItemEdit,
                         ctx: Ctx) -> Response:  # fmt: skip
    changes = item_fields(body.model_dump(exclude_unset=True))
    row = templates.update_item(
        ctx, *ids(space_uid, template_checklist_uid), uid_id("template_item", item_uid), changes
    )
    return render(TemplateItem, item(row))


@router.delete(ITEMS + "/{item_uid}", response_model=Removed)
def remove_template_item(space_uid: str, template_checklist_uid: str, item_uid: str, ctx: Ctx) -> Response:
    row = templates.delete_item(ctx, *ids(space_uid, template_checklist_uid), uid_id("template_item", item_uid))
    return render(Removed, {"uid": uid("template_item", row.id)})
