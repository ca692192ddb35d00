"""HacknPlan workspaces: the user's workspaces, a workspace, its users and its teams."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from planyard.core import users, workspaces
from planyard.core.context import Context
from planyard.core.projects import listing
from planyard.dialects.hacknplan.access import checked_id
from planyard.dialects.hacknplan.deps import UnitOfWorkRoute
from planyard.dialects.hacknplan.mappers import people
from planyard.dialects.hacknplan.mappers.projects import project
from planyard.dialects.hacknplan.schemas.people import Team, Workspace, WorkspaceUser
from planyard.kit.errors import NotFound
from planyard.models import Workspace as WorkspaceRow
from planyard.web.render import render
from planyard.web.routes import Ctx

router = APIRouter(route_class=UnitOfWorkRoute, tags=["workspaces"])


def _workspaces(ctx: Context, rows: list[WorkspaceRow], include_projects: bool) -> list[dict[str, object]]:
    owners = users.users_by_id(ctx, [row.owner_id for row in rows])
    projects = listing.projects_of_workspaces(ctx, [row.id for row in rows]) if include_projects else {}
    project_owners = users.users_by_id(ctx, [p.owner_id for ps in projects.values() for p in ps])
    return [
        people.workspace(
            row,
            owners.get(row.owner_id) if row.owner_id else None,
            len(workspaces.workspace_users(ctx, row.id)),
            [project(p, project_owners) for p in projects[row.id]] if include_projects else None,
        )  # fmt: skip
        for row in rows
    ]


@router.get("/workspaces", response_model=list[Workspace])
def list_workspaces(ctx: Ctx, includeProjects: bool = False, onlyAdmin: bool = False,
                    onlyOwner: bool = False) -> Response:  # fmt: skip
    rows = workspaces.list_workspaces(ctx, only_owner=onlyOwner, only_admin=onlyAdmin)
    return render(Workspace, _workspaces(ctx, rows, includeProjects))


@router.get("/workspaces/{workspaceId}", response_model=Workspace)
def get_workspace(workspaceId: int, ctx: Ctx, includeProjects: bool = False) -> Response:
    row = workspaces.get_workspace(ctx, checked_id(workspaceId, "workspace"))
    return render(Workspace, _workspaces(ctx, [row], includeProjects)[0])


@router.get("/workspaces/{workspaceId}/users", response_model=list[WorkspaceUser])
def list_workspace_users(workspaceId: int, ctx: Ctx, includeInactive: bool = False) -> Response:
    rows = workspaces.workspace_users(ctx, checked_id(workspaceId, "workspace"), include_inactive=includeInactive)
    return render(WorkspaceUser, [people.workspace_user(row) for row in rows])


@router.get("/workspaces/{workspaceId}/users/{userId}", response_model=WorkspaceUser)
def get_workspace_user(workspaceId: int, userId: int, ctx: Ctx) -> Response:
    row = workspaces.workspace_user(ctx, checked_id(workspaceId, "workspace"), checked_id(userId, "user"))
    return render(WorkspaceUser, people.workspace_user(row))


def _teams(ctx: Context, workspace_id: int, team_id: int | None = None) -> list[dict[str, object]]:
    rows = workspaces.list_teams(ctx, workspace_id, team_id)
    creators = users.users_by_id(ctx, [team.creator_id for team, _ in rows])
    return [people.team(team, members, creators.get(team.creator_id or 0)) for team, members in rows]


@router.get("/workspaces/{workspaceId}/teams", response_model=list[Team])
def list_teams(workspaceId: int, ctx: Ctx) -> Response:
    return render(Team, _teams(ctx, checked_id(workspaceId, "workspace")))


@router.get("/workspaces/{workspaceId}/teams/{teamId}", response_model=Team)
def get_team(workspaceId: int, teamId: int, ctx: Ctx) -> Response:
    found = _teams(ctx, checked_id(workspaceId, "workspace"), checked_id(teamId, "team"))
    if not found:
        raise NotFound(entity="team")
    return render(Team, found[0])
