"""Kaiten service desk: the company's services, a card's external recipients, a card's SLA measurements."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import company, service_desk
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.values import time
from planyard.dialects.kaiten.schemas.service_desk import Measurements, Recipient, RecipientAdd, Service
from planyard.models import ServiceDeskService
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["service desk"])


def service(row: ServiceDeskService) -> dict[str, Any]:
    own = row.settings
    return {
        "id": row.id, "name": row.name, "fields_settings": own.get("fields_settings"), "archived": row.archived,
        "lng": own.get("lng", "en"), "email_settings": own.get("email_settings", 0), "type_id": row.item_type_id,
        "email_key": own.get("email_key", row.id), "board_id": row.board_id, "column_id": row.status_id,
        "lane_id": row.lane_id, "display_status": own.get("display_status", "active"),
        "template_description": own.get("template_description", ""),
        "settings": {"allowed_email_masks": own.get("allowed_email_masks", [])},
        "allow_to_add_external_recipients": bool(own.get("allow_to_add_external_recipients", True)),
        "column": None, "board": None, "lane": None, "voteCustomProperty": own.get("vote_custom_property"),
    }  # fmt: skip


def recipient(found: service_desk.Recipient, company_id: int, updater_id: int | None) -> dict[str, Any]:
    row = found.row
    return {"card_id": row.work_item_id, "user_id": found.user_id, "email": row.email, "unsubscribed": False,
            "updater_id": updater_id, "company_id": company_id, "created": time(row.created_at),
            "updated": time(row.created_at)}  # fmt: skip


@router.get("/service-desk/services", response_model=list[Service])
def list_services(ctx: Ctx) -> Response:
    return render(Service, [service(s) for s in service_desk.list_services(ctx, company.workspace(ctx).id)])


@router.post("/cards/{card_id}/sd-external-recipients", response_model=Recipient)
def add_recipient(card_id: int, body: RecipientAdd, ctx: Ctx) -> Response:
    found = service_desk.add_recipient(ctx, card_id, body.email)
    return render(Recipient, recipient(found, company.workspace(ctx).id, ctx.actor_id))


@router.delete("/cards/{card_id}/sd-external-recipients/{email}", response_model=Recipient)
def remove_recipient(card_id: int, email: str, ctx: Ctx) -> Response:
    found = service_desk.remove_recipient(ctx, card_id, email)
    return render(Recipient, recipient(found, company.workspace(ctx).id, ctx.actor_id))


@router.get("/cards/{card_id}/sla-rules-measurements", response_model=Measurements)
def sla_measurements(card_id: int, ctx: Ctx) -> Response:
    now = time(datetime.now(UTC))
    rules = [{"rule_id": str(m.rule.get("id", "")), "card_id": card_id, "actual_time": m.seconds * 1000,
              "started": m.started, "completed": m.completed, "last_calculated_at": now,
              "is_last_calculated_at_work_time": True} for m in service_desk.measurements(ctx, card_id)]  # fmt: skip
    return render(Measurements, {"calendars": [], "rulesTimeData": rules})
