"""Taiga webhook and webhook-log wire shapes (§36; fields as taiga-back's WebhookSerializer and
WebhookLogSerializer) and bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from planyard.dialects.taiga.schemas.ids import BodyId


class WebhookDetail(BaseModel):
    id: int
    project: int
    name: str
    url: str
    key: str
    logs_counter: int


class WebhookLogDetail(BaseModel):
    id: int
    webhook: int
    url: str
    status: int
    request_data: Any
    request_headers: dict[str, Any]
    response_data: str
    response_headers: dict[str, Any]
    duration: float
    created: datetime


class WebhookEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str | None = None
    url: str | None = None
    key: str | None = None


class WebhookCreate(WebhookEdit):
    project: BodyId
