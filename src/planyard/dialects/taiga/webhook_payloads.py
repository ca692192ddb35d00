"""Taiga's webhook payload format (taiga-back's webhooks/tasks.py): `action`, `type`, `by`, `date`,
`data` and, for a change, `change` (its comment and its diff as {from, to}); the body signed with
HMAC-SHA1 of the webhook's key in `X-TAIGA-WEBHOOK-SIGNATURE` (and `X-Hub-Signature: sha1=...`).
`data` is the object (webhook_data.py) as it is when the event is handed out; a deleted one as its
deletion kept it. A batch of entries is rendered with one query per table (core/webhooks/objects.py)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from planyard.core import item_history
from planyard.core.context import Context
from planyard.core.item_history import Names
from planyard.core.webhooks import objects
from planyard.core.webhooks.formats import PayloadFormat
from planyard.core.wiki.pages import WIKI_PAGE
from planyard.core.work_items.kinds import KINDS
from planyard.dialects.taiga.mappers.history import TEXT_KEYS, UNSHOWN, values_diff, wire_diff
from planyard.dialects.taiga.webhook_data import Shapes, taiga_date, user
from planyard.kit.markdown import render_markdown
from planyard.models import ChangeEntry

FORMAT = "taiga"
# Core target types Taiga sends webhooks for -> Taiga's `type` (its model's name).
TYPES = {"epic": "epic", "story": "userstory", "task": "task", "issue": "issue", "milestone": "milestone",
         WIKI_PAGE.target_type: "wikipage", objects.LINK: "relateduserstory"}  # fmt: skip
# The core diff keys of the targets whose Taiga history freezes only some fields (others make no change).
FROZEN = {
    "milestone": frozenset({"name", "slug", "owner_id", "estimated_start", "estimated_finish", "closed",
                            "disponibility"}),
    objects.LINK: frozenset({"order"}),  # a link's story and epic never change
}  # fmt: skip
AS_IS = ("attachments", "custom_attributes", "description_diff")  # diff keys Taiga sends unchanged
DEPRECATED = {"userstory": ("assigned_to",)}  # left out of Taiga's diffs (a story has assigned_users)


def sign(body: bytes, key: str) -> dict[str, str]:
    signature = hmac.new(key.encode(), body, hashlib.sha1).hexdigest()
    return {"X-TAIGA-WEBHOOK-SIGNATURE": signature, "X-Hub-Signature": f"sha1={signature}"}


def render(ctx: Context, entries: Sequence[ChangeEntry]) -> Mapping[int, dict[str, Any]]:
    sent = [e for e in entries if e.target_type in TYPES and _shown(e)]
    if not sent:
        return {}
    shapes = Shapes(ctx.env, objects.load(ctx, sent))
    return {entry.id: _payload(shapes, entry) for entry in sent}


def _frozen_diff(entry: ChangeEntry) -> dict[str, Any]:
    diff = entry.diff or {}
    frozen = FROZEN.get(entry.target_type)
    return {k: v for k, v in diff.items() if k in frozen} if frozen is not None else diff


def _shown(entry: ChangeEntry) -> bool:
    """Creations, deletions and the changes Taiga's history keeps and shows (not hidden ones such as
    reorders, nor changes of fields it does not keep)."""
    if entry.action in ("create", "delete"):
        return True
    comment = entry.comment.text if entry.comment else ""
    diff = _frozen_diff(entry)
    return (
        entry.action == "change"
        and (bool(diff) or bool(comment))
        and item_history.is_listed(entry.target_type, "change", diff, comment, UNSHOWN)
    )


def _payload(shapes: Shapes, entry: ChangeEntry) -> dict[str, Any]:
    payload = {
        "action": entry.action, "type": TYPES[entry.target_type], "by": shapes.user_of(entry.user_id),
        "date": taiga_date(entry.created_at), "data": _data(shapes, entry),
    }  # fmt: skip
    if entry.action == "change":
        comment = entry.comment
        text = comment.text if comment else ""
        payload["change"] = {
            "comment": text, "comment_html": render_markdown(text),
            "delete_comment_date": taiga_date(comment.deleted_at) if comment else None,
            "comment_versions": comment.versions if comment and comment.versions else None,
            "edit_comment_date": taiga_date(comment.edited_at) if comment else None,
            "diff": change_diff(shapes, entry),
        }  # fmt: skip
    return payload


def change_diff(shapes: Shapes, entry: ChangeEntry) -> dict[str, Any]:
    """taiga-back's HistoryDiffField of the entry's values_diff: {from, to} per field, points per role,
    attachments, custom attributes and description_diff as they are; a text field also shows its HTML."""
    names: Names = shapes.o.names
    wired = wire_diff(shapes.env, entry.target_type, _frozen_diff(entry), names)
    for key in DEPRECATED.get(TYPES[entry.target_type], ()):
        wired.pop(key, None)
    out = {key: _from_to(key, value) for key, value in values_diff(names, wired).items()}
    for key in TEXT_KEYS:
        pair = wired.get(key)
        if isinstance(pair, list) and len(pair) == 2:
            out[f"{key}_html"] = {"from": render_markdown(pair[0] or ""), "to": render_markdown(pair[1] or "")}
    return out


def _from_to(key: str, value: Any) -> Any:
    if key in AS_IS:
        return value
    if key == "points" and isinstance(value, dict):
        return {role: {"from": pair[0], "to": pair[1]} for role, pair in value.items()}
    return {"from": value[0], "to": value[1]} if isinstance(value, list | tuple) and len(value) == 2 else value


def _data(shapes: Shapes, entry: ChangeEntry) -> dict[str, Any]:
    o, target_id = shapes.o, entry.target_id
    if entry.target_type in KINDS and (item := o.items.get(target_id)) is not None:
        return shapes.item(item)
    if entry.target_type == "milestone" and (sprint := o.sprints.get(target_id)) is not None:
        return shapes.milestone(sprint) or {}
    if entry.target_type == WIKI_PAGE.target_type and (page := o.pages.get(target_id)) is not None:
        return shapes.wiki_page(page)
    snapshot = entry.snapshot or {}
    if entry.target_type == objects.LINK:
        link = o.links.get(snapshot.get("link") or 0)
        if link is not None:
            return shapes.link_row(link)
        order = (entry.diff or {}).get("order")
        order = snapshot.get("order", order[1] if isinstance(order, list) else None)
        return shapes.link(snapshot.get("link"), target_id, objects.link_story(entry), order)
    kept: dict[str, Any] = {k: snapshot[k] for k in ("ref", "subject", "name", "slug") if k in snapshot}  # old entries
    return {"id": target_id, **kept, "project": shapes.project_of(entry.project_id)}


def test_payload(ctx: Context) -> dict[str, Any]:
    return {"action": "test", "type": "test", "by": user(ctx.env, ctx.actor),
            "date": taiga_date(datetime.now(UTC)), "data": {"test": "test"}}  # fmt: skip


TAIGA_PAYLOADS = PayloadFormat(name=FORMAT, render=render, test_payload=test_payload, sign=sign)
