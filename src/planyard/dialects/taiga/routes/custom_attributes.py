"""Taiga custom attributes of epics, user stories, tasks and issues, and each item's values: one
factory for the identical family (list, create, get, put, patch, delete, bulk_update_order; values
get, put, patch)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Body, Request
from pydantic import BaseModel
from starlette.responses import Response

from planyard.core import custom_fields, workspace_fields
from planyard.core.work_items.kinds import EPIC, ISSUE, STORY, TASK, ItemProfile
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.custom_attributes import custom_attribute_wire, values_sent, values_shown
from planyard.dialects.taiga.schemas import custom_attributes as wire
from planyard.dialects.taiga.schemas.ids import PathId, QueryId
from planyard.kit.errors import Invalid
from planyard.web.render import empty, render
from planyard.web.routes import Ctx


@dataclass(frozen=True)
class Resource:
    kind: ItemProfile
    path: str  # the attributes' collection, e.g. "userstory-custom-attributes"
    items_path: str  # the items' collection, e.g. "userstories"
    item_field: str  # the item's id in the values object, e.g. "user_story"
    values_read: type[BaseModel]

    @property
    def bulk_param(self) -> str:
        return "bulk_" + self.path.replace("-", "_")


RESOURCES = [
    Resource(EPIC, "epic-custom-attributes", "epics", "epic", wire.EpicValuesRead),
    Resource(STORY, "userstory-custom-attributes", "userstories", "user_story", wire.UserStoryValuesRead),
    Resource(TASK, "task-custom-attributes", "tasks", "task", wire.TaskValuesRead),
    Resource(ISSUE, "issue-custom-attributes", "issues", "issue", wire.IssueValuesRead),
]


def _pairs(body: dict[str, Any], param: str) -> list[tuple[int, int]]:
    raw = body.get(param)
    if not isinstance(raw, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(type(n) is int and 0 <= n < 2**31 for n in p) for p in raw
    ):
        raise Invalid.on(param, "A list of [id, order] pairs of non-negative integers is required.")
    return [(a, b) for a, b in raw]


def _shown(ctx: Ctx, fields: list[Any], project_id: int | None = None) -> list[dict[str, Any]]:
    """Fields as attributes, a workspace select with its options (one query when the page has any)."""
    shared = [f.id for f in fields if f.project_id is None and f.type == "dropdown"]
    options = workspace_fields.option_values(ctx, shared) if shared else {}
    return [custom_attribute_wire(f, project_id, options) for f in fields]


def _project_of(body: dict[str, Any]) -> int:
    project = body.get("project", body.get("project_id"))  # the doc's example sends `project_id`
    if type(project) is not int or not 0 < project < 2**63:
        raise Invalid.on("project", "This field is required.")
    return project


def build_router(res: Resource) -> APIRouter:
    router = APIRouter(route_class=UnitOfWorkRoute, tags=[res.path])
    kind, base, values_read = res.kind, f"/{res.path}", res.values_read
    read = wire.CustomAttributeRead
    values_base = f"/{res.items_path}/custom-attributes-values/{{item_id}}"

    def values_wire(values: custom_fields.ItemValues, selects: dict[int, dict[int, str]]) -> dict[str, Any]:
        shown = values_shown(values.values, selects)
        return {"attributes_values": shown, "version": values.version, res.item_field: values.item_id}

    def selects_of(ctx: Ctx, item_id: int, checked: bool) -> dict[int, dict[int, str]]:
        """The workspace select fields an item of this kind may carry (`checked`: the actor sees the item)."""
        if kind.name != workspace_fields.KIND:
            return {}
        if not checked:
            custom_fields.get_values(ctx, kind, item_id)
        return workspace_fields.item_select_options(ctx, item_id)

    @router.get(base, response_model=list[wire.CustomAttributeRead], name=f"list {res.path}")
    def list_attributes(request: Request, ctx: Ctx, project: QueryId = None) -> Response:
        query, wanted = queries.list_query(request)
        page = custom_fields.list_fields(ctx, kind, project, query)
        headers = queries.page_headers(request, wanted, page)
        return render(read, _shown(ctx, page.items, project), headers=headers)

    @router.post(base, status_code=201, response_model=read, name=f"create {res.path}")
    def createcustom_attribute_wire(body: wire.CustomAttributeCreate, ctx: Ctx) -> Response:
        fields = body.model_dump(exclude_unset=True, exclude={"project"})
        return render(
            read, custom_attribute_wire(custom_fields.create_field(ctx, kind, body.project, fields)), status=201
        )

    @router.post(f"{base}/bulk_update_order", status_code=204, name=f"bulk order {res.path}")
    def bulk_update_order(ctx: Ctx, body: dict[str, Any] = Body(...)) -> Response:
        custom_fields.bulk_update_order(ctx, kind, _project_of(body), _pairs(body, res.bulk_param))
        return empty(204)

    @router.get(f"{base}/{{field_id}}", response_model=read, name=f"get {res.path}")
    def getcustom_attribute_wire(field_id: PathId, ctx: Ctx) -> Response:
        return render(read, _shown(ctx, [custom_fields.get_field(ctx, kind, field_id)])[0])

    @router.put(f"{base}/{{field_id}}", response_model=read, name=f"replace {res.path}")
    def replacecustom_attribute_wire(field_id: PathId, body: wire.CustomAttributeReplace, ctx: Ctx) -> Response:
        changes = body.model_dump(exclude_unset=True)
        return render(read, custom_attribute_wire(custom_fields.update_field(ctx, kind, field_id, changes)))

    @router.patch(f"{base}/{{field_id}}", response_model=read, name=f"edit {res.path}")
    def editcustom_attribute_wire(field_id: PathId, body: wire.CustomAttributeWrite, ctx: Ctx) -> Response:
        changes = body.model_dump(exclude_unset=True)
        return render(read, custom_attribute_wire(custom_fields.update_field(ctx, kind, field_id, changes)))

    @router.delete(f"{base}/{{field_id}}", status_code=204, name=f"delete {res.path}")
    def deletecustom_attribute_wire(field_id: PathId, ctx: Ctx) -> Response:
        custom_fields.delete_field(ctx, kind, field_id)
        return empty(204)

    @router.get(values_base, response_model=values_read, name=f"get {res.items_path} custom values")
    def get_values(item_id: PathId, ctx: Ctx) -> Response:
        values = custom_fields.get_values(ctx, kind, item_id)
        return render(values_read, values_wire(values, selects_of(ctx, item_id, checked=True)))

    @router.put(values_base, response_model=values_read, name=f"replace {res.items_path} custom values")
    def replace_values(item_id: PathId, body: wire.ValuesReplace, ctx: Ctx) -> Response:
        selects = selects_of(ctx, item_id, checked=False)
        sent = values_sent(body.attributes_values, selects)
        values = custom_fields.set_values(ctx, kind, item_id, sent, body.version, replace=True)
        return render(values_read, values_wire(values, selects))

    @router.patch(values_base, response_model=values_read, name=f"edit {res.items_path} custom values")
    def edit_values(item_id: PathId, body: wire.ValuesPatch, ctx: Ctx) -> Response:
        selects = selects_of(ctx, item_id, checked=False)
        sent = values_sent(body.attributes_values if "attributes_values" in body.model_fields_set else {}, selects)
        values = custom_fields.set_values(ctx, kind, item_id, sent, body.version, replace=False)
        return render(values_read, values_wire(values, selects))

    return router


ROUTERS = [build_router(res) for res in RESOURCES]
