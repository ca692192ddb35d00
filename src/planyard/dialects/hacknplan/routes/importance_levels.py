"""HacknPlan importance levels: the project's priorities; `isDefault` is the project's default priority."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import project_values
from planyard.core.context import Context
from planyard.core.projects import service
from planyard.dialects.hacknplan import access
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.mappers.classifiers import importance_level, with_own
from planyard.dialects.hacknplan.schemas.classifiers import ImportanceLevel, ImportancePatch, ImportanceValues
from planyard.kit.errors import Conflict, NotFound
from planyard.kit.query import EVERYTHING
from planyard.models import ItemOption, Project
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["importance levels"])
LEVELS = project_values.PRIORITY
DEFAULT_COLOR = "#999999"


def _levels(ctx: Context, project: Project) -> list[ItemOption]:
    return list(project_values.list_values(ctx, LEVELS, project.id, EVERYTHING).items)


def _level(ctx: Context, project: Project, level_id: int) -> ItemOption:
    access.checked_id(level_id, "importance_level")
    found = next((row for row in _levels(ctx, project) if row.id == level_id), None)
    if found is None:
        raise NotFound(entity="importance_level")
    return found


def _core(row: ItemOption | None, sent: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {k: sent[k] for k in ("name", "color") if k in sent}
    if "color" in changes and changes["color"] is None:
        changes["color"] = DEFAULT_COLOR
    if "icon" in sent:
        changes["extra"] = with_own(row, {"icon": sent["icon"]})
    return changes


def _rendered(ctx: Context, project_id: int, row: ItemOption, make_default: bool | None) -> dict[str, Any]:
    project = service.update_project(ctx, project_id, {"default_priority_id": row.id}) if make_default else None
    return importance_level(row, project or access.member(ctx, project_id)[0])


@router.get("/projects/{projectId}/importancelevels", response_model=list[ImportanceLevel])
def list_levels(projectId: int, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    return render(ImportanceLevel, [importance_level(row, project) for row in _levels(ctx, project)])


@router.post("/projects/{projectId}/importancelevels", response_model=ImportanceLevel)
def create_level(projectId: int, body: ImportanceValues, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    row = project_values.create_value(ctx, LEVELS, project.id, _core(None, body.model_dump()))
    assert isinstance(row, ItemOption)
    return render(ImportanceLevel, _rendered(ctx, project.id, row, body.isDefault))


@router.get("/projects/{projectId}/importancelevels/{importanceLevelId}", response_model=ImportanceLevel)
def get_level(projectId: int, importanceLevelId: int, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    return render(ImportanceLevel, importance_level(_level(ctx, project, importanceLevelId), project))


def _update(ctx: Context, projectId: int, level_id: int, sent: dict[str, Any]) -> Response:
    project, _ = access.admin(ctx, projectId)
    row = _level(ctx, project, level_id)
    updated = project_values.update_value(ctx, LEVELS, row.id, _core(row, sent))
    assert isinstance(updated, ItemOption)
    return render(ImportanceLevel, _rendered(ctx, project.id, updated, sent.get("isDefault")))


@router.put("/projects/{projectId}/importancelevels/{importanceLevelId}", response_model=ImportanceLevel)
def replace_level(projectId: int, importanceLevelId: int, body: ImportanceValues, ctx: Ctx) -> Response:
    return _update(ctx, projectId, importanceLevelId, body.model_dump())


@router.patch("/projects/{projectId}/importancelevels/{importanceLevelId}", response_model=ImportanceLevel)
def patch_level(projectId: int, importanceLevelId: int, body: ImportancePatch, ctx: Ctx) -> Response:
    return _update(ctx, projectId, importanceLevelId, body.model_dump(exclude_unset=True))


@router.delete("/projects/{projectId}/importancelevels/{importanceLevelId}")
def delete_level(projectId: int, importanceLevelId: int, ctx: Ctx) -> Response:
    """Its items take the default level; the default itself can't go (409)."""
    project, _ = access.admin(ctx, projectId)
    row = _level(ctx, project, importanceLevelId)
    if row.id == project.default_priority_id:
        raise Conflict(code="default_priority", entity="importance_level")
    target = project.default_priority_id or next(r.id for r in _levels(ctx, project) if r.id != row.id)
    project_values.delete_value(ctx, LEVELS, row.id, target)
    return empty()
