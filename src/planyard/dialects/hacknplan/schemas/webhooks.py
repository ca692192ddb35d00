"""Webhooks on the wire: the `...WebhookValues` bodies (create/PUT: `url` required, the rest empty or
true when left out; PATCH: only what is sent) and the webhook object (R22)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

HeaderLines = list[str]


class WebhookValues(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, max_length=250)
    url: str = Field(min_length=1, max_length=2000)
    events: list[str] = Field(default_factory=list, max_length=100)
    isEnabled: bool = True
    headers: HeaderLines = Field(default_factory=list, max_length=50)


class WebhookPatch(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, max_length=250)
    url: str | None = Field(default=None, min_length=1, max_length=2000)
    events: list[str] | None = Field(default=None, max_length=100)
    isEnabled: bool | None = None
    headers: HeaderLines | None = Field(default=None, max_length=50)


class Webhook(BaseModel):
    projectId: int
    webhookId: int
    name: str
    url: str
    events: list[str]
    isEnabled: bool
    headers: list[str]
    creator: dict[str, Any] | None
    creationDate: str | None
