"""The web client's per-project settings (taiga-back's user-project-settings): which section a
project opens on, one settings object per membership of the logged-in user."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import user_project_settings as settings
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.schemas.notifications import (
    UserProjectSettings,
    UserProjectSettingsEdit,
    UserProjectSettingsReplace,
)
from planyard.kit.errors import Invalid
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["user-project-settings"])


def wire(row: settings.ProjectSettings) -> dict[str, Any]:
    return {"id": row.id, "project": row.project.id, "project_name": row.project.name, "homepage": row.homepage,
            "allowed_sections": row.allowed_sections}  # fmt: skip


@router.get("/user-project-settings", response_model=list[UserProjectSettings])
def list_settings(ctx: Ctx, project: int | None = None) -> Response:
    return render(UserProjectSettings, [wire(row) for row in settings.list_settings(ctx, project)])


@router.get("/user-project-settings/{settings_id}", response_model=UserProjectSettings)
def get_settings(settings_id: int, ctx: Ctx) -> Response:
    return render(UserProjectSettings, wire(settings.get_settings(ctx, settings_id)))


@router.patch("/user-project-settings/{settings_id}", response_model=UserProjectSettings)
def edit_settings(settings_id: int, body: UserProjectSettingsEdit, ctx: Ctx) -> Response:
    if body.homepage is None:
        if "homepage" in body.model_fields_set:
            raise Invalid.on("homepage", "This field may not be null.")
        return get_settings(settings_id, ctx)
    return render(UserProjectSettings, wire(settings.set_homepage(ctx, settings_id, body.homepage)))


@router.put("/user-project-settings/{settings_id}", response_model=UserProjectSettings)
def replace_settings(settings_id: int, body: UserProjectSettingsReplace, ctx: Ctx) -> Response:
    return render(UserProjectSettings, wire(settings.set_homepage(ctx, settings_id, body.homepage)))


@router.delete("/user-project-settings/{settings_id}", status_code=204)
def reset_settings(settings_id: int, ctx: Ctx) -> Response:
    settings.set_homepage(ctx, settings_id, None)
    return empty(204)
