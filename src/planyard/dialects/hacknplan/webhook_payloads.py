"""HacknPlan's webhook payload format: `{"event", "projectId", "date", "user", "data"}`, where `data` is
the work item as `GET /v0/projects/{projectId}/workitems/{workItemId}` renders it when the event is handed
out (once deleted: `projectId`, `workItemId` and `title` from its last snapshot), or the project-level
object of the event (webhook_things.py). HacknPlan documents no signature; it names the event in the
`X-HacknPlan-Event` header (hacknplan.com/docs/webhooks), which `sign` adds."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from planyard.core import timeline
from planyard.core.context import Context
from planyard.core.users import users_by_id
from planyard.core.webhooks.formats import PayloadFormat
from planyard.core.work_items.facts import items_with_facts
from planyard.dialects.hacknplan import webhook_events, webhook_things
from planyard.dialects.hacknplan.items import rendered
from planyard.dialects.hacknplan.mappers.users import user
from planyard.dialects.hacknplan.mappers.values import time
from planyard.dialects.hacknplan.webhook_events import ITEM_ACTIONS, WORK_ITEM_TARGETS
from planyard.models import ChangeEntry, User, WorkItem

FORMAT = "hacknplan"
EVENT_HEADER = "X-HacknPlan-Event"


def sign(body: bytes, key: str) -> dict[str, str]:
    """No signature: the event's name in `X-HacknPlan-Event`."""
    event = json.loads(body).get("event")
    return {EVENT_HEADER: event} if isinstance(event, str) else {}


def render(ctx: Context, entries: Sequence[ChangeEntry]) -> Mapping[int, dict[str, Any]]:
    payloads = _work_item_payloads(ctx, entries)
    things = webhook_things.rendered(ctx, entries)
    if things:
        actors = users_by_id(ctx, [e.user_id for e in entries if e.id in things])
        for entry in entries:
            if entry.id in things:
                event, data = things[entry.id]
                payloads[entry.id] = _envelope(event, entry, actors.get(entry.user_id or 0), data)
    return payloads


def _envelope(event: str, entry: ChangeEntry, actor: User | None, data: Any) -> dict[str, Any]:
    return {"event": event, "projectId": entry.project_id, "date": time(entry.created_at),
            "user": user(actor) if actor else None, "data": data}  # fmt: skip


def _work_item_payloads(ctx: Context, entries: Sequence[ChangeEntry]) -> dict[int, dict[str, Any]]:
    sent = [e for e in entries if e.target_type in WORK_ITEM_TARGETS and e.action in ITEM_ACTIONS]
    if not sent:
        return {}
    facts = timeline.load_facts(ctx, sent)
    items, _ = items_with_facts(ctx, {e.target_id for e in sent if e.action != "delete"})
    bodies = _item_bodies(ctx, facts, list(items.values()))
    payloads = {}
    for entry in sent:
        actor = facts.names.users.get(entry.user_id or 0)
        data = bodies.get(entry.target_id) if entry.action != "delete" else None
        if data is None:
            last = entry.snapshot or facts.items.get(entry.target_id) or {}
            data = {"projectId": entry.project_id, "workItemId": entry.target_id, "title": last.get("subject")}
        payloads[entry.id] = _envelope(ITEM_ACTIONS[entry.action], entry, actor, data)
    return payloads


def _item_bodies(ctx: Context, facts: timeline.TimelineFacts, items: list[WorkItem]) -> dict[int, dict[str, Any]]:
    """Each still existing item's work item object, rendered per project."""
    bodies: dict[int, dict[str, Any]] = {}
    for project_id in {item.project_id for item in items}:
        project = facts.projects.get(project_id)
        if project is None:
            continue
        mine = [item for item in items if item.project_id == project_id]
        bodies |= {item.id: body for item, body in zip(mine, rendered(ctx, project, mine), strict=True)}
    return bodies


def test_payload(ctx: Context) -> dict[str, Any]:
    return {"event": "test", "projectId": None, "date": time(datetime.now(UTC)),
            "user": user(ctx.actor) if ctx.actor else None, "data": {}}  # fmt: skip


HACKNPLAN_PAYLOADS = PayloadFormat(name=FORMAT, render=render, test_payload=test_payload, sign=sign,
                                   wants=webhook_events.wants)  # fmt: skip
