"""Taiga §37 Timelines: the events of a user (what they did), of a profile (what concerns them) and
of a project, read from the change log. The web client pages them with `x-lazy-pagination`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import Select
from starlette.responses import Response

from planyard.core import timeline
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.timeline import timeline_entry
from planyard.dialects.taiga.render import page_headers, page_request
from planyard.dialects.taiga.schemas.timeline import TimelineEntry
from planyard.kit.errors import NotFound
from planyard.kit.pagination import Page, paginate
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["timeline"])


def lazy_page(request: Request, ctx: Ctx, stmt: Select[Any]) -> tuple[list[Any], dict[str, str]]:
    """With `x-lazy-pagination` Taiga skips the count: one row past the page tells if there is a next."""
    wanted = page_request(request)
    if "x-lazy-pagination" not in request.headers or not wanted.enabled:
        page = paginate(ctx.session, stmt, wanted)
        return page.rows, page_headers(request, page)
    start = (wanted.page - 1) * wanted.page_size
    rows = list(ctx.session.scalars(stmt.limit(wanted.page_size + 1).offset(start)))
    if wanted.page > 1 and not rows:
        raise NotFound("Invalid page.")
    seen = start + len(rows)  # past the end of this page when there is a next one
    page = Page(rows[: wanted.page_size], seen, wanted.page, wanted.page_size, True)
    headers = page_headers(request, page)
    headers.pop("x-pagination-count")
    return page.rows, headers


def respond(request: Request, ctx: Ctx, stmt: Select[Any], owner: str, owner_id: int) -> Response:
    rows, headers = lazy_page(request, ctx, stmt)
    facts = timeline.load_facts(ctx, rows)
    data = [timeline_entry(ctx.env, entry, facts, owner, owner_id) for entry in rows]
    return render(TimelineEntry, data, headers=headers)


def only_relevant(request: Request) -> bool:
    return "only_relevant" in request.query_params


@router.get("/timeline/user/{user_id}", response_model=list[TimelineEntry])
def user_timeline(user_id: int, request: Request, ctx: Ctx) -> Response:
    stmt = timeline.user_timeline(ctx, user_id, only_relevant(request))
    return respond(request, ctx, stmt, "user", user_id)


@router.get("/timeline/profile/{user_id}", response_model=list[TimelineEntry])
def profile_timeline(user_id: int, request: Request, ctx: Ctx) -> Response:
    stmt = timeline.profile_timeline(ctx, user_id, only_relevant(request))
    return respond(request, ctx, stmt, "profile", user_id)


@router.get("/timeline/project/{project_id}", response_model=list[TimelineEntry])
def project_timeline(project_id: int, request: Request, ctx: Ctx) -> Response:
    stmt = timeline.project_timeline(ctx, project_id, only_relevant(request))
    return respond(request, ctx, stmt, "project", project_id)
