"""Taiga §7 Search: a project's epics, stories, tasks and issues matching a text."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.responses import Response

from planyard.core.search import SearchResults, search
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.schemas.ids import MAX_ID
from planyard.dialects.taiga.schemas.search import SearchRead
from planyard.models import WorkItem
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["search"])
WIRE_KEYS = {"epic": "epics", "story": "userstories", "task": "tasks", "issue": "issues"}


@router.get("/search", response_model=SearchRead)
def search_project(
    ctx: Ctx,
    project: Annotated[int, Query(ge=1, le=MAX_ID)],
    text: Annotated[str, Query(max_length=500)] = "",
) -> Response:
    found = search(ctx, project, text)
    data: dict[str, Any] = {
        WIRE_KEYS[kind]: [_hit(found, item) for item in items] for kind, items in found.by_kind.items()
    }
    if found.wiki_visible:
        data["wikipages"] = [{"id": page.id, "slug": page.slug} for page in found.wiki_pages]
    data["count"] = sum(len(hits) for hits in data.values())
    hidden = set(SearchRead.model_fields) - set(data)  # kinds the user may not view are left out, not null
    body = SearchRead.model_validate(data).model_dump_json(exclude=hidden)
    return Response(body, media_type="application/json")


def _hit(found: SearchResults, item: WorkItem) -> dict[str, Any]:
    hit: dict[str, Any] = {"id": item.id, "ref": item.ref, "subject": item.subject, "status": item.status_id}
    if item.kind != "story":
        return hit | {"assigned_to": item.assigned_to_id}
    sprint = found.sprints.get(item.sprint_id or 0)
    return hit | {
        "total_points": found.story_points.get(item.id),
        "milestone_name": sprint.name if sprint else None,
        "milestone_slug": sprint.slug if sprint else None,
    }
