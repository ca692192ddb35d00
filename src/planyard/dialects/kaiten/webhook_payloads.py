"""Kaiten's external webhook payload format (developers.kaiten.ru/external-webhooks; the seed's event
catalogue, 004:9204): `{"event": "card:add", "data": {"card": <the card as the API renders it>,
"author": <the actor>}}`; an update adds `changes` (the changed card fields' new values) and `old`
(their values before; `properties` as `{"id_<field id>": value}` of the changed fields). Only card
events are sent so far (`card:add`, `card:update`); Kaiten has no card removal event, so a deleted card
sends nothing. The body is signed with HMAC-SHA256 of the
webhook's secret in `X-Kaiten-Signature` (Kaiten documents no signature: Planyard's choice)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from typing import Any

from planyard.core.context import Context
from planyard.core.custom_fields import VALUES_DIFF_KEY
from planyard.core.users import users_by_id
from planyard.core.webhooks.formats import PayloadFormat
from planyard.core.work_items import board_items
from planyard.core.work_items.kinds import KINDS
from planyard.dialects.kaiten.mappers.cards import card
from planyard.dialects.kaiten.mappers.properties import PREFIX
from planyard.dialects.kaiten.mappers.users import current_user
from planyard.models import ChangeEntry

FORMAT = "kaiten"
# Kaiten's event names -> the core's change log topics (`<target type>.<action>`).
CARD_EVENTS = {"add": "create", "update": "change"}
EVENTS = {f"card:{event}": [f"{kind}.{action}" for kind in KINDS] for event, action in CARD_EVENTS.items()}
# Core item fields a card shows under another name (the rest of a diff's keys are not card fields).
CARD_FIELDS = {"subject": "title", "description": "description", "status_id": "column_id", "lane_id": "lane_id",
               "sprint_id": "sprint_id", "item_type_id": "type_id", "owner_id": "owner_id",
               "is_blocked": "blocked", "blocked_note": "block_reason", "kanban_order": "sort_order"}  # fmt: skip


def topics(events: list[str]) -> list[str]:
    """Kaiten event names as the topics a webhook listens to (an unknown name listens to nothing)."""
    return [topic for event in events for topic in EVENTS.get(event, [f"kaiten.{event}"])]


def event_names(topic_list: list[str]) -> list[str]:
    return [event for event, its in EVENTS.items() if set(its) & set(topic_list)]


def sign(body: bytes, key: str) -> dict[str, str]:
    return {"X-Kaiten-Signature": hmac.new(key.encode(), body, hashlib.sha256).hexdigest()}


def render(ctx: Context, entries: Sequence[ChangeEntry]) -> Mapping[int, dict[str, Any]]:
    sent = [e for e in entries if e.target_type in KINDS and e.action in ("create", "change")]
    if not sent:
        return {}
    rows = list(board_items.items_by_id(ctx, {e.target_id for e in sent}).values())
    facts = board_items.load_facts(ctx, rows)
    cards = {row.id: card(row, facts) for row in rows}
    authors = users_by_id(ctx, (e.user_id for e in sent))
    payloads: dict[int, dict[str, Any]] = {}
    for entry in sent:
        shown = cards.get(entry.target_id)
        if shown is None:
            continue  # deleted since: Kaiten sends no event for it
        actor = authors.get(entry.user_id or 0)
        data: dict[str, Any] = {"card": shown, "author": current_user(actor) if actor else None}
        if entry.action == "change":
            changed = {CARD_FIELDS[k]: v for k, v in (entry.diff or {}).items() if k in CARD_FIELDS}
            if _pair((entry.diff or {}).get(VALUES_DIFF_KEY))[1] is not None:
                old, new = _pair(entry.diff[VALUES_DIFF_KEY])
                changed["properties"] = [_properties(old), _properties(new)]
            if not changed:
                continue  # nothing a card shows changed
            data["old"] = {name: _pair(v)[0] for name, v in changed.items()}
            data["changes"] = {name: _pair(v)[1] for name, v in changed.items()}
        payloads[entry.id] = {"event": "card:add" if entry.action == "create" else "card:update", "data": data}
    return payloads


def _properties(values: Any) -> dict[str, Any]:
    """A side of a custom values diff as card properties (`id_<field id>`: the value as stored)."""
    return {f"{PREFIX}{k}": v for k, v in (values or {}).items()}


def _pair(value: Any) -> tuple[Any, Any]:
    return (value[0], value[1]) if isinstance(value, list | tuple) and len(value) == 2 else (None, value)


def test_payload(ctx: Context) -> dict[str, Any]:
    return {"event": "test", "data": {"author": current_user(ctx.actor) if ctx.actor else None}}


KAITEN_PAYLOADS = PayloadFormat(name=FORMAT, render=render, test_payload=test_payload, sign=sign)
