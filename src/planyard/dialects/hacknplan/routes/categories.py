"""HacknPlan categories: the project's item types and its workspace's shared ones."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import item_types
from planyard.core.context import Context
from planyard.dialects.hacknplan import access
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.mappers.classifiers import category, own, with_own
from planyard.dialects.hacknplan.schemas.classifiers import Category, Patched, Valued
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["categories"])
DEFAULT_COLOR = "#999999"


@router.get("/projects/{projectId}/categories", response_model=list[Category])
def list_categories(projectId: int, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    return render(Category, [category(row, project) for row in item_types.list_item_types(ctx, project.id)])


@router.post("/projects/{projectId}/categories", response_model=Category)
def create_category(projectId: int, body: Valued, ctx: Ctx) -> Response:
    """A new `story` type (docs/mapping.md: categories made through HacknPlan are stories)."""
    project, _ = access.admin(ctx, projectId)
    row = item_types.create_item_type(ctx, project.id, body.name, "story", color=body.color or DEFAULT_COLOR,
                                      extra=with_own(None, {"icon": body.icon}))  # fmt: skip
    return render(Category, category(row, project))


@router.get("/projects/{projectId}/categories/{categoryId}", response_model=Category)
def get_category(projectId: int, categoryId: int, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    row = item_types.get_item_type(ctx, access.checked_id(categoryId, "category"), project.id)
    return render(Category, category(row, project))


def _update(ctx: Context, projectId: int, categoryId: int, sent: dict[str, Any]) -> Response:
    project, _ = access.admin(ctx, projectId)
    row = item_types.get_item_type(ctx, access.checked_id(categoryId, "category"), project.id)
    changes: dict[str, Any] = {k: sent[k] for k in ("name", "color") if k in sent}
    if "color" in changes and changes["color"] is None:
        changes["color"] = DEFAULT_COLOR
    if "icon" in sent and sent["icon"] != own(row).get("icon"):
        changes["extra"] = with_own(row, {"icon": sent["icon"]})
    return render(Category, category(item_types.update_item_type(ctx, row.id, changes, project.id), project))


@router.put("/projects/{projectId}/categories/{categoryId}", response_model=Category)
def replace_category(projectId: int, categoryId: int, body: Valued, ctx: Ctx) -> Response:
    return _update(ctx, projectId, categoryId, body.model_dump())


@router.patch("/projects/{projectId}/categories/{categoryId}", response_model=Category)
def patch_category(projectId: int, categoryId: int, body: Patched, ctx: Ctx) -> Response:
    return _update(ctx, projectId, categoryId, body.model_dump(exclude_unset=True))


@router.delete("/projects/{projectId}/categories/{categoryId}")
def delete_category(projectId: int, categoryId: int, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    item_types.delete_item_type(ctx, access.checked_id(categoryId, "category"), project.id)
    return empty()
