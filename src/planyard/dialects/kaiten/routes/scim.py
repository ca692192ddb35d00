"""Kaiten's SCIM endpoints (company admins' identity providers): `Users` and `Groups`, at `/Users` and
`/Groups` as the seed's endpoint lines name them and at `/scim/...` as its SCIM base URL does. `POST /Users`
answers 201."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from planyard.core import company, teams
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.scim import (
    full_name,
    group_changes,
    group_filter,
    listed,
    member_ids,
    row_id,
    scim_group,
    scim_user,
    user_changes,
    user_filter,
)  # fmt: skip
from planyard.dialects.kaiten.schemas.scim import (
    ListResponse,
    PatchOp,
    ScimGroup,
    ScimGroupCreate,
    ScimUser,
    ScimUserCreate,
)
from planyard.kit.errors import Invalid
from planyard.kit.query import Window
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["scim"])
Filter = Annotated[str | None, Query(max_length=500)]
StartIndex = Annotated[int, Query(ge=1, le=2**31 - 1)]
Count = Annotated[int, Query(ge=0, le=1000)]


@router.get("/Users", response_model=ListResponse)
@router.get("/scim/Users", response_model=ListResponse, include_in_schema=False)
def list_scim_users(ctx: Ctx, filter: Filter = None, startIndex: StartIndex = 1, count: Count = 100) -> Response:  # noqa: A002, N803
    workspace = company.workspace(ctx)
    window = Window(startIndex - 1, count, counted=False)
    page = company.list_people(ctx, workspace.id, window, admin_only=True, exact=user_filter(filter))
    return render(ListResponse, listed([scim_user(row.User) for row in page.items], startIndex))


@router.get("/Users/{user_id}", response_model=ScimUser)
@router.get("/scim/Users/{user_id}", response_model=ScimUser, include_in_schema=False)
def get_scim_user(user_id: str, ctx: Ctx) -> Response:
    workspace = company.workspace(ctx)
    company.require_admin(ctx, workspace.id)
    return render(ScimUser, scim_user(company.person(ctx, workspace.id, row_id(user_id)).User))


@router.post("/Users", response_model=ScimUser, status_code=201)
@router.post("/scim/Users", response_model=ScimUser, status_code=201, include_in_schema=False)
def create_scim_user(body: ScimUserCreate, ctx: Ctx) -> Response:
    email = next((e.value for e in body.emails if e.primary), body.emails[0].value if body.emails else None)
    if email is None:
        raise Invalid.on("emails", "is required")
    values = {"username": body.userName, "email": email, "full_name": full_name(body.name, body.displayName),
              "is_active": body.active}  # fmt: skip
    return render(ScimUser, scim_user(company.provision(ctx, company.workspace(ctx).id, values)), status=201)


@router.patch("/Users/{user_id}", response_model=ScimUser)
@router.patch("/scim/Users/{user_id}", response_model=ScimUser, include_in_schema=False)
def update_scim_user(user_id: str, body: PatchOp, ctx: Ctx) -> Response:
    workspace = company.workspace(ctx)
    user = company.update_account(ctx, workspace.id, row_id(user_id), user_changes(body.Operations))
    return render(ScimUser, scim_user(user))


def _group(ctx: Ctx, workspace_id: int, team_id: int) -> Response:
    team = teams.get_team(ctx, workspace_id, team_id)
    return render(ScimGroup, scim_group(team, teams.members_of(ctx, [team.id])[team.id]))


@router.get("/Groups", response_model=ListResponse)
@router.get("/scim/Groups", response_model=ListResponse, include_in_schema=False)
def list_scim_groups(ctx: Ctx, filter: Filter = None, startIndex: StartIndex = 1, count: Count = 100) -> Response:  # noqa: A002, N803
    workspace = company.workspace(ctx)
    company.require_admin(ctx, workspace.id)
    name = group_filter(filter)
    found = [t for t in teams.list_teams(ctx, workspace.id, None).items if name is None or t.name == name]
    found = found[startIndex - 1 : startIndex - 1 + count]
    members = teams.members_of(ctx, [t.id for t in found])
    return render(ListResponse, listed([scim_group(t, members[t.id]) for t in found], startIndex))


@router.get("/Groups/{group_id}", response_model=ScimGroup)
@router.get("/scim/Groups/{group_id}", response_model=ScimGroup, include_in_schema=False)
def get_scim_group(group_id: str, ctx: Ctx) -> Response:
    workspace = company.workspace(ctx)
    company.require_admin(ctx, workspace.id)
    return _group(ctx, workspace.id, row_id(group_id))


@router.post("/Groups", response_model=ScimGroup, status_code=201)
@router.post("/scim/Groups", response_model=ScimGroup, status_code=201, include_in_schema=False)
def create_scim_group(body: ScimGroupCreate, ctx: Ctx) -> Response:
    workspace = company.workspace(ctx)
    team = teams.create_team(ctx, workspace.id, {"name": body.displayName})
    teams.set_members(ctx, workspace.id, team.id, member_ids([m.model_dump() for m in body.members]))
    response = _group(ctx, workspace.id, team.id)
    response.status_code = 201
    return response


@router.patch("/Groups/{group_id}", response_model=ScimGroup)
@router.patch("/scim/Groups/{group_id}", response_model=ScimGroup, include_in_schema=False)
def update_scim_group(group_id: str, body: PatchOp, ctx: Ctx) -> Response:
    workspace = company.workspace(ctx)
    team = teams.get_team(ctx, workspace.id, row_id(group_id))
    current = [u.id for u in teams.members_of(ctx, [team.id])[team.id]]
    name, members = group_changes(body.Operations, current)
    if name is not None:
        teams.update_team(ctx, workspace.id, team.id, {"name": name})
    teams.set_members(ctx, workspace.id, team.id, members)
    return _group(ctx, workspace.id, team.id)
