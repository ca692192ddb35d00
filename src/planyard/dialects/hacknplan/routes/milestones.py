"""HacknPlan milestones (core releases grouping sprints): list, create, get, PUT, PATCH, delete, closure and
metrics."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import releases, users
from planyard.core.context import Context
from planyard.core.projects import metrics
from planyard.dialects.hacknplan import access
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.mappers.boards import board, milestone, milestone_to_core
from planyard.dialects.hacknplan.mappers.projects import metrics as metrics_wire
from planyard.dialects.hacknplan.schemas.boards import Milestone, MilestonePatch, MilestoneValues
from planyard.dialects.hacknplan.schemas.projects import Metrics
from planyard.kit.errors import NotFound
from planyard.models import Project, Release
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["milestones"])


def _milestone(ctx: Context, project: Project, milestone_id: int) -> Release:
    row = releases.get_release(ctx, access.checked_id(milestone_id, "milestone"))
    if row.project_id != project.id:
        raise NotFound(entity="milestone")
    return row


def _rendered(ctx: Context, project: Project, rows: list[Release], boards: bool,
              include_closed: bool = True) -> list[dict[str, Any]]:  # fmt: skip
    sprints = releases.sprints_of(ctx, [r.id for r in rows], include_closed=include_closed) if boards else {}
    people = users.users_by_id(ctx, [r.owner_id for r in rows] + [s.owner_id for ss in sprints.values() for s in ss])
    return [
        milestone(row, people, [board(s, project, people) for s in sprints[row.id]] if boards else None) for row in rows
    ]


@router.get("/projects/{projectId}/milestones", response_model=list[Milestone])
def list_milestones(projectId: int, ctx: Ctx, includeBoards: bool = False, includeClosed: bool = False) -> Response:
    project, _ = access.member(ctx, projectId)
    rows = releases.list_releases(ctx, project.id)
    return render(Milestone, _rendered(ctx, project, rows, includeBoards, includeClosed))


@router.post("/projects/{projectId}/milestones", response_model=Milestone, status_code=201)
def create_milestone(projectId: int, body: MilestoneValues, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    row = releases.create_release(ctx, project.id, milestone_to_core(body.model_dump(exclude_none=True)))
    return render(Milestone, _rendered(ctx, project, [row], False)[0], 201)


@router.get("/projects/{projectId}/milestones/{milestoneId}", response_model=Milestone)
def get_milestone(projectId: int, milestoneId: int, ctx: Ctx, includeBoards: bool = False) -> Response:
    project, _ = access.member(ctx, projectId)
    return render(Milestone, _rendered(ctx, project, [_milestone(ctx, project, milestoneId)], includeBoards)[0])


def _update(ctx: Context, projectId: int, milestoneId: int, sent: dict[str, Any]) -> Response:
    project, _ = access.admin(ctx, projectId)
    row = _milestone(ctx, project, milestoneId)
    updated = releases.update_release(ctx, row.id, milestone_to_core(sent))
    return render(Milestone, _rendered(ctx, project, [updated], False))


@router.put("/projects/{projectId}/milestones/{milestoneId}", response_model=list[Milestone])
def replace_milestone(projectId: int, milestoneId: int, body: MilestoneValues, ctx: Ctx) -> Response:
    return _update(ctx, projectId, milestoneId, body.model_dump())


@router.patch("/projects/{projectId}/milestones/{milestoneId}", response_model=list[Milestone])
def patch_milestone(projectId: int, milestoneId: int, body: MilestonePatch, ctx: Ctx) -> Response:
    return _update(ctx, projectId, milestoneId, body.model_dump(exclude_unset=True))


@router.delete("/projects/{projectId}/milestones/{milestoneId}")
def delete_milestone(projectId: int, milestoneId: int, ctx: Ctx, deleteBoards: bool = False,
                     deleteWorkItems: bool = False) -> Response:  # fmt: skip
    project, _ = access.admin(ctx, projectId)
    row = _milestone(ctx, project, milestoneId)
    releases.delete_release(ctx, row.id, delete_sprints=deleteBoards, delete_items=deleteBoards and deleteWorkItems)
    return empty()


@router.post("/projects/{projectId}/milestones/{milestoneId}/closure")
def close_milestone(projectId: int, milestoneId: int, body: dict[str, Any], ctx: Ctx) -> Response:
    """`closeMilestoneValues`: an object (its fields are not documented; none is read)."""
    project, _ = access.admin(ctx, projectId)
    releases.close_release(ctx, _milestone(ctx, project, milestoneId).id)
    return empty()


@router.delete("/projects/{projectId}/milestones/{milestoneId}/closure")
def reopen_milestone(projectId: int, milestoneId: int, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    releases.reopen_release(ctx, _milestone(ctx, project, milestoneId).id)
    return empty()


@router.get("/projects/{projectId}/milestones/{milestoneId}/metrics", response_model=Metrics)
def milestone_metrics(projectId: int, milestoneId: int, ctx: Ctx, userId: int | None = None) -> Response:
    project, _ = access.member(ctx, projectId)
    row = _milestone(ctx, project, milestoneId)
    return render(Metrics, metrics_wire(metrics.release_metrics(ctx, row.id, userId)))
