"""HacknPlan's game design model: design element types ([ADMIN] writes) and design elements (the tree:
list, create, get with its children, PUT, PATCH with moves, delete, metrics)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body
from starlette.responses import Response

from planyard.core import design_elements as design
from planyard.core import memberships
from planyard.core.context import Context
from planyard.core.projects import metrics
from planyard.dialects.hacknplan import access
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.mappers.design import Model, element_type
from planyard.dialects.hacknplan.mappers.people import project_user
from planyard.dialects.hacknplan.mappers.projects import metrics as metrics_wire
from planyard.dialects.hacknplan.schemas.design import (
    DeleteElementValues,
    DesignElement,
    DesignElementType,
    ElementPatch,
    ElementValues,
    TypeValues,
)  # fmt: skip
from planyard.dialects.hacknplan.schemas.projects import Metrics
from planyard.kit.errors import Conflict, Invalid, NotFound
from planyard.kit.query import EVERYTHING
from planyard.models import DesignElement as ElementRow
from planyard.models import DesignElementType as TypeRow
from planyard.models import Project
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["design elements"])


def _type(ctx: Context, project: Project, type_id: int) -> TypeRow:
    access.checked_id(type_id, "design_element_type")
    found = next((t for t in design.list_types(ctx, project.id) if t.id == type_id), None)
    if found is None:
        raise NotFound(entity="design_element_type")
    return found


@router.get("/projects/{projectId}/designelementtypes", response_model=list[DesignElementType])
def list_types(projectId: int, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    return render(DesignElementType, [element_type(t) for t in design.list_types(ctx, project.id)])


@router.post("/projects/{projectId}/designelementtypes", response_model=DesignElementType)
def create_type(projectId: int, body: TypeValues, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    row = design.create_type(ctx, project.id, body.name, body.icon or "", body.color or "")
    return render(DesignElementType, element_type(row))


@router.get("/projects/{projectId}/designelementtypes/{designElementTypeId}", response_model=DesignElementType)
def get_type(projectId: int, designElementTypeId: int, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    return render(DesignElementType, element_type(_type(ctx, project, designElementTypeId)))


@router.put("/projects/{projectId}/designelementtypes/{designElementTypeId}", response_model=DesignElementType)
def replace_type(projectId: int, designElementTypeId: int, body: TypeValues, ctx: Ctx) -> Response:
    project, _ = access.admin(ctx, projectId)
    row = _type(ctx, project, designElementTypeId)
    changes = {"name": body.name, "icon": body.icon or "", "color": body.color or ""}
    return render(DesignElementType, element_type(design.update_type(ctx, row.id, changes)))


@router.delete("/projects/{projectId}/designelementtypes/{designElementTypeId}")
def delete_type(projectId: int, designElementTypeId: int, ctx: Ctx,
                targetDesignElementTypeId: Annotated[int | None, Body()] = None) -> Response:  # fmt: skip
    """Its elements move to the target type, else to the first other type; the last type can't go."""
    project, _ = access.admin(ctx, projectId)
    row = _type(ctx, project, designElementTypeId)
    others = [t for t in design.list_types(ctx, project.id) if t.id != row.id]
    if not others:
        raise Conflict(code="last_design_element_type", entity="design_element_type")
    target = targetDesignElementTypeId if targetDesignElementTypeId is not None else others[0].id
    if target not in {t.id for t in others}:
        raise Invalid("The target design element type id does not exist.")
    design.delete_type(ctx, row.id, target)
    return empty()


def _model(ctx: Context, project: Project) -> tuple[Model, dict[int, ElementRow]]:
    rows = design.list_elements(ctx, project.id)
    owners = {
        row.member.id: project_user(row.Membership, row.member, row.Role, row.Project)
        for row in memberships.list_memberships(ctx, project.id, None, EVERYTHING).items if row.member is not None
    }  # fmt: skip
    counts = design.item_counts(ctx, [row.id for row in rows])
    model = Model(rows, design.list_types(ctx, project.id), counts, owners)
    return model, model.rows


def _element(ctx: Context, project: Project, element_id: int) -> ElementRow:
    row = design.get_element(ctx, access.checked_id(element_id, "design_element"))
    if row.project_id != project.id:
        raise NotFound(entity="design_element")
    return row


def _day(value: datetime | None) -> date | None:
    return value.astimezone(UTC).date() if value is not None and value.tzinfo else (value and value.date())


def _core(row: ElementRow | None, sent: dict[str, Any]) -> dict[str, Any]:
    names = {"designElementTypeId": "type_id", "name": "name", "description": "description",
             "startDate": "start_date", "dueDate": "due_date"}  # fmt: skip
    changes = {names[k]: v for k, v in sent.items() if k in names}
    for column in ("start_date", "due_date"):
        if column in changes:
            changes[column] = _day(changes[column])
    if "description" in changes:
        changes["description"] = changes["description"] or ""
    if "prefix" in sent:
        extra = dict(row.extra) if row is not None else {}
        changes["extra"] = extra | {"hacknplan": {**extra.get("hacknplan", {}), "prefix": sent["prefix"]}}
    return changes


@router.get("/projects/{projectId}/designelements", response_model=list[DesignElement])
def list_elements(projectId: int, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    model, rows = _model(ctx, project)
    ordered = sorted(rows.values(), key=lambda r: (r.parent_id is not None, r.parent_id or 0, r.order, r.id))
    return render(DesignElement, [model.element(row) for row in ordered])


@router.post("/projects/{projectId}/designelements", response_model=DesignElement)
def create_element(projectId: int, body: ElementValues, ctx: Ctx) -> Response:
    project, _ = access.member(ctx, projectId)
    fields = _core(None, body.model_dump())
    order = design.order_at_rank(ctx, project.id, body.parentId, body.index, None) if body.index else None
    new = design.NewElement(
        type_id=fields["type_id"], name=fields["name"], description=fields["description"], parent_id=body.parentId,
        order=order, start_date=fields["start_date"], due_date=fields["due_date"], extra=fields["extra"],
    )  # fmt: skip
    row = design.create_element(ctx, project.id, new)
    model, _ = _model(ctx, project)
    return render(DesignElement, model.element(row))


@router.get("/projects/{projectId}/designelements/{designElementId}", response_model=DesignElement)
def get_element(projectId: int, designElementId: int, ctx: Ctx, includeChildren: bool = False) -> Response:
    project, _ = access.member(ctx, projectId)
    row = _element(ctx, project, designElementId)
    model, _ = _model(ctx, project)
    return render(DesignElement, model.element(row, with_children=includeChildren))


def _update(ctx: Context, projectId: int, designElementId: int, sent: dict[str, Any], put: bool) -> Response:
    project, _ = access.member(ctx, projectId)
    row = _element(ctx, project, designElementId)
    if put or "parentId" in sent or sent.get("index") is not None:
        parent = sent.get("parentId") if (put or "parentId" in sent) else row.parent_id
        index = sent.get("index")
        order = design.order_at_rank(ctx, project.id, parent, index, row.id) if index else None
        if parent != row.parent_id or order is not None:
            design.move_element(ctx, row.id, parent, order)
    design.update_element(ctx, row.id, _core(row, sent))
    return empty()


@router.put("/projects/{projectId}/designelements/{designElementId}")
def replace_element(projectId: int, designElementId: int, body: ElementValues, ctx: Ctx) -> Response:
    return _update(ctx, projectId, designElementId, body.model_dump(), put=True)


@router.patch("/projects/{projectId}/designelements/{designElementId}")
def patch_element(projectId: int, designElementId: int, body: ElementPatch, ctx: Ctx) -> Response:
    sent = body.model_dump(exclude_unset=True)
    for required in ("designElementTypeId", "name"):
        if required in sent and sent[required] is None:
            raise Invalid(code="invalid")
    return _update(ctx, projectId, designElementId, sent, put=False)


@router.delete("/projects/{projectId}/designelements/{designElementId}")
def delete_element(projectId: int, designElementId: int, ctx: Ctx, body: DeleteElementValues | None = None) -> Response:
    project, _ = access.member(ctx, projectId)
    row = _element(ctx, project, designElementId)
    design.delete_element(ctx, row.id, keep_children=not (body and body.deleteChildren))
    return empty()


@router.get("/projects/{projectId}/designelements/{designElementId}/metrics", response_model=Metrics)
def element_metrics(projectId: int, designElementId: int, ctx: Ctx, includeChildren: bool = False) -> Response:
    project, _ = access.member(ctx, projectId)
    row = _element(ctx, project, designElementId)
    ids = design.subtree_ids(ctx, row.id) if includeChildren else [row.id]
    return render(Metrics, metrics_wire(metrics.design_metrics(ctx, ids)))
