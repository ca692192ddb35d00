"""HacknPlan project tags: list, create, PUT, PATCH, delete (the core's tags of the project)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core.context import Context
from planyard.core.tags import service as tags
from planyard.dialects.hacknplan import access
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.mappers.classifiers import own, tag
from planyard.dialects.hacknplan.schemas.classifiers import Tag, TagPatch, TagValues
from planyard.kit.errors import NotFound
from planyard.models import Project
from planyard.models import Tag as TagRow
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["tags"])
OWN_FIELDS = ("icon", "displayIconOnly")


def _tag(ctx: Context, project: Project, tag_id: int) -> TagRow:
    access.checked_id(tag_id, "tag")
    found = next((row for row in tags.list_tags(ctx, project.id) if row.id == tag_id), None)
    if found is None:
        raise NotFound(entity="tag")
    return found


@router.get("/projects/{projectId}/tags", response_model=list[Tag])
def list_tags(projectId: int, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    return render(Tag, [tag(row, project) for row in tags.list_tags(ctx, project.id)])


@router.post("/projects/{projectId}/tags", response_model=Tag, status_code=201)
def create_tag(projectId: int, body: TagValues, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    mine = {k: getattr(body, k) for k in OWN_FIELDS}
    row = tags.create_tag(ctx, project.id, body.name, body.color, extra={"hacknplan": mine})
    return render(Tag, tag(row, project), 201)


def _update(ctx: Context, projectId: int, tagId: int, sent: dict[str, Any]) -> Response:
    project, _ = access.member(ctx, projectId)
    row = _tag(ctx, project, tagId)
    mine = {k: sent[k] for k in OWN_FIELDS if k in sent}
    extra = {"hacknplan": own(row) | mine} if mine else None
    color = {"color": sent["color"]} if "color" in sent else {}
    return render(Tag, tag(tags.update_tag(ctx, row.id, sent.get("name"), **color, extra=extra), project))


@router.put("/projects/{projectId}/tags/{tagId}", response_model=Tag)
def replace_tag(projectId: int, tagId: int, body: TagValues, ctx: Ctx) -> Response:
    return _update(ctx, projectId, tagId, body.model_dump())


@router.patch("/projects/{projectId}/tags/{tagId}", response_model=Tag)
def patch_tag(projectId: int, tagId: int, body: TagPatch, ctx: Ctx) -> Response:
    return _update(ctx, projectId, tagId, body.model_dump(exclude_unset=True))


@router.delete("/projects/{projectId}/tags/{tagId}")
def delete_tag(projectId: int, tagId: int, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    tags.delete_tag(ctx, _tag(ctx, project, tagId).id)
    return empty()
