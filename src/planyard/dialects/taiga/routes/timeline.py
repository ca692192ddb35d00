"""Taiga §37 Timelines: the events of a user (what they did), of a profile (what concerns them) and
of a project, read from the change log. The web client pages them with `x-lazy-pagination` (no count:
one row past the page tells whether there is a next)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from planyard.core import timeline
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.history import UNSHOWN
from planyard.dialects.taiga.mappers.timeline import timeline_entry
from planyard.dialects.taiga.schemas.timeline import TimelineEntry
from planyard.kit.query import ListQuery, Page
from planyard.models import ChangeEntry
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["timeline"])


def paged(request: Request) -> tuple[ListQuery, queries.Paging]:
    return queries.list_query(request, lazy=True)


def respond(request: Request, ctx: Ctx, wanted: queries.Paging, page: Page[ChangeEntry], owner: str,
            owner_id: int) -> Response:  # fmt: skip
    headers = queries.page_headers(request, wanted, page)
    facts = timeline.load_facts(ctx, page.items)
    data = [timeline_entry(ctx.env, entry, facts, owner, owner_id) for entry in page.items]
    return render(TimelineEntry, data, headers=headers)


def only_relevant(request: Request) -> bool:
    return "only_relevant" in request.query_params


@router.get("/timeline/user/{user_id}", response_model=list[TimelineEntry])
def user_timeline(user_id: int, request: Request, ctx: Ctx) -> Response:
    query, wanted = paged(request)
    page = timeline.user_timeline(ctx, user_id, only_relevant(request), query, UNSHOWN)
    return respond(request, ctx, wanted, page, "user", user_id)


@router.get("/timeline/profile/{user_id}", response_model=list[TimelineEntry])
def profile_timeline(user_id: int, request: Request, ctx: Ctx) -> Response:
    query, wanted = paged(request)
    page = timeline.profile_timeline(ctx, user_id, only_relevant(request), query, UNSHOWN)
    return respond(request, ctx, wanted, page, "profile", user_id)


@router.get("/timeline/project/{project_id}", response_model=list[TimelineEntry])
def project_timeline(project_id: int, request: Request, ctx: Ctx) -> Response:
    query, wanted = paged(request)
    page = timeline.project_timeline(ctx, project_id, only_relevant(request), query, UNSHOWN)
    return respond(request, ctx, wanted, page, "project", project_id)
