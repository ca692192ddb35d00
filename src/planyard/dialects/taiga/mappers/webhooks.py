"""Webhooks and their logs -> Taiga's shapes. A log's `response_data` is what taiga-back stores: the
answer's text wrapped as JSON `{"content": ...}`, or `error-in-request: <why>` when none came."""

from __future__ import annotations

from typing import Any

import orjson

from planyard.models import Webhook, WebhookLog


def webhook_detail(hook: Webhook, logs_counter: int) -> dict[str, Any]:
    return {"id": hook.id, "project": hook.project_id, "name": hook.name, "url": hook.url, "key": hook.key,
            "logs_counter": logs_counter}  # fmt: skip


def webhook_log(row: WebhookLog) -> dict[str, Any]:
    response = row.response or {}
    error = response.get("error")
    data = f"error-in-request: {error}" if error is not None else orjson.dumps({"content": response.get("data", "")})
    return {
        "id": row.id, "webhook": row.webhook_id, "url": row.url, "status": row.status,
        "request_data": (row.request or {}).get("data"), "request_headers": (row.request or {}).get("headers", {}),
        "response_data": data if isinstance(data, str) else data.decode(),
        "response_headers": response.get("headers", {}), "duration": row.duration, "created": row.created_at,
    }  # fmt: skip
