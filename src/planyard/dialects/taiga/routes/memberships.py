"""Taiga §11 Memberships/Invitations: members, invitations by email, bulk invites, invitation look-up."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from planyard.core import memberships
from planyard.dialects.taiga import queries
from planyard.dialects.taiga.deps import UnitOfWorkRoute
from planyard.dialects.taiga.mappers.memberships import membership_detail
from planyard.dialects.taiga.schemas.ids import PathId, QueryId
from planyard.dialects.taiga.schemas.memberships import (
    MembershipAdminDetail,
    MembershipCreate,
    MembershipDetail,
    MembershipEdit,
    MembershipReplace,
    MembershipsBulkCreate,
)
from planyard.web.render import empty, render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["memberships"])


def _detail(ctx: Ctx, membership_id: int, status: int = 200) -> Response:
    row, admin = memberships.get_row(ctx, membership_id)
    model = MembershipAdminDetail if admin else MembershipDetail
    return render(model, membership_detail(ctx.env, row, admin), status=status)


@router.get("/memberships", response_model=list[MembershipAdminDetail])
def list_memberships(request: Request, ctx: Ctx, project: QueryId = None, role: QueryId = None) -> Response:
    admin = project is not None and memberships.is_project_admin(ctx, project)
    query, wanted = queries.list_query(request)
    page = memberships.list_memberships(ctx, project, role, query)
    headers = queries.page_headers(request, wanted, page)
    data = [membership_detail(ctx.env, row, admin) for row in page.items]
    return render(MembershipAdminDetail if admin else MembershipDetail, data, headers=headers)


@router.post("/memberships", status_code=201, response_model=MembershipAdminDetail)
def create_membership(body: MembershipCreate, ctx: Ctx) -> Response:
    membership = memberships.create_membership(ctx, body.model_dump())
    return _detail(ctx, membership.id, status=201)


@router.post("/memberships/bulk_create", response_model=list[MembershipAdminDetail])
def bulk_create(body: MembershipsBulkCreate, ctx: Ctx) -> Response:
    items = [(item.role_id, item.username or item.email or "") for item in body.bulk_memberships]
    ids = memberships.bulk_create(ctx, body.project_id, items, body.invitation_extra_text)
    data = [membership_detail(ctx.env, row, True) for row in memberships.rows_for(ctx, ids)]
    return render(MembershipAdminDetail, data)


@router.get("/memberships/{membership_id}", response_model=MembershipAdminDetail)
def get_membership(membership_id: PathId, ctx: Ctx) -> Response:
    return _detail(ctx, membership_id)


@router.put("/memberships/{membership_id}", response_model=MembershipAdminDetail)
def replace_membership(membership_id: PathId, body: MembershipReplace, ctx: Ctx) -> Response:
    memberships.update_membership(ctx, membership_id, body.model_dump(exclude_unset=True))
    return _detail(ctx, membership_id)


@router.patch("/memberships/{membership_id}", response_model=MembershipAdminDetail)
def edit_membership(membership_id: PathId, body: MembershipEdit, ctx: Ctx) -> Response:
    memberships.update_membership(ctx, membership_id, body.model_dump(exclude_unset=True))
    return _detail(ctx, membership_id)


@router.delete("/memberships/{membership_id}", status_code=204)
def delete_membership(membership_id: PathId, ctx: Ctx) -> Response:
    memberships.delete_membership(ctx, membership_id)
    return empty(204)


@router.post("/memberships/{membership_id}/resend_invitation", response_model=MembershipAdminDetail)
def resend_invitation(membership_id: PathId, ctx: Ctx) -> Response:
    memberships.resend_invitation(ctx, membership_id)
    return _detail(ctx, membership_id)


@router.get("/invitations/{token}", response_model=MembershipDetail)
def get_invitation(token: str, ctx: Ctx) -> Response:
    return render(MembershipDetail, membership_detail(ctx.env, memberships.invitation_row(ctx, token), False))


@router.post("/invitations/{token}", response_model=MembershipDetail)
def get_invitation_by_post(token: str, ctx: Ctx) -> Response:
    """The endpoint summary lists POST for the same look-up (§11.8 uses GET)."""
    return get_invitation(token, ctx)
