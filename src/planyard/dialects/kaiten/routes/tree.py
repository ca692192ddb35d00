"""Kaiten tree entities (the spaces and folders the caller sees, page by page) and tree entity roles (the
three access levels)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import tree
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.tree import tree_entity, tree_entity_roles
from planyard.dialects.kaiten.paging import Paging
from planyard.dialects.kaiten.schemas.tree import TreeEntity, TreeEntityRole
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["tree entities"])


@router.get("/tree-entities", response_model=list[TreeEntity])
def list_tree_entities(window: Paging, ctx: Ctx) -> Response:
    page = tree.list_entries(ctx, window)
    places = tree.places_of(ctx, {row.TreeEntity.workspace_id for row in page.items})
    return render(TreeEntity, [tree_entity(places[tree.ref(row.TreeEntity)], row.Project) for row in page.items])


@router.get("/tree-entity-roles", response_model=list[TreeEntityRole])
def list_tree_entity_roles(ctx: Ctx) -> Response:
    ctx.require_user()
    return render(TreeEntityRole, tree_entity_roles())
