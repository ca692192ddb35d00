"""Taiga timeline wire shape (§41.56)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class TimelineEntry(BaseModel):
    id: int
    content_type: int
    object_id: int
    namespace: str
    event_type: str
    project: int | None
    data: dict[str, Any]
    data_content_type: int
    created: datetime
