"""Kaiten's external webhook payload format (developers.kaiten.ru/external-webhooks; the seed's event
catalogue, 004:9204): `{"event": <name>, "data": {...}}` where `data` is
- for an add or a remove: the object as the Kaiten API renders it, plus `author` (the actor);
- for an update: `old` (the object before), `changes` (its changed fields' new values) and `author`.
The card events too (`old` of `card:update` is the card as now with the changed fields' old values). Kaiten
has no removal event for cards, blocks and boards: deleting one sends nothing. One change entry may send
several events (a Taiga edit that comments, tags and assigns sends `comment:add`, `tag:add`,
`card_member:add`); a webhook gets only the events it lists (all when it lists none). Which core entries send
what: cards.py (item entries) and parts.py (the rows of their own); docs/mapping.md, Webhooks. The body is
signed with HMAC-SHA256 of the webhook's secret in `X-Kaiten-Signature` (Kaiten documents no signature:
Planyard's choice)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from typing import Any

from planyard.core.context import Context
from planyard.core.users import users_by_id
from planyard.core.webhooks.formats import PayloadFormat, Rendered
from planyard.core.work_items.kinds import KINDS
from planyard.dialects.kaiten.mappers.users import current_user
from planyard.dialects.kaiten.webhook_payloads import cards, parts
from planyard.models import ChangeEntry

FORMAT = "kaiten"


def _items(action: str) -> list[str]:
    return [f"{kind}.{action}" for kind in KINDS]


_COMMENT_EDITS = [f"{kind}_comment.change" for kind in KINDS]
# Kaiten's event names (the catalogue) -> the core topics whose entries may send them.
EVENTS: dict[str, list[str]] = {
    "card:add": _items("create"), "card:update": _items("change"),
    "block:add": ["blocker.create", *_items("change")], "block:update": ["blocker.change", *_items("change")],
    "comment:add": _items("change"), "comment:update": _COMMENT_EDITS, "comment:remove": _COMMENT_EDITS,
    "timelog:add": ["time_entry.create"], "timelog:update": ["time_entry.change"],
    "timelog:remove": ["time_entry.delete"],
    "tag:add": _items("change"), "tag:update": ["project.change"], "tag:remove": _items("change"),
    "board:add": ["board.create"], "board:update": ["board.change"],
    "file:add": _items("change"), "file:update": _items("change"), "file:remove": _items("change"),
    "space:update": ["project.change"],
    "card_member:add": _items("change"), "card_member:update": _items("change"),
    "card_member:remove": _items("change"),
}  # fmt: skip
# The payload names Kaiten's published examples use where they differ from the catalogue's.
SUBSCRIBED_AS = {f"card_time_log:{action}": f"timelog:{action}" for action in ("add", "update", "remove")}
# Before every event was sent, a webhook kept only the topics of its card events.
_LEGACY = {"card:add": set(_items("create")), "card:update": set(_items("change"))}


def topics(events: list[str]) -> list[str]:
    """What a webhook keeps for these Kaiten event names: the names, then the topics they stand for."""
    names = list(dict.fromkeys(events))
    return names + list(dict.fromkeys(topic for name in names for topic in EVENTS.get(name, [])))


def event_names(kept: list[str]) -> list[str]:
    names = [name for name in kept if name in EVENTS]
    return names or [name for name, its in _LEGACY.items() if its & set(kept)]


def wants(kept: list[str], topic: str, payload: dict[str, Any]) -> bool:
    name = payload.get("event", "")
    return not kept or SUBSCRIBED_AS.get(name, name) in event_names(kept)


def sign(body: bytes, key: str) -> dict[str, str]:
    return {"X-Kaiten-Signature": hmac.new(key.encode(), body, hashlib.sha256).hexdigest()}


def render(ctx: Context, entries: Sequence[ChangeEntry]) -> Mapping[int, Rendered]:
    actors = users_by_id(ctx, (e.user_id for e in entries))
    authors = {e.id: current_user(actors[e.user_id]) if e.user_id in actors else None for e in entries}
    found = {**cards.render(ctx, [e for e in entries if e.target_type in KINDS], authors),
             **parts.render(ctx, [e for e in entries if e.target_type not in KINDS], authors)}  # fmt: skip
    return {entry_id: payloads for entry_id, payloads in found.items() if payloads}


def test_payload(ctx: Context) -> dict[str, Any]:
    return {"event": "test", "data": {"author": current_user(ctx.actor) if ctx.actor else None}}


KAITEN_PAYLOADS = PayloadFormat(name=FORMAT, render=render, test_payload=test_payload, sign=sign, wants=wants)
