"""Taiga Epics (the 001 summary; shapes from taiga-back): list, create, get, by_ref, edit, delete, bulk_create,
filters_data, and the related user stories (list, relate, get, reorder, unrelate, bulk_create)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from planyard.core.access import load_project
from planyard.core.taiga_rules import bulk_text
from planyard.core.work_items import epic_stories, epics, service
from planyard.core.work_items.epic_filters_data import filters_data
from planyard.core.work_items.kinds import EPIC
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.epics import (
    body_to_changes,
    epic_detail,
    epic_list_entry,
    epic_read,
    order_headers,
    parse_set_orders,
    related_story,
)
from planyard.dialects.taiga.mappers.work_items import wire_errors
from planyard.dialects.taiga.schemas.epics import (
    EpicCreate,
    EpicDetail,
    EpicEdit,
    EpicFiltersData,
    EpicListEntry,
    EpicRead,
    EpicReplace,
    EpicsBulkCreate,
    RelatedStoriesBulkCreate,
    RelatedStoryCreate,
    RelatedStoryEdit,
    RelatedStoryRead,
)
from planyard.dialects.taiga.schemas.ids import MAX_ID, PathId
from planyard.models import WorkItem
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["epics"])
ONE = "/epics/{epic_id}"
RELATED = f"{ONE}/related_userstories"
RequiredId = Annotated[int, Query(ge=1, le=MAX_ID)]


def _read(ctx: Ctx, epic: WorkItem, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    data = epic_read(ctx.env, epic, epics.load_batch(ctx, [epic]), ctx.actor_id)
    return render(EpicRead, data, status=status, headers=headers)


def _detail(ctx: Ctx, epic: WorkItem, request: Request) -> Response:
    around = epics.neighbors(
        ctx, epic, queries.filtered(request.query_params, epics.FILTERS, skip=("ref",), sort=False)
    )
    return render(EpicDetail, epic_detail(ctx.env, epic, epics.load_batch(ctx, [epic]), ctx.actor_id, around))


@router.get("/epics", response_model=list[EpicListEntry])
def list_epics(request: Request, ctx: Ctx) -> Response:
    params = request.query_params
    query, wanted = queries.list_query(request, epics.FILTERS)
    page = epics.list_epics(ctx, query)
    headers = queries.page_headers(request, wanted, page)
    batch = epics.load_batch(ctx, page.items, "include_attachments" in params)
    data = [epic_list_entry(ctx.env, epic, batch, ctx.actor_id) for epic in page.items]
    return render(EpicListEntry, data, headers=headers)


@router.post("/epics", status_code=201, response_model=EpicRead)
def create_epic(body: EpicCreate, ctx: Ctx) -> Response:
    with wire_errors():
        epic = epics.create_epic(ctx, body.project, body_to_changes(body.model_dump(exclude_unset=True)))
    return _read(ctx, epic, status=201)


@router.get("/epics/filters_data", response_model=EpicFiltersData)
def epics_filters_data(project: RequiredId, request: Request, ctx: Ctx) -> Response:
    query = queries.filtered_after(lambda: load_project(ctx, project), request.query_params, epics.FILTERS, sort=False)
    return render(EpicFiltersData, filters_data(ctx, project, query))


@router.get("/epics/by_ref", response_model=EpicDetail)
def get_by_ref(ref: RequiredId, project: RequiredId, request: Request, ctx: Ctx) -> Response:
    return _detail(ctx, epics.get_epic_by_ref(ctx, project, ref), request)


@router.post("/epics/bulk_create", response_model=list[EpicRead])
def bulk_create(body: EpicsBulkCreate, ctx: Ctx) -> Response:
    created = epics.bulk_create(ctx, body.project_id, bulk_text.subjects(body.bulk_epics), body.status_id)
    batch = epics.load_batch(ctx, created)
    return render(EpicRead, [epic_read(ctx.env, epic, batch, ctx.actor_id) for epic in created])


@router.get(ONE, response_model=EpicDetail)
def get_epic(epic_id: PathId, request: Request, ctx: Ctx) -> Response:
    return _detail(ctx, epics.get_epic(ctx, epic_id), request)


@router.put(ONE, response_model=EpicRead)
def replace_epic(epic_id: PathId, body: EpicReplace, request: Request, ctx: Ctx) -> Response:
    return _edit(ctx, epic_id, body, request)


@router.patch(ONE, response_model=EpicRead)
def edit_epic(epic_id: PathId, body: EpicEdit, request: Request, ctx: Ctx) -> Response:
    return _edit(ctx, epic_id, body, request)


def _edit(ctx: Ctx, epic_id: int, body: EpicEdit, request: Request) -> Response:
    changes = body_to_changes(body.model_dump(exclude_unset=True))
    with wire_errors():
        epic, updated = epics.update_epic(ctx, epic_id, changes, body.version, body.project,
                                          parse_set_orders(request.headers.get("set-orders")))  # fmt: skip
    return _read(ctx, epic, headers=order_headers(updated))


@router.delete(ONE, status_code=204)
def delete_epic(epic_id: PathId, ctx: Ctx) -> Response:
    service.delete_item(ctx, EPIC, epic_id)
    return empty(204)


@router.get(RELATED, response_model=list[RelatedStoryRead])
def list_related(epic_id: PathId, request: Request, ctx: Ctx) -> Response:
    query, wanted = queries.list_query(request)
    page = epic_stories.list_links(ctx, epic_id, query)
    headers = queries.page_headers(request, wanted, page)
    return render(RelatedStoryRead, [related_story(link) for link in page.items], headers=headers)


@router.post(RELATED, status_code=201, response_model=RelatedStoryRead)
def relate_story(epic_id: PathId, body: RelatedStoryCreate, ctx: Ctx) -> Response:
    link = epic_stories.create_link(ctx, epic_id, body.user_story, body.order)
    return render(RelatedStoryRead, related_story(link), status=201)


@router.post(f"{RELATED}/bulk_create", response_model=list[RelatedStoryRead])
def bulk_create_related(epic_id: PathId, body: RelatedStoriesBulkCreate, ctx: Ctx) -> Response:
    links = epic_stories.bulk_create_stories(ctx, epic_id, body.project_id, bulk_text.subjects(body.bulk_userstories))
    return render(RelatedStoryRead, [related_story(link) for link in links])


@router.get(f"{RELATED}/{{story_id}}", response_model=RelatedStoryRead)
def get_related(epic_id: PathId, story_id: PathId, ctx: Ctx) -> Response:
    return render(RelatedStoryRead, related_story(epic_stories.get_link(ctx, epic_id, story_id)))


@router.put(f"{RELATED}/{{story_id}}", response_model=RelatedStoryRead)
@router.patch(f"{RELATED}/{{story_id}}", response_model=RelatedStoryRead)
def edit_related(epic_id: PathId, story_id: PathId, body: RelatedStoryEdit, request: Request, ctx: Ctx) -> Response:
    set_orders = parse_set_orders(request.headers.get("set-orders"))
    link, updated = epic_stories.update_link(ctx, epic_id, story_id, body.order, set_orders)
    return render(RelatedStoryRead, related_story(link), headers=order_headers(updated))


@router.delete(f"{RELATED}/{{story_id}}", status_code=204)
def unrelate_story(epic_id: PathId, story_id: PathId, ctx: Ctx) -> Response:
    epic_stories.delete_link(ctx, epic_id, story_id)
    return empty(204)
