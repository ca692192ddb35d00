"""HacknPlan stages: the statuses of the project's story workflow (list, create, get, PUT, PATCH, delete)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import project_values
from planyard.core.context import Context
from planyard.dialects.hacknplan import access
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.mappers.classifiers import stage, stage_internal, stage_to_core
from planyard.dialects.hacknplan.schemas.classifiers import Stage, StageInternal, StagePatch, StageValues
from planyard.kit.errors import Conflict, NotFound
from planyard.kit.query import EVERYTHING
from planyard.models import Project, Status
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["stages"])
STAGES = project_values.USERSTORY_STATUS


def _stages(ctx: Context, project: Project) -> list[Status]:
    return list(project_values.list_values(ctx, STAGES, project.id, EVERYTHING).items)


def _stage(ctx: Context, project: Project, stage_id: int) -> Status:
    access.checked_id(stage_id, "stage")
    found = next((row for row in _stages(ctx, project) if row.id == stage_id), None)
    if found is None:
        raise NotFound(entity="stage")
    return found


@router.get("/projects/{projectId}/stages", response_model=list[Stage])
def list_stages(projectId: int, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    return render(Stage, [stage(row, project) for row in _stages(ctx, project)])


@router.post("/projects/{projectId}/stages", response_model=Stage, status_code=201)
def create_stage(projectId: int, body: StageValues, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    fields = stage_to_core(None, body.model_dump(exclude_none=True))
    row = project_values.create_value(ctx, STAGES, project.id, fields)
    assert isinstance(row, Status)
    return render(Stage, stage(row, project), 201)


@router.get("/projects/{projectId}/stages/{stageId}", response_model=Stage)
def get_stage(projectId: int, stageId: int, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    return render(Stage, stage(_stage(ctx, project, stageId), project))


def _update(ctx: Context, projectId: int, stageId: int, sent: dict[str, Any]) -> tuple[Status, Project]:
    project, _ = access.admin(ctx, projectId)
    row = _stage(ctx, project, stageId)
    updated = project_values.update_value(ctx, STAGES, row.id, stage_to_core(row, sent))
    assert isinstance(updated, Status)
    return updated, project


@router.put("/projects/{projectId}/stages/{stageId}", response_model=StageInternal)
def replace_stage(projectId: int, stageId: int, body: StageValues, ctx: Ctx) -> Response:
    sent = body.model_dump()
    if sent["displayOrder"] is None:
        del sent["displayOrder"]
    return render(StageInternal, stage_internal(*_update(ctx, projectId, stageId, sent)))


@router.patch("/projects/{projectId}/stages/{stageId}", response_model=Stage)
def patch_stage(projectId: int, stageId: int, body: StagePatch, ctx: Ctx) -> Response:
    return render(Stage, stage(*_update(ctx, projectId, stageId, body.model_dump(exclude_unset=True))))


@router.delete("/projects/{projectId}/stages/{stageId}")
def delete_stage(projectId: int, stageId: int, ctx: Ctx) -> Response:
    """Its items go to the first other stage of its category, else to the first other stage."""
    project, _ = access.admin(ctx, projectId)
    row = _stage(ctx, project, stageId)
    others = [s for s in _stages(ctx, project) if s.id != row.id and s.workflow_id == row.workflow_id]
    if not others:
        raise Conflict(code="last_stage", entity="stage")
    target = next((s for s in others if s.category == row.category), others[0])
    project_values.delete_value(ctx, STAGES, row.id, target.id)
    return empty()
