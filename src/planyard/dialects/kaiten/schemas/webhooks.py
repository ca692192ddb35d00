"""Kaiten webhooks on the wire: the registration body (the seed documents only the URL: fields as
Kaiten's external webhooks name them, docs/mapping.md) and the webhook answered."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    space_id: int = Field(ge=1, le=2**63 - 1)
    url: str = Field(min_length=1, max_length=2000)
    events: list[str] | None = Field(default=None, max_length=100)
    secret: str | None = Field(default=None, min_length=1, max_length=250)
    name: str | None = Field(default=None, min_length=1, max_length=250)
    enabled: bool | None = None


class Webhook(BaseModel):
    id: int
    space_id: int
    name: str
    url: str
    events: list[str]
    secret: str
    enabled: bool
    created: str
