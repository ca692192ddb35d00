"""Taiga's project value resources, one factory for the identical family: epic/userstory/task/issue
statuses, points, issue types, priorities, severities (list, create, get, put, patch, delete with
moveTo, bulk_update_order), and the userstory/task/issue due dates (no moveTo nor bulk order; a
create_default action)."""

# No `from __future__ import annotations` here: FastAPI must see the per-resource body classes,
# which are local variables of build_router, as real annotations.

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Body, Query, Request
from pydantic import BaseModel
from starlette.responses import Response

from planyard.core import project_values as values
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.schemas import project_values as bodies
from planyard.dialects.taiga.schemas.projects import OptionRead, PointsRead, StatusRead, UserStoryStatusRead
from planyard.kit.errors import Invalid
from planyard.web.render import empty, render
from planyard.web.routes import Ctx


@dataclass(frozen=True)
class Resource:
    path: str
    spec: values.ValueSpec
    read: type[BaseModel]
    write: type[bodies._Write]
    fields: tuple[str, ...]
    due_dates: bool = False

    @property
    def bulk_param(self) -> str:
        return "bulk_" + self.path.replace("-", "_")


STATUS = ("id", "name", "slug", "order", "is_closed", "color")
DUE_DATE = ("id", "name", "order", "by_default", "days_to_due", "color")
RESOURCES = [
    Resource("epic-statuses", values.EPIC_STATUS, StatusRead, bodies.StatusWrite, STATUS),
    Resource(
        "userstory-statuses",
        values.USERSTORY_STATUS,
        UserStoryStatusRead,
        bodies.UserStoryStatusWrite,
        (*STATUS, "is_archived", "wip_limit"),
    ),  # fmt: skip
    Resource("task-statuses", values.TASK_STATUS, StatusRead, bodies.StatusWrite, STATUS),
    Resource("issue-statuses", values.ISSUE_STATUS, StatusRead, bodies.StatusWrite, STATUS),
    Resource("points", values.POINTS, PointsRead, bodies.PointsWrite, ("id", "name", "order", "value")),
    Resource("issue-types", values.ISSUE_TYPE, OptionRead, bodies.OptionWrite, ("id", "name", "order", "color")),
    Resource("priorities", values.PRIORITY, OptionRead, bodies.OptionWrite, ("id", "name", "order", "color")),
    Resource("severities", values.SEVERITY, OptionRead, bodies.OptionWrite, ("id", "name", "order", "color")),
    *(
        Resource(path, spec, bodies.DueDateRead, bodies.DueDateWrite, DUE_DATE, due_dates=True)
        for path, spec in (
            ("userstory-due-dates", values.STORY_DUE_DATE),
            ("task-due-dates", values.TASK_DUE_DATE),
            ("issue-due-dates", values.ISSUE_DUE_DATE),
        )
    ),  # fmt: skip
]


def _wire(resource: Resource, row: Any, ctx: Ctx, project: int | None = None) -> dict[str, Any]:
    """The value; a status of a workspace's shared workflow (no owner) shows the project it is read for."""
    owner = row.project_id if row.project_id is not None else project or values.owner_of(ctx, row)
    return {name: getattr(row, name) for name in resource.fields} | {"project": owner}


def _bulk_pairs(body: dict[str, Any], param: str) -> list[tuple[int, int]]:
    raw = body.get(param)
    if not isinstance(raw, list) or not all(
        isinstance(p, list | tuple) and len(p) == 2 and all(isinstance(n, int) and not isinstance(n, bool) for n in p)
        for p in raw
    ):
        raise Invalid.on(param, "A list of [id, order] pairs of integers is required.")
    return [(int(a), int(b)) for a, b in raw]


def build_router(resource: Resource) -> APIRouter:
    router = APIRouter(route_class=UnitOfWorkRoute, tags=[resource.path])
    spec, read, base = resource.spec, resource.read, f"/{resource.path}"
    create_body = bodies.create_model_of(resource.write)
    replace_body = bodies.replace_model_of(resource.write)
    patch_body = resource.write

    @router.get(base, response_model=list[read], name=f"list {resource.path}")  # type: ignore[valid-type]
    def list_values(request: Request, ctx: Ctx, project: int | None = None) -> Response:
        query, wanted = queries.list_query(request)
        page = values.list_values(ctx, spec, project, query)
        headers = queries.page_headers(request, wanted, page)
        return render(read, [_wire(resource, row, ctx, project) for row in page.items], headers=headers)

    @router.post(base, status_code=201, response_model=read, name=f"create {resource.path}")
    def create_value(body: create_body, ctx: Ctx) -> Response:  # type: ignore[valid-type]
        fields = body.model_dump(exclude_unset=True, exclude={"project"})  # type: ignore[attr-defined]
        row = values.create_value(ctx, spec, body.project, fields)  # type: ignore[attr-defined]
        return render(read, _wire(resource, row, ctx, body.project), status=201)  # type: ignore[attr-defined]

    if resource.due_dates:
        many = list[read]  # type: ignore[valid-type]

        @router.post(f"{base}/create_default", response_model=many, name=f"create default {resource.path}")
        def create_default(body: bodies.DueDatesCreation, ctx: Ctx) -> Response:
            rows = values.create_default_due_date_levels(ctx, spec, body.project_id)
            return render(read, [_wire(resource, row, ctx, body.project_id) for row in rows])

    else:

        @router.post(f"{base}/bulk_update_order", status_code=204, name=f"bulk order {resource.path}")
        def bulk_update_order(ctx: Ctx, body: dict[str, Any] = Body(...)) -> Response:
            project = body.get("project")
            if not isinstance(project, int) or isinstance(project, bool):
                raise Invalid.on("project", "This field is required.")
            values.bulk_update_order(ctx, spec, project, _bulk_pairs(body, resource.bulk_param))
            return empty(204)

    @router.get(f"{base}/{{value_id}}", response_model=read, name=f"get {resource.path}")
    def get_value(value_id: int, ctx: Ctx) -> Response:
        return render(read, _wire(resource, values.get_value(ctx, spec, value_id), ctx))

    @router.put(f"{base}/{{value_id}}", response_model=read, name=f"replace {resource.path}")
    def replace_value(value_id: int, body: replace_body, ctx: Ctx) -> Response:  # type: ignore[valid-type]
        changes = body.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
        return render(read, _wire(resource, values.update_value(ctx, spec, value_id, changes), ctx))

    @router.patch(f"{base}/{{value_id}}", response_model=read, name=f"edit {resource.path}")
    def edit_value(value_id: int, body: patch_body, ctx: Ctx) -> Response:  # type: ignore[valid-type]
        changes = body.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
        return render(read, _wire(resource, values.update_value(ctx, spec, value_id, changes), ctx))

    @router.delete(f"{base}/{{value_id}}", status_code=204, name=f"delete {resource.path}")
    def delete_value(value_id: int, ctx: Ctx, move_to: int | None = Query(default=None, alias="moveTo")) -> Response:
        values.delete_value(ctx, spec, value_id, move_to)
        return empty(204)

    return router


ROUTERS = [build_router(resource) for resource in RESOURCES]
