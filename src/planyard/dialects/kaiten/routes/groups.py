"""Kaiten groups (core teams): the company's groups, their users and admins, and the tree entities they are
granted. Groups are addressed by uid (`{uid}`, `{group_uid}`), entities by the entity's uid."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import company, teams, tree
from planyard.dialects.kaiten.deps import UnitOfWorkRoute
from planyard.dialects.kaiten.mappers.company import (
    granted_level,
    group,
    group_entity,
    group_entity_listed,
    group_user,
)  # fmt: skip
from planyard.dialects.kaiten.mappers.spaces import entity_ref
from planyard.dialects.kaiten.mappers.values import uid_id
from planyard.dialects.kaiten.paging import OptionalPaging
from planyard.dialects.kaiten.schemas.company import (
    Group,
    GroupEdit,
    GroupEntity,
    GroupEntityAdd,
    GroupEntityEdit,
    GroupEntityListed,
    GroupUser,
    GroupUserAdd,
    GroupWrite,
)  # fmt: skip
from planyard.kit.errors import NotFound
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["groups"])


def team_id(group_uid: str) -> int:
    return uid_id("group", group_uid)


def entry_of(ctx: Ctx, entity_uid: str, field: str = "entity_uid") -> int:
    return tree.entry_id(ctx, entity_ref(entity_uid, field), field)


@router.post("/company/groups", response_model=Group)
def create_group(body: GroupWrite, ctx: Ctx) -> Response:
    return render(Group, group(teams.create_team(ctx, company.workspace(ctx).id, body.model_dump())))


@router.get("/company/groups", response_model=list[Group])
def list_groups(window: OptionalPaging, ctx: Ctx) -> Response:
    return render(Group, [group(t) for t in teams.list_teams(ctx, company.workspace(ctx).id, window).items])


@router.get("/company/groups/{uid}", response_model=Group)
def get_group(uid: str, ctx: Ctx) -> Response:
    return render(Group, group(teams.get_team(ctx, company.workspace(ctx).id, team_id(uid))))


@router.patch("/company/groups/{uid}", response_model=Group)
def update_group(uid: str, body: GroupEdit, ctx: Ctx) -> Response:
    changes = body.model_dump(exclude_unset=True)
    return render(Group, group(teams.update_team(ctx, company.workspace(ctx).id, team_id(uid), changes)))


@router.delete("/company/groups/{uid}", response_model=Group)
def remove_group(uid: str, ctx: Ctx) -> Response:
    return render(Group, group(teams.delete_team(ctx, company.workspace(ctx).id, team_id(uid))))


def _members(ctx: Ctx, group_uid: str, admins: bool) -> Response:
    users = teams.members(ctx, company.workspace(ctx).id, team_id(group_uid), admins=admins)
    return render(GroupUser, [group_user(u) for u in users])


def _add(ctx: Ctx, group_uid: str, body: GroupUserAdd, admin: bool) -> Response:
    user = teams.add_member(ctx, company.workspace(ctx).id, team_id(group_uid), body.user_id, admin=admin)
    return render(GroupUser, group_user(user))


def _remove(ctx: Ctx, group_uid: str, user_id: int, admin: bool) -> Response:
    workspace_id = company.workspace(ctx).id
    gone = next(
        (u for u in teams.members(ctx, workspace_id, team_id(group_uid), admins=admin) if u.id == user_id), None
    )
    if gone is None:
        raise NotFound(entity="team_member")
    teams.remove_member(ctx, workspace_id, team_id(group_uid), user_id, admin=admin)
    return render(GroupUser, group_user(gone))


@router.post("/groups/{group_uid}/users", response_model=GroupUser)
def add_group_user(group_uid: str, body: GroupUserAdd, ctx: Ctx) -> Response:
    return _add(ctx, group_uid, body, admin=False)


@router.get("/groups/{group_uid}/users", response_model=list[GroupUser])
def list_group_users(group_uid: str, ctx: Ctx) -> Response:
    return _members(ctx, group_uid, admins=False)


@router.delete("/groups/{group_uid}/users/{user_id}", response_model=GroupUser)
def remove_group_user(group_uid: str, user_id: int, ctx: Ctx) -> Response:
    return _remove(ctx, group_uid, user_id, admin=False)


@router.post("/groups/{group_uid}/admins", response_model=GroupUser)
def add_group_admin(group_uid: str, body: GroupUserAdd, ctx: Ctx) -> Response:
    return _add(ctx, group_uid, body, admin=True)


@router.get("/groups/{group_uid}/admins", response_model=list[GroupUser])
def list_group_admins(group_uid: str, ctx: Ctx) -> Response:
    return _members(ctx, group_uid, admins=True)


@router.delete("/groups/{group_uid}/admins/{user_id}", response_model=GroupUser)
def remove_group_admin(group_uid: str, user_id: int, ctx: Ctx) -> Response:
    return _remove(ctx, group_uid, user_id, admin=True)


@router.post("/company/groups/{group_uid}/entities", response_model=GroupEntity)
def add_group_entity(group_uid: str, body: GroupEntityAdd, ctx: Ctx) -> Response:
    workspace_id, team = company.workspace(ctx).id, team_id(group_uid)
    values = {"level": granted_level(body.role_ids), "access_mod": body.access_mod}
    row = teams.grant(ctx, workspace_id, team, entry_of(ctx, body.entity_uid), values)
    entry = next(e for g, e in teams.grants(ctx, workspace_id, team) if g.id == row.id)
    return render(GroupEntity, group_entity(team, row, entry))


@router.get("/company/groups/{group_uid}/entities", response_model=list[GroupEntityListed])
def list_group_entities(group_uid: str, ctx: Ctx) -> Response:
    workspace_id = company.workspace(ctx).id
    granted = teams.grants(ctx, workspace_id, team_id(group_uid))
    places = tree.places_of(ctx, {workspace_id})
    titles = tree.titles(ctx, [entry for _, entry in granted])
    return render(
        GroupEntityListed, [group_entity_listed(g, places.get(tree.ref(e)), e, titles[e.id]) for g, e in granted]
    )


@router.patch("/company/groups/{group_uid}/entities/{uid}", response_model=GroupEntity)
def update_group_entity(group_uid: str, uid: str, body: GroupEntityEdit, ctx: Ctx) -> Response:
    workspace_id, team = company.workspace(ctx).id, team_id(group_uid)
    entry_id = entry_of(ctx, uid)
    changes = body.model_dump(exclude_unset=True)
    values = {"access_mod": changes.get("access_mod")}
    if body.role_ids is not None:
        values["level"] = granted_level(body.role_ids)
    row = teams.update_grant(ctx, workspace_id, team, entry_id, values)
    entry = next(e for g, e in teams.grants(ctx, workspace_id, team) if g.id == row.id)
    return render(GroupEntity, group_entity(team, row, entry))


@router.delete("/company/groups/{group_uid}/entities/{uid}", response_model=GroupEntity)
def remove_group_entity(group_uid: str, uid: str, ctx: Ctx) -> Response:
    workspace_id, team = company.workspace(ctx).id, team_id(group_uid)
    entry_id = entry_of(ctx, uid)
    entry = next((e for _, e in teams.grants(ctx, workspace_id, team) if e.id == entry_id), None)
    if entry is None:
        raise NotFound(entity="team_grant")
    teams.revoke(ctx, workspace_id, team, entry_id)
    return render(GroupEntity, group_entity(team, None, entry) | {"role_ids": [], "own_role_ids": []})
