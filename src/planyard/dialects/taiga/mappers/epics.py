"""Epics and their batched facts -> Taiga epic shapes; epic bodies -> core changes."""

from __future__ import annotations

import json
from typing import Any

from planyard.core.context import Environment
from planyard.core.work_items.epics import EpicBatch
from planyard.core.work_items.service import ItemChanges
from planyard.dialects.taiga.mappers.attachments import card_thumbnail_url
from planyard.dialects.taiga.mappers.work_items import common, position, rendered_text, to_core
from planyard.dialects.taiga.render import order_updated
from planyard.kit.errors import Invalid
from planyard.models import WorkItem, WorkItemLink


def body_to_changes(body: dict[str, Any]) -> ItemChanges:
    return ItemChanges(fields=to_core(body), watchers=body.get("watchers"), comment=body.get("comment") or "")


def epic_list_entry(env: Environment, epic: WorkItem, batch: EpicBatch, actor_id: int | None) -> dict[str, Any]:
    return common(env, epic, batch.facts, actor_id) | {
        "color": epic.color, "epics_order": position(epic.epics_order), "client_requirement": epic.client_requirement,
        "team_requirement": epic.team_requirement,
        "user_stories_counts": batch.counts.get(epic.id, {"total": 0, "progress": None}),
        "attachments": [{"id": a.id, "attached_file": env.storage.url(a.file_key),
                         "thumbnail_card_url": card_thumbnail_url(env, a.file_key)}
                        for a in batch.attachments.get(epic.id, [])],
    }  # fmt: skip


def epic_read(env: Environment, epic: WorkItem, batch: EpicBatch, actor_id: int | None) -> dict[str, Any]:
    return epic_list_entry(env, epic, batch, actor_id) | rendered_text(epic) | {"comment": ""}


def epic_detail(
    env: Environment, epic: WorkItem, batch: EpicBatch, actor_id: int | None,
    neighbors: tuple[WorkItem | None, WorkItem | None],
) -> dict[str, Any]:  # fmt: skip
    previous, following = neighbors
    return epic_read(env, epic, batch, actor_id) | {
        "neighbors": {"previous": _neighbor(previous), "next": _neighbor(following)}
    }


def related_story(link: WorkItemLink) -> dict[str, Any]:
    return {"epic": link.from_id, "user_story": link.to_id, "order": link.order}


def _neighbor(epic: WorkItem | None) -> dict[str, Any] | None:
    return {"id": epic.id, "ref": epic.ref, "subject": epic.subject} if epic else None


def parse_set_orders(raw: str | None) -> dict[int, int]:
    """The `set-orders` header: JSON {id: order} of other elements the client reordered with this one."""
    if not raw:
        return {}
    try:
        data = json.loads(raw)
        return {int(key): int(value) for key, value in data.items()}
    except (ValueError, TypeError, AttributeError):
        raise Invalid.on("set-orders", "It must be a JSON object of ids to orders.") from None


def order_headers(updated: dict[int, int]) -> dict[str, str]:
    return order_updated(updated)
