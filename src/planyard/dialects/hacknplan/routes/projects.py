"""HacknPlan projects: list, create, get, replace, patch, delete, closure, metrics, owner transfer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from starlette.responses import Response

from planyard.core import item_types, users, workspaces
from planyard.core.context import Context
from planyard.core.projects import archive, listing, metrics, service, transfer
from planyard.dialects.hacknplan import access
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.mappers import projects as mapper
from planyard.dialects.hacknplan.schemas.projects import Metrics, Project, ProjectCreate, ProjectPatch, ProjectValues
from planyard.kit.query import ListQuery
from planyard.models import Project as ProjectRow
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["projects"])

# The categories a project made through HacknPlan starts with (story types; docs/mapping.md).
DEFAULT_CATEGORIES = (
    ("Programming", "#3f88c5"), ("Art", "#e94f37"), ("Design", "#8e44ad"), ("Writing", "#44af69"),
    ("Marketing", "#f6ae2d"), ("Audio", "#2e86ab"), ("Ideas", "#f4d35e"), ("Bug", "#c0392b"),
)  # fmt: skip


def _one(ctx: Context, row: ProjectRow, status: int = 200) -> Response:
    return render(Project, mapper.project(row, users.users_by_id(ctx, [row.owner_id])), status)


def _workspace_id(ctx: Context, requested: int | None) -> int:
    if requested is not None:
        return workspaces.get_workspace(ctx, access.checked_id(requested, "workspace")).id
    owned = workspaces.list_workspaces(ctx, only_owner=True) or workspaces.list_workspaces(ctx)
    return owned[0].id if owned else service.default_workspace(ctx).id


@router.get("/projects", response_model=list[Project])
def list_projects(ctx: Ctx) -> Response:
    rows = listing.list_projects(ctx, ListQuery(filters={"member": ctx.require_user().id})).items
    owners = users.users_by_id(ctx, [row.owner_id for row in rows])
    return render(Project, [mapper.project(row, owners) for row in rows])


@router.post("/projects", response_model=Project, status_code=201)
def create_project(body: ProjectCreate, ctx: Ctx) -> Response:
    values = body.model_dump(exclude={"workspaceId"})
    fields = mapper.to_core(None, values)
    extra = fields.pop("extra", None)
    row = service.create_project(ctx, fields, workspace_id=_workspace_id(ctx, body.workspaceId), extra=extra)
    for name, color in DEFAULT_CATEGORIES:
        item_types.create_item_type(ctx, row.id, name, "story", color=color)
    return _one(ctx, row, 201)


@router.get("/projects/{projectId}", response_model=Project)
def get_project(projectId: int, ctx: Ctx) -> Response:
    row, _ = access.member(ctx, projectId)
    return _one(ctx, row)


@router.put("/projects/{projectId}", response_model=Project)
def replace_project(projectId: int, body: ProjectValues, ctx: Ctx) -> Response:
    row, _ = access.admin(ctx, projectId)
    return _one(ctx, service.update_project(ctx, row.id, mapper.to_core(row, body.model_dump())))


@router.patch("/projects/{projectId}", response_model=Project)
def patch_project(projectId: int, body: ProjectPatch, ctx: Ctx) -> Response:
    row, _ = access.admin(ctx, projectId)
    changes = mapper.to_core(row, body.model_dump(exclude_unset=True))
    return _one(ctx, service.update_project(ctx, row.id, changes) if changes else row)


@router.delete("/projects/{projectId}")
def delete_project(projectId: int, ctx: Ctx) -> Response:
    row, _ = access.owner(ctx, projectId)
    service.delete_project(ctx, row.id)
    return empty()


@router.post("/projects/{projectId}/closure")
def close_project(projectId: int, ctx: Ctx) -> Response:
    row, _ = access.admin(ctx, projectId)
    archive.set_archived(ctx, row.id, True, conflict_if_so=True)
    return empty()


@router.delete("/projects/{projectId}/closure")
def reopen_project(projectId: int, ctx: Ctx) -> Response:
    row, _ = access.admin(ctx, projectId)
    archive.set_archived(ctx, row.id, False, conflict_if_so=True)
    return empty()


@router.get("/projects/{projectId}/metrics", response_model=Metrics)
def project_metrics(projectId: int, ctx: Ctx) -> Response:
    row, _ = access.member(ctx, projectId)
    return render(Metrics, mapper.metrics(metrics.project_metrics(ctx, row.id)))


@router.put("/projects/{projectId}/owner")
def transfer_owner(projectId: int, ownerUserId: Annotated[int, Body()], ctx: Ctx) -> Response:
    row, _ = access.owner(ctx, projectId)
    transfer.transfer_now(ctx, row.id, access.checked_id(ownerUserId, "user"))
    return empty()
