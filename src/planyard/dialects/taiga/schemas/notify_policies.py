"""Taiga notify policy wire shape (§41.49; taiga-back's NotifyPolicySerializer) and bodies."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, StrictBool


class NotifyPolicyRead(BaseModel):
    id: int
    project: int
    project_name: str
    notify_level: int
    live_notify_level: int
    web_notify_level: bool


class NotifyPolicyEdit(BaseModel):
    """The levels are checked by the core (1 involved, 2 all, 3 none)."""

    model_config = ConfigDict(extra="ignore")

    notify_level: Any = None
    live_notify_level: Any = None
    web_notify_level: StrictBool | None = None


class NotifyPolicyReplace(NotifyPolicyEdit):
    notify_level: Any
