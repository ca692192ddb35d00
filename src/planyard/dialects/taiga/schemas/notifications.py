"""Wire shapes of the web client's notification and per-project settings calls (taiga-back's
web-notifications and user-project-settings; the public docs omit them)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from planyard.dialects.taiga.schemas.times import TaigaData, TaigaDateTime


class WebNotification(BaseModel):
    id: int
    event_type: int
    user: int
    data: TaigaData
    created: TaigaDateTime
    read: TaigaDateTime | None


class WebNotificationPage(BaseModel):
    objects: list[WebNotification]
    total: int


class UserProjectSettings(BaseModel):
    id: int
    project: int
    project_name: str
    homepage: int
    allowed_sections: list[int]


class UserProjectSettingsEdit(BaseModel):
    model_config = ConfigDict(extra="ignore")
    homepage: int | None = None


class UserProjectSettingsReplace(BaseModel):
    model_config = ConfigDict(extra="ignore")
    homepage: int
