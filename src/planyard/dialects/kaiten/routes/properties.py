"""Kaiten company custom properties (core workspace-wide fields) with their select and catalog values."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from planyard.core import company, workspace_fields
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.properties import (
    catalog_value,
    custom_property,
    option_to_core,
    property_to_core,
    select_value,
)  # fmt: skip
from planyard.dialects.kaiten.paging import OptionalPaging, window
from planyard.dialects.kaiten.schemas.properties import (
    CatalogValue,
    CatalogValueEdit,
    CatalogValueWrite,
    Property,
    PropertyCreate,
    PropertyEdit,
    SelectValue,
    SelectValueEdit,
    SelectValueWrite,
)  # fmt: skip
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["custom properties"])
Text = Annotated[str | None, Query(max_length=255)]
PROPERTIES = "/company/custom-properties"


@router.post(PROPERTIES, response_model=Property)
def create_property(body: PropertyCreate, ctx: Ctx) -> Response:
    values = property_to_core(body.model_dump(exclude_none=True), ctx.actor_id)
    return render(Property, custom_property(workspace_fields.create_field(ctx, company.workspace(ctx).id, values)))


@router.get(PROPERTIES, response_model=list[Property])
def list_properties(paging: OptionalPaging, ctx: Ctx) -> Response:
    page = workspace_fields.list_fields(ctx, company.workspace(ctx).id, paging)
    return render(Property, [custom_property(f) for f in page.items])


@router.get(PROPERTIES + "/{property_id}", response_model=Property)
def get_property(property_id: int, ctx: Ctx) -> Response:
    return render(Property, custom_property(workspace_fields.get_field(ctx, company.workspace(ctx).id, property_id)))


@router.patch(PROPERTIES + "/{property_id}", response_model=Property)
def update_property(property_id: int, body: PropertyEdit, ctx: Ctx) -> Response:
    changes = property_to_core(body.model_dump(exclude_unset=True))
    field = workspace_fields.update_field(ctx, company.workspace(ctx).id, property_id, changes)
    return render(Property, custom_property(field))


@router.delete(PROPERTIES + "/{property_id}", response_model=Property)
def remove_property(property_id: int, ctx: Ctx) -> Response:
    return render(Property, custom_property(workspace_fields.delete_field(ctx, company.workspace(ctx).id, property_id)))


SELECT = PROPERTIES + "/{property_id}/select-values"


@router.post(SELECT, response_model=SelectValue)
def create_select_value(property_id: int, body: SelectValueWrite, ctx: Ctx) -> Response:
    workspace_id = company.workspace(ctx).id
    option = workspace_fields.create_option(
        ctx, workspace_id, property_id, option_to_core(body.model_dump(exclude_none=True))
    )
    return render(SelectValue, select_value(option, workspace_id))


@router.get(SELECT, response_model=list[SelectValue])
def list_select_values(property_id: int, ctx: Ctx, v2_select_search: bool = False, query: Text = None,
                       limit: int | None = None, offset: int | None = None) -> Response:  # fmt: skip
    """Paged (limit/offset) when `v2_select_search` is true, as the seed says; `query` filters values."""
    workspace_id = company.workspace(ctx).id
    paging = window(limit, offset) if v2_select_search else None
    page = workspace_fields.list_options(ctx, workspace_id, property_id, paging, query)
    return render(SelectValue, [select_value(o, workspace_id) for o in page.items])


@router.get(SELECT + "/{value_id}", response_model=SelectValue)
def get_select_value(property_id: int, value_id: int, ctx: Ctx) -> Response:
    workspace_id = company.workspace(ctx).id
    return render(
        SelectValue, select_value(workspace_fields.get_option(ctx, workspace_id, property_id, value_id), workspace_id)
    )


@router.patch(SELECT + "/{value_id}", response_model=SelectValue)
def update_select_value(property_id: int, value_id: int, body: SelectValueEdit, ctx: Ctx) -> Response:
    workspace_id = company.workspace(ctx).id
    changes = option_to_core(body.model_dump(exclude_unset=True))
    option = workspace_fields.update_option(ctx, workspace_id, property_id, value_id, changes)
    return render(SelectValue, select_value(option, workspace_id))


@router.delete(SELECT + "/{value_id}", response_model=SelectValue)
def remove_select_value(property_id: int, value_id: int, ctx: Ctx) -> Response:
    workspace_id = company.workspace(ctx).id
    option = workspace_fields.delete_option(ctx, workspace_id, property_id, value_id)
    return render(SelectValue, select_value(option, workspace_id))


CATALOG = PROPERTIES + "/{property_id}/catalog-values"


@router.post(CATALOG, response_model=CatalogValue)
def create_catalog_value(property_id: int, body: CatalogValueWrite, ctx: Ctx) -> Response:
    values = option_to_core(body.model_dump(exclude_none=True))
    return render(
        CatalogValue, catalog_value(workspace_fields.create_option(ctx, company.workspace(ctx).id, property_id, values))
    )


@router.get(CATALOG, response_model=list[CatalogValue])
def list_catalog_values(property_id: int, ctx: Ctx, query: Text = None, limit: int | None = None,
                        offset: int | None = None) -> Response:  # fmt: skip
    """Paged when `limit` is given, as the seed says."""
    paging = window(limit, offset) if limit is not None else None
    page = workspace_fields.list_options(ctx, company.workspace(ctx).id, property_id, paging, query)
    return render(CatalogValue, [catalog_value(o) for o in page.items])


@router.get(CATALOG + "/{value_id}", response_model=CatalogValue)
def get_catalog_value(property_id: int, value_id: int, ctx: Ctx) -> Response:
    return render(
        CatalogValue, catalog_value(workspace_fields.get_option(ctx, company.workspace(ctx).id, property_id, value_id))
    )


@router.patch(CATALOG + "/{value_id}", response_model=CatalogValue)
def update_catalog_value(property_id: int, value_id: int, body: CatalogValueEdit, ctx: Ctx) -> Response:
    changes = option_to_core(body.model_dump(exclude_unset=True))
    option = workspace_fields.update_option(ctx, company.workspace(ctx).id, property_id, value_id, changes)
    return render(CatalogValue, catalog_value(option))


@router.delete(CATALOG + "/{value_id}", response_model=CatalogValue)
def remove_catalog_value(property_id: int, value_id: int, ctx: Ctx) -> Response:
    return render(
        CatalogValue,
        catalog_value(workspace_fields.delete_option(ctx, company.workspace(ctx).id, property_id, value_id)),
    )
