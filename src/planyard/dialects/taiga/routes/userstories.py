"""Taiga §13 User stories: list, create, get, by_ref, edit, delete, bulk create, bulk reorders
(backlog, sprint, kanban) and bulk moves into a milestone. Votes, watchers and attachments live in
item_extras."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from planyard.core.access import load_project
from planyard.core.taiga_rules import bulk_text, story_edit, story_orders
from planyard.core.work_items import service, stories, story_filters_data
from planyard.core.work_items.facts import load_item_facts
from planyard.core.work_items.kinds import STORY
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.users import person_photos
from planyard.dialects.taiga.mappers.userstories import (
    body_to_changes,
    bulk_errors,
    counter_headers,
    story_detail,
    story_entry,
    with_neighbors,
)
from planyard.dialects.taiga.mappers.work_items import wire_errors
from planyard.dialects.taiga.render import order_updated
from planyard.dialects.taiga.schemas.ids import MAX_ID, PathId
from planyard.dialects.taiga.schemas.userstories import (
    BacklogOrderBody,
    BacklogOrderChange,
    BulkCreate,
    KanbanOrderBody,
    KanbanOrderChange,
    MilestoneBulkBody,
    SprintOrderChange,
    UserStoryCreate,
    UserStoryDetail,
    UserStoryEdit,
    UserStoryFiltersData,
    UserStoryListEntry,
    UserStoryNeighborsDetail,
    UserStoryReplace,
)
from planyard.kit.errors import Invalid
from planyard.kit.memory import gc_paused
from planyard.models import WorkItem
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["userstories"])
ONE = "/userstories/{story_id:int}"


def _entries(ctx: Ctx, items: list[WorkItem], params: Mapping[str, str], detail: bool = False) -> list[dict]:
    """One batched load of facts and extras for the whole page, then one dict per story."""
    epic = params.get("epic", "").split(",")[0]
    facts = load_item_facts(ctx, items)
    extras = stories.load_extras(ctx, items, tasks="include_tasks" in params,
                                 attachments="include_attachments" in params,
                                 epic=int(epic) if epic.isdigit() else None)  # fmt: skip
    shape = story_detail if detail else story_entry
    return [shape(ctx.env, item, facts, extras, ctx.actor_id) for item in items]


def _detail(ctx: Ctx, item: WorkItem, params: Mapping[str, str], status: int = 200,
            headers: dict[str, str] | None = None) -> Response:  # fmt: skip
    data = with_neighbors(_entries(ctx, [item], params, detail=True)[0], *stories.neighbors(ctx, item))
    return render(UserStoryNeighborsDetail, data, status=status, headers=headers)


def _orders_header(orders: dict[int, int]) -> dict[str, str]:
    return order_updated(orders)


@router.get("/userstories", response_model=list[UserStoryListEntry])
@gc_paused()
def list_stories(request: Request, ctx: Ctx) -> Response:
    params = request.query_params
    query, wanted = queries.list_query(request, stories.STORY_FILTERS)
    page = stories.list_stories(ctx, query, members_only=params.get("dashboard", "").lower() in ("true", "1"))
    headers = queries.page_headers(request, wanted, page)
    project, backlog = params.get("project", ""), params.get("milestone", "").lower() == "null"
    headers |= counter_headers(stories.project_counters(ctx, int(project) if project.isdigit() else None, backlog))
    return render(UserStoryListEntry, _entries(ctx, page.items, params), headers=headers)


@router.post("/userstories", status_code=201, response_model=UserStoryNeighborsDetail)
def create_story(body: UserStoryCreate, request: Request, ctx: Ctx) -> Response:
    with wire_errors():
        item = service.create_item(ctx, STORY, body.project, body_to_changes(body.model_dump(exclude_unset=True)))
    return _detail(ctx, item, request.query_params, status=201)


@router.get("/userstories/filters_data", response_model=UserStoryFiltersData)
def filters_data(request: Request, ctx: Ctx, project: int = Query(ge=1, le=MAX_ID)) -> Response:
    params = request.query_params
    check = lambda: load_project(ctx, project, STORY.view)  # noqa: E731
    query = queries.filtered_after(check, params, stories.STORY_FILTERS, sort=False)
    data = story_filters_data.filters_data(ctx, project, query)
    for name in ("assigned_users", "owners"):  # taiga-back shows their faces
        data[name] = [row | person_photos(ctx.env, row["user"]) for row in data[name]]
    return render(UserStoryFiltersData, data)


@router.get("/userstories/by_ref", response_model=UserStoryNeighborsDetail)
def get_by_ref(request: Request, ctx: Ctx, ref: int, project: int | None = None) -> Response:
    item = stories.by_ref(ctx, ref, project, request.query_params.get("project__slug"))
    return _detail(ctx, item, request.query_params)


@router.get(ONE, response_model=UserStoryNeighborsDetail)
def get_story(story_id: PathId, request: Request, ctx: Ctx) -> Response:
    return _detail(ctx, service.get_item(ctx, STORY, story_id)[0], request.query_params)


@router.patch(ONE, response_model=UserStoryNeighborsDetail)
def edit_story(story_id: PathId, body: UserStoryEdit, request: Request, ctx: Ctx) -> Response:
    return _edit(ctx, story_id, body, request)


@router.put(ONE, response_model=UserStoryNeighborsDetail)
def replace_story(story_id: PathId, body: UserStoryReplace, request: Request, ctx: Ctx) -> Response:
    return _edit(ctx, story_id, body, request)


def _edit(ctx: Ctx, story_id: int, body: UserStoryEdit, request: Request) -> Response:
    fields = body.model_dump(exclude_unset=True)
    with wire_errors():
        item, moved = story_edit.update_story(ctx, story_id, body_to_changes(fields), body.version, body.project)
    return _detail(ctx, item, request.query_params, headers=_orders_header(moved))


@router.delete(ONE, status_code=204)
def delete_story(story_id: PathId, ctx: Ctx) -> Response:
    service.delete_item(ctx, STORY, story_id)
    return empty(204)


@router.post("/userstories/bulk_create", response_model=list[UserStoryDetail])
def bulk_create(body: BulkCreate, request: Request, ctx: Ctx) -> Response:
    fields = {"status_id": body.status_id, "sprint_id": body.milestone_id, "lane_id": body.swimlane_id}
    with bulk_errors():
        items = stories.bulk_create(ctx, body.project_id, bulk_text.subjects(body.bulk_stories), fields)
    return render(UserStoryDetail, _entries(ctx, items, request.query_params, detail=True))


def _positions(ctx: Ctx, body: BacklogOrderBody, field: str, request: Request) -> Response:
    """The documented format: the stories named, as detail objects, and every changed order in a header."""
    positions = {p.us_id: p.order for p in body.bulk_stories or []}
    changed, items = story_orders.reorder_positions(ctx, body.project_id, field, positions)
    return render(UserStoryDetail, _entries(ctx, items, request.query_params, detail=True),
                  headers=_orders_header(changed))  # fmt: skip


def _drop(body: BacklogOrderBody) -> story_orders.Drop:
    if body.bulk_userstories is None:
        raise Invalid.on("bulk_userstories", "This field is required.")
    return story_orders.Drop(body.bulk_userstories, body.after_userstory_id, body.before_userstory_id)


@router.post("/userstories/bulk_update_backlog_order",
             response_model=list[BacklogOrderChange] | list[SprintOrderChange] | list[UserStoryDetail])  # fmt: skip
@gc_paused()
def bulk_update_backlog_order(body: BacklogOrderBody, request: Request, ctx: Ctx) -> Response:
    if body.bulk_stories is not None:
        return _positions(ctx, body, "backlog_order", request)
    field, data = story_orders.drop_in_backlog(ctx, body.project_id, body.milestone_id, _drop(body))
    model = SprintOrderChange if field == "sprint_order" else BacklogOrderChange
    return render(model, [{"id": i, "milestone": body.milestone_id, field: order} for i, order in data])


@router.post("/userstories/bulk_update_sprint_order",
             response_model=list[SprintOrderChange] | list[UserStoryDetail])  # fmt: skip
@gc_paused()
def bulk_update_sprint_order(body: BacklogOrderBody, request: Request, ctx: Ctx) -> Response:
    if body.bulk_stories is not None:
        return _positions(ctx, body, "sprint_order", request)
    if body.milestone_id is None:
        raise Invalid.on("milestone_id", "This field is required.")
    _, data = story_orders.drop_in_backlog(ctx, body.project_id, body.milestone_id, _drop(body))
    return render(SprintOrderChange, [{"id": i, "milestone": body.milestone_id, "sprint_order": o} for i, o in data])


@router.post("/userstories/bulk_update_kanban_order",
             response_model=list[KanbanOrderChange] | list[UserStoryDetail])  # fmt: skip
@gc_paused()
def bulk_update_kanban_order(body: KanbanOrderBody, request: Request, ctx: Ctx) -> Response:
    if body.bulk_stories is not None:
        return _positions(ctx, body, "kanban_order", request)
    if body.status_id is None:
        raise Invalid.on("status_id", "This field is required.")
    data = story_orders.drop_in_kanban(ctx, body.project_id, body.status_id, body.swimlane_id, _drop(body))
    cell = {"status": body.status_id, "swimlane": body.swimlane_id}
    return render(KanbanOrderChange, [cell | {"id": i, "kanban_order": order} for i, order in data])


@router.post("/userstories/bulk_update_milestone", status_code=204)
def bulk_update_milestone(body: MilestoneBulkBody, ctx: Ctx) -> Response:
    positions = {p.us_id: p.order for p in body.bulk_stories}
    story_orders.move_to_sprint(ctx, body.project_id, body.milestone_id, positions)
    return empty(204)
