"""Taiga §12 Milestones: list, create, get, edit, delete, stats, watch, unwatch, watchers."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from planyard.core import sprints
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.milestones import body_to_core, milestone_detail, milestone_stats
from planyard.dialects.taiga.mappers.project_actions import project_user_entry
from planyard.dialects.taiga.schemas.ids import PathId
from planyard.dialects.taiga.schemas.milestones import (
    MilestoneCreate,
    MilestoneDetail,
    MilestoneEdit,
    MilestoneReplace,
    MilestoneStatsDetail,
)
from planyard.dialects.taiga.schemas.project_actions import ProjectUserEntry
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["milestones"])
ONE = "/milestones/{milestone_id}"


def detail_response(ctx: Ctx, milestone_id: int, status: int = 200) -> Response:
    sprint, _ = sprints.get_sprint(ctx, milestone_id)
    batch = sprints.load_facts(ctx, [sprint])
    return render(MilestoneDetail, milestone_detail(ctx.env, sprint, batch, ctx.actor_id), status=status)


@router.get("/milestones", response_model=list[MilestoneDetail])
def list_milestones(request: Request, ctx: Ctx) -> Response:
    params = request.query_params
    query, wanted = queries.list_query(request, sprints.FILTERS)
    page = sprints.list_sprints(ctx, query)
    headers = queries.page_headers(request, wanted, page)
    batch = sprints.load_facts(ctx, page.items)
    data = [milestone_detail(ctx.env, sprint, batch, ctx.actor_id) for sprint in page.items]
    project = params.get("project", "")
    if project.isdigit():
        opened, closed = sprints.open_closed_counts(ctx, int(project))
        headers |= {
            "Taiga-Info-Total-Opened-Milestones": str(opened),
            "Taiga-Info-Total-Closed-Milestones": str(closed),
        }
    return render(MilestoneDetail, data, headers=headers)


@router.post("/milestones", status_code=201, response_model=MilestoneDetail)
def create_milestone(body: MilestoneCreate, ctx: Ctx) -> Response:
    fields, watchers = body_to_core(body.model_dump(exclude_unset=True))
    sprint = sprints.create_sprint(ctx, body.project, fields, watchers)
    return detail_response(ctx, sprint.id, status=201)


@router.get(ONE, response_model=MilestoneDetail)
def get_milestone(milestone_id: PathId, ctx: Ctx) -> Response:
    return detail_response(ctx, milestone_id)


@router.put(ONE, response_model=MilestoneDetail)
def replace_milestone(milestone_id: PathId, body: MilestoneReplace, ctx: Ctx) -> Response:
    sprints.update_sprint(ctx, milestone_id, *body_to_core(body.model_dump(exclude_unset=True)))
    return detail_response(ctx, milestone_id)


@router.patch(ONE, response_model=MilestoneDetail)
def edit_milestone(milestone_id: PathId, body: MilestoneEdit, ctx: Ctx) -> Response:
    sprints.update_sprint(ctx, milestone_id, *body_to_core(body.model_dump(exclude_unset=True)))
    return detail_response(ctx, milestone_id)


@router.delete(ONE, status_code=204)
def delete_milestone(milestone_id: PathId, ctx: Ctx) -> Response:
    sprints.delete_sprint(ctx, milestone_id)
    return empty(204)


@router.get(f"{ONE}/stats", response_model=MilestoneStatsDetail)
def milestone_stats_detail(milestone_id: PathId, ctx: Ctx) -> Response:
    return render(MilestoneStatsDetail, milestone_stats(sprints.stats(ctx, milestone_id)))


@router.post(f"{ONE}/watch")
def watch(milestone_id: PathId, ctx: Ctx) -> Response:
    sprints.watch(ctx, milestone_id, watching=True)
    return empty()


@router.post(f"{ONE}/unwatch")
def unwatch(milestone_id: PathId, ctx: Ctx) -> Response:
    sprints.watch(ctx, milestone_id, watching=False)
    return empty()


@router.get(f"{ONE}/watchers", response_model=list[ProjectUserEntry])
def watchers(milestone_id: PathId, request: Request, ctx: Ctx) -> Response:
    query, wanted = queries.list_query(request)
    page = sprints.list_watchers(ctx, milestone_id, query)
    headers = queries.page_headers(request, wanted, page)
    return render(ProjectUserEntry, [project_user_entry(u) for u in page.items], headers=headers)
