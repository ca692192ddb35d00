"""Kaiten company tags (core workspace tags): list (by `query`, page by page) and create (409 for a name
the company has)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from planyard.core.projects.service import default_workspace
from planyard.core.tags import service as tags
from planyard.dialects.kaiten.card_queries import window
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.card_parts import tag
from planyard.dialects.kaiten.mappers.values import css_color
from planyard.dialects.kaiten.schemas.card_parts import Tag, TagBody
from planyard.kit.query import ListQuery
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["tags"])


@router.post("/tags", response_model=Tag)
def create_tag(body: TagBody, ctx: Ctx) -> Response:
    color = css_color(body.color) if body.color is not None else None
    return render(Tag, tag(tags.create_workspace_tag(ctx, default_workspace(ctx).id, body.name, color)))


@router.get("/tags", response_model=list[Tag])
def list_tags(request: Request, ctx: Ctx) -> Response:
    shown = window(request.query_params)
    text = request.query_params.get("query")
    query = ListQuery(filters={"text": text[:255]} if text else {}, window=shown)
    page = tags.list_workspace_tags(ctx, default_workspace(ctx).id, query)
    return render(Tag, [tag(row) for row in page.items[: shown.limit]])
