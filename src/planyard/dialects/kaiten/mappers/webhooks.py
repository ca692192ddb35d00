"""A core webhook of the "kaiten" format as Kaiten's webhook."""

from __future__ import annotations

from typing import Any

from planyard.dialects.kaiten.mappers.values import time
from planyard.dialects.kaiten.webhook_payloads import event_names
from planyard.models import Webhook


def webhook(row: Webhook) -> dict[str, Any]:
    return {"id": row.id, "space_id": row.project_id, "name": row.name, "url": row.url,
            "events": event_names(row.events), "secret": row.key, "enabled": row.is_enabled,
            "created": time(row.created_at)}  # fmt: skip
