"""Taiga timeline wire shape (§41.56)."""

from __future__ import annotations

from pydantic import BaseModel

from planyard.dialects.taiga.schemas.times import TaigaData, TaigaDateTime


class TimelineEntry(BaseModel):
    id: int
    content_type: int
    object_id: int
    namespace: str
    event_type: str
    project: int | None
    data: TaigaData
    data_content_type: int
    created: TaigaDateTime
