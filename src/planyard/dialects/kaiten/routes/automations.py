"""Kaiten space automations (stored, listed, edited; Planyard does not run them), addressed by uid."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import automations
from planyard.core.projects import service
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.values import time, uid, uid_id
from planyard.dialects.kaiten.schemas.automations import Automation, AutomationEdit, AutomationWrite, Removed
from planyard.models import Automation as AutomationRow
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["automations"])
AUTOMATIONS = "/spaces/{space_id}/automations"
OWN = ("type", "conditions")


def automation(row: AutomationRow, company_id: int) -> dict[str, Any]:
    return {
        "id": uid("automation", row.id), "name": row.name, "sort_order": row.sort_order,
        "space_uid": uid("space", row.project_id), "updater_id": row.extra.get("updater_id"), "company_id": company_id,
        "created": time(row.created_at), "updated": time(row.updated_at), "status": row.status,
        "type": row.extra.get("type", "on_action"), "trigger": row.trigger, "actions": row.actions,
        "conditions": row.extra.get("conditions", {}),
    }  # fmt: skip


def to_core(fields: dict[str, Any], actor_id: int | None) -> dict[str, Any]:
    core = {k: v for k, v in fields.items() if k not in OWN}
    core["extra"] = {k: fields[k] for k in OWN if fields.get(k) is not None} | {"updater_id": actor_id}
    return core


def company_of(ctx: Ctx, project_id: int) -> int:
    return service.get_project(ctx, project_id)[0].workspace_id


@router.post(AUTOMATIONS, response_model=Automation)
def create_automation(space_id: int, body: AutomationWrite, ctx: Ctx) -> Response:
    row = automations.create_automation(ctx, space_id, to_core(body.model_dump(), ctx.actor_id))
    return render(Automation, automation(row, company_of(ctx, space_id)))


@router.get(AUTOMATIONS, response_model=list[Automation])
def list_automations(space_id: int, ctx: Ctx) -> Response:
    rows = automations.list_automations(ctx, space_id)
    return render(Automation, [automation(row, company_of(ctx, space_id)) for row in rows])


@router.patch(AUTOMATIONS + "/{automation_uid}", response_model=Automation)
def update_automation(space_id: int, automation_uid: str, body: AutomationEdit, ctx: Ctx) -> Response:
    changes = to_core(body.model_dump(exclude_unset=True), ctx.actor_id)
    row = automations.update_automation(ctx, space_id, uid_id("automation", automation_uid), changes)
    return render(Automation, automation(row, company_of(ctx, space_id)))


@router.delete(AUTOMATIONS + "/{automation_uid}", response_model=Removed)
def remove_automation(space_id: int, automation_uid: str, ctx: Ctx) -> Response:
    row = automations.delete_automation(ctx, space_id, uid_id("automation", automation_uid))
    return render(Removed, {"id": uid("automation", row.id)})
