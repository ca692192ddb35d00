"""Workspaces (Kaiten companies, HacknPlan workspaces, Productive organizations): who belongs to one (its
owner, the members of its projects and the people with a standing there, `workspace_members`), its
projects, users and teams. Each has a company and a shared
default workflow from the start (the migration gives existing ones theirs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from planyard.core.context import Context
from planyard.kit.errors import Forbidden, NotFound
from planyard.kit.uow import UnitOfWork
from planyard.models import (
    Company,
    Membership,
    Project,
    Status,
    Team,
    TeamMember,
    User,
    Workflow,
    Workspace,
    WorkspaceMember,
)  # fmt: skip

DEFAULT_WORKFLOW = "Default workflow"
# name, slug, color, category (the migration 0018 writes the same)
DEFAULT_STATUSES = (
    ("Not started", "not-started", "#999999", "todo"),
    ("In progress", "in-progress", "#ff9900", "doing"),
    ("Done", "done", "#669900", "done"),
)
STORY = "story"


def workspace_of(uow: UnitOfWork, workspace_id: int) -> Workspace:
    """The workspace a request names, or Forbidden when there is none with that id."""
    workspace = uow.session.get(Workspace, workspace_id)
    if workspace is None:
        raise Forbidden(code="unknown_workspace", entity="workspace")
    return workspace


def _member_ids(workspace_id: int) -> Select[Any]:
    projects = select(Project.id).where(Project.workspace_id == workspace_id)
    return select(Membership.user_id).where(Membership.project_id.in_(projects), Membership.user_id.is_not(None))


def _standing_ids(workspace_id: int) -> Select[Any]:
    return select(WorkspaceMember.user_id).where(WorkspaceMember.workspace_id == workspace_id)


def _belongs(user_id: int) -> Select[Any]:
    """The ids of the workspaces a user belongs to: owns, is a member of a project of, or has a standing in."""
    in_projects = select(Project.workspace_id).join(Membership, Membership.project_id == Project.id)
    return select(Workspace.id).where(or_(
        Workspace.owner_id == user_id,
        Workspace.id.in_(in_projects.where(Membership.user_id == user_id)),
        Workspace.id.in_(select(WorkspaceMember.workspace_id).where(WorkspaceMember.user_id == user_id)),
    ))  # fmt: skip


def list_workspaces(ctx: Context, *, only_owner: bool = False, only_admin: bool = False) -> list[Workspace]:
    """The actor's workspaces (a superuser's: all); `only_owner`/`only_admin` keep those the actor owns
    (the owner is the workspace's admin)."""
    user = ctx.require_user()
    stmt = select(Workspace).order_by(Workspace.id)
    if only_owner or only_admin:
        stmt = stmt.where(Workspace.owner_id == user.id)
    elif not user.is_superuser:
        stmt = stmt.where(Workspace.id.in_(_belongs(user.id)))
    return list(ctx.session.scalars(stmt))


def get_workspace(ctx: Context, workspace_id: int) -> Workspace:
    """A workspace the actor belongs to: NotFound when there is none, Forbidden when not theirs."""
    user = ctx.require_user()
    workspace = ctx.session.get(Workspace, workspace_id)
    if workspace is None:
        raise NotFound(entity="workspace")
    if not user.is_superuser and ctx.session.scalar(_belongs(user.id).where(Workspace.id == workspace_id)) is None:
        raise Forbidden()
    return workspace


@dataclass
class WorkspaceUser:
    workspace_id: int
    user: User
    team_id: int
    is_admin: bool
    is_guest: bool
    is_active: bool
    joined_at: datetime


def workspace_users(ctx: Context, workspace_id: int, *, include_inactive: bool = False,
                    user_id: int | None = None) -> list[WorkspaceUser]:  # fmt: skip
    """The workspace's people: its owner, the members of its projects and those with a standing there
    (`workspace_members`, which Kaiten's company users write). Admin: the owner or an admin standing;
    guest and active from the standing (active: the account's too); joined: the earlier of the standing's
    creation and the first membership; team: the lowest team id they are in, 0 when none."""
    workspace = get_workspace(ctx, workspace_id)
    joined = (
        select(Membership.user_id, func.min(Membership.created_at).label("joined"))
        .where(Membership.user_id.in_(_member_ids(workspace_id)))
        .join(Project, Project.id == Membership.project_id).where(Project.workspace_id == workspace_id)
        .group_by(Membership.user_id).subquery()
    )  # fmt: skip
    team = (
        select(func.min(TeamMember.team_id)).join(Team, Team.id == TeamMember.team_id)
        .where(TeamMember.user_id == User.id, Team.workspace_id == workspace_id).scalar_subquery()
    )  # fmt: skip
    standing = and_(WorkspaceMember.user_id == User.id, WorkspaceMember.workspace_id == workspace_id)
    stmt = (
        select(User, joined.c.joined, team, WorkspaceMember)
        .outerjoin(joined, joined.c.user_id == User.id)
        .outerjoin(WorkspaceMember, standing)
        .where(
            or_(
                User.id.in_(_member_ids(workspace_id)),
                User.id.in_(_standing_ids(workspace_id)),
                User.id == workspace.owner_id,
            )
        )  # fmt: skip
        .order_by(User.id)
    )
    if not include_inactive:
        stmt = stmt.where(User.is_active.is_(True), or_(WorkspaceMember.is_active.is_(None), WorkspaceMember.is_active))
    if user_id is not None:
        stmt = stmt.where(User.id == user_id)
    return [
        WorkspaceUser(
            workspace_id,
            user,
            int(team_id or 0),
            user.id == workspace.owner_id or bool(row and row.is_admin),
            bool(row and row.is_guest),
            user.is_active and (row is None or row.is_active),
            min((t for t in (row.created_at if row else None, joined) if t is not None), default=workspace.created_at),
        )  # fmt: skip
        for user, joined, team_id, row in ctx.session.execute(stmt)
    ]


def workspace_user(ctx: Context, workspace_id: int, user_id: int) -> WorkspaceUser:
    found = workspace_users(ctx, workspace_id, include_inactive=True, user_id=user_id)
    if not found:
        raise NotFound(entity="user")
    return found[0]


def list_teams(ctx: Context, workspace_id: int, team_id: int | None = None) -> list[tuple[Team, list[User]]]:
    """The workspace's teams (or the one named) with their users."""
    get_workspace(ctx, workspace_id)
    stmt = select(Team).where(Team.workspace_id == workspace_id).order_by(Team.id)
    if team_id is not None:
        stmt = stmt.where(Team.id == team_id)
    teams = list(ctx.session.scalars(stmt))
    users: dict[int, list[User]] = {team.id: [] for team in teams}
    if teams:
        rows = ctx.session.execute(
            select(TeamMember.team_id, User).join(User, User.id == TeamMember.user_id)
            .where(TeamMember.team_id.in_(users)).order_by(User.id)
        )  # fmt: skip
        for owning_team, user in rows:
            users[owning_team].append(user)
    return [(team, users[team.id]) for team in teams]


def team_user_ids(ctx: Context, team_id: int) -> tuple[Team, list[int]]:
    team = ctx.session.get(Team, team_id)
    if team is None:
        raise NotFound(entity="team")
    return team, list(ctx.session.scalars(select(TeamMember.user_id).where(TeamMember.team_id == team_id)))


def new_workspace(session: Session, name: str, slug: str) -> Workspace:
    """A workspace with its company (named after it) and its shared default workflow."""
    workspace = Workspace(name=name, slug=slug)
    session.add(workspace)
    session.flush()
    session.add(Company(workspace_id=workspace.id, name=name))
    add_shared_workflow(session, workspace.id, DEFAULT_WORKFLOW, with_statuses=True)
    return workspace


def add_shared_workflow(session: Session, workspace_id: int, name: str, *, with_statuses: bool) -> Workflow:
    """A workflow any project of the workspace may use; `with_statuses`: the default three (one closed)."""
    workflow = Workflow(workspace_id=workspace_id, name=name, is_shared=True)
    session.add(workflow)
    session.flush()
    if with_statuses:
        session.add_all(
            Status(
                project_id=None,
                workflow_id=workflow.id,
                kind=STORY,
                name=status_name,
                slug=slug,
                color=color,
                category=category,
                is_closed=category == "done",
                order=order,
            )  # fmt: skip
            for order, (status_name, slug, color, category) in enumerate(DEFAULT_STATUSES, start=1)
        )
        session.flush()
    return workflow


def default_workflow(session: Session, workspace_id: int) -> Workflow | None:
    """The workspace's first shared workflow."""
    return session.scalar(select(Workflow).where(Workflow.workspace_id == workspace_id, Workflow.is_shared.is_(True))
                          .order_by(Workflow.id).limit(1))  # fmt: skip


def workspace_of_people(ctx: Context, workspace_id: int) -> Workspace:
    """A workspace as Productive shows it: every signed-in account is one of its people."""
    ctx.require_user()
    workspace = ctx.session.get(Workspace, workspace_id)
    if workspace is None:
        raise NotFound(entity="workspace")
    return workspace
