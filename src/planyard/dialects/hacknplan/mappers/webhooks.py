"""Webhooks (R22) and their values as the core's: `headers` travel as "Name: value" lines, `events` as
HacknPlan's event names (webhook_events.py), `name` defaults to the URL."""

from __future__ import annotations

import re
from typing import Any

from planyard.dialects.hacknplan import webhook_events
from planyard.dialects.hacknplan.mappers.values import time
from planyard.kit.errors import Invalid, Problem
from planyard.models import Webhook

NAME_MAX = 250
HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # an HTTP token


def webhook(row: Webhook, creator: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "projectId": row.project_id, "webhookId": row.id, "name": row.name, "url": row.url,
        "events": webhook_events.shown(row.events or []), "isEnabled": row.is_enabled,
        "headers": [f"{name}: {value}" for name, value in (row.headers or {}).items()], "creator": creator,
        "creationDate": time(row.created_at),
    }  # fmt: skip


def to_core(body: dict[str, Any], whole: bool) -> dict[str, Any]:
    """Core webhook values from the sent fields (`whole`: a create or PUT body, where a missing name
    becomes the URL); 400 for an unknown event or a header line without a name."""
    values: dict[str, Any] = {}
    if "url" in body and body["url"] is not None:
        values["url"] = body["url"].strip()
    if body.get("name") or (whole and "url" in values):
        values["name"] = (body.get("name") or values["url"])[:NAME_MAX]
    if body.get("events") is not None:
        if webhook_events.unknown(body["events"]):
            wrong = ", ".join(webhook_events.unknown(body["events"]))
            raise Invalid(fields={"events": [Problem(f"unknown event: {wrong}")]})
        values["events"] = webhook_events.stored(body["events"])
    if body.get("headers") is not None:
        values["headers"] = _headers(body["headers"])
    if body.get("isEnabled") is not None:
        values["is_enabled"] = body["isEnabled"]
    return values


def _headers(lines: list[str]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon or not HEADER_NAME.fullmatch(name.strip()) or any(c in value for c in "\r\n\0"):
            raise Invalid(fields={"headers": [Problem("not a 'Name: value' line")]})
        headers[name.strip()] = value.strip()
    return headers
