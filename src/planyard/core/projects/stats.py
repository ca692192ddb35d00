"""Project figures (Taiga §10.10-10.12): the backlog stats from the stories' points; the issue
figures' keys are real (the project's issue statuses, types, priorities, severities, members, tags)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.projects import issue_figures
from planyard.core.wiki.pages import TARGET as WIKI_TARGET
from planyard.core.work_items.kinds import ISSUE, STORY, TASK
from planyard.models import (
    ChangeEntry,
    Membership,
    PointValue,
    Project,
    Role,
    RolePoints,
    Sprint,
    WikiPage,
    WorkItem,
)


def project_stats(ctx: Context, project_id: int) -> dict[str, Any]:
    """Taiga's backlog figures from the estimated stories: points defined, closed and planned into
    sprints (in total and per role), the speed of the closed sprints and the burndown per sprint."""
    project, _ = load_project(ctx, project_id)
    roles = ctx.session.scalars(
        select(Role.id).where(Role.project_id == project.id, Role.computable.is_(True)).order_by(Role.order, Role.id)
    ).all()
    sprints = ctx.session.scalars(
        select(Sprint).where(Sprint.project_id == project.id).order_by(Sprint.estimated_start, Sprint.id)
    ).all()
    figures = _PointFigures({str(role_id): 0.0 for role_id in roles}, {s.id: _SprintFigures() for s in sprints})
    estimates = ctx.session.execute(
        select(RolePoints.role_id, PointValue.value, WorkItem.is_closed, WorkItem.sprint_id, WorkItem.created_date,
               WorkItem.team_requirement, WorkItem.client_requirement)
        .join(WorkItem, WorkItem.id == RolePoints.work_item_id)
        .join(PointValue, PointValue.id == RolePoints.points_id)
        .where(WorkItem.project_id == project.id, WorkItem.kind == STORY.name, PointValue.value.is_not(None))
    )  # fmt: skip
    closed_sprints = {s.id for s in sprints if s.closed}
    for role_id, value, is_closed, sprint_id, created, team, client in estimates:
        points = float(value or 0)  # the query keeps only estimates with a value
        figures.add(str(role_id), points, is_closed, sprint_id, sprint_id in closed_sprints)
        figures.add_increment(_sprint_on(list(sprints), created.date()), points, team, client)
    speed = figures.closed_in_closed_sprints / len(closed_sprints) if closed_sprints else 0.0
    return {
        "name": project.name, "total_milestones": project.total_milestones, "total_points": project.total_story_points,
        "closed_points": figures.closed, "closed_points_per_role": figures.closed_per_role,
        "defined_points": figures.defined, "defined_points_per_role": figures.defined_per_role,
        "assigned_points": figures.assigned, "assigned_points_per_role": figures.assigned_per_role,
        "milestones": _burndown(project, list(sprints), figures), "speed": speed,
    }  # fmt: skip


@dataclass
class _SprintFigures:
    closed: float = 0.0
    team_increment: float = 0.0
    client_increment: float = 0.0


class _PointFigures:
    """Sums over every (story, role) estimate that has a value."""

    def __init__(self, zero_per_role: dict[str, float], sprints: dict[int, _SprintFigures]) -> None:
        self.defined = self.closed = self.assigned = self.closed_in_closed_sprints = 0.0
        self.defined_per_role, self.closed_per_role = dict(zero_per_role), dict(zero_per_role)
        self.assigned_per_role = dict(zero_per_role)
        self.sprints = sprints
        self.future = _SprintFigures()

    def add(self, role: str, value: float, is_closed: bool, sprint_id: int | None, sprint_closed: bool) -> None:
        self.defined += value
        self.defined_per_role[role] = self.defined_per_role.get(role, 0.0) + value
        if is_closed:
            self.closed += value
            self.closed_per_role[role] = self.closed_per_role.get(role, 0.0) + value
            if sprint_id in self.sprints:
                self.sprints[sprint_id].closed += value
        if sprint_id is not None:
            self.assigned += value
            self.assigned_per_role[role] = self.assigned_per_role.get(role, 0.0) + value
            if sprint_closed:
                self.closed_in_closed_sprints += value

    def add_increment(self, sprint_id: int | None, value: float, team: bool, client: bool) -> None:
        """A team/client requirement counts toward the sprint running when the story was created."""
        target = self.sprints[sprint_id] if sprint_id is not None else self.future
        share = value / 2 if team and client else value
        target.team_increment += share if team else 0.0
        target.client_increment += share if client else 0.0


def _sprint_on(sprints: list[Sprint], day: date) -> int | None:
    return next((s.id for s in sprints if s.estimated_start <= day < s.estimated_finish), None)


def _burndown(project: Project, sprints: list[Sprint], figures: _PointFigures) -> list[dict[str, Any]]:
    """One row per sprint (past ones with the points still open, planned ones as "Future sprint"),
    then "Project End"; the optimal line spreads the planned points evenly."""
    total = project.total_story_points or figures.defined
    planned = project.total_milestones or len(sprints)
    per_sprint = total / planned if total and planned else 0.0
    done: float | None = 0.0
    team = client = optimal = 0.0
    rows: list[dict[str, Any]] = []
    for position in range(max(len(sprints), planned)):
        optimal = total - per_sprint * position
        evolution = total - done if done is not None else None
        if position < len(sprints):
            sprint = figures.sprints[sprints[position].id]
            rows.append(_point(sprints[position].name, optimal, evolution, team, client))
            done = (done or 0.0) + sprint.closed
            team, client = team + sprint.team_increment, client + sprint.client_increment
        else:
            team, client = team + figures.future.team_increment, client + figures.future.client_increment
            rows.append(_point("Future sprint", optimal, evolution, team, client))
            done = None
    end_evolution = total - done if done is not None and total else None
    rows.append(_point("Project End", optimal - per_sprint, end_evolution, team, client))
    return rows


def _point(name: str, optimal: float, evolution: float | None, team: float, client: float) -> dict[str, Any]:
    return {"name": name, "optimal": optimal, "evolution": evolution, "team-increment": team,
            "client-increment": client}  # fmt: skip


def issues_stats(ctx: Context, project_id: int) -> dict[str, Any]:
    project, _ = load_project(ctx, project_id)
    return issue_figures.issues_stats(ctx, project)


def issue_filters_data(ctx: Context, project_id: int) -> dict[str, Any]:
    """§41.6: each filter is a list of [value, count] pairs."""
    project, _ = load_project(ctx, project_id)
    return issue_figures.issue_filters_data(ctx, project)


@dataclass(frozen=True)
class MemberFigures:
    """Per member (user id -> count, every member present): closed tickets assigned to them, subitems
    assigned to them that carry the iocaine flag, their edits of wiki pages, tickets they opened, closed
    subitems assigned to them."""

    closed_tickets: dict[int, int]
    iocaine_subitems: dict[int, int]
    wiki_edits: dict[int, int]
    opened_tickets: dict[int, int]
    closed_subitems: dict[int, int]


def member_figures(ctx: Context, project_id: int) -> MemberFigures:
    project, _ = load_project(ctx, project_id)
    s = ctx.session
    members = s.scalars(select(Membership.user_id).where(Membership.project_id == project.id,
                                                         Membership.user_id.is_not(None)))  # fmt: skip
    zero = {user_id: 0 for user_id in members if user_id is not None}

    def counted(user: Any, *where: Any, entries: bool = False) -> dict[int, int]:
        table = ChangeEntry if entries else WorkItem
        stmt = select(user, func.count()).where(*where).group_by(user)
        if not entries:
            stmt = stmt.where(table.project_id == project.id)
        return zero | {u: n for u, n in s.execute(stmt) if u is not None}

    ticket, subitem = WorkItem.kind == ISSUE.name, WorkItem.kind == TASK.name
    wiki_pages = select(WikiPage.id).where(WikiPage.project_id == project.id)
    return MemberFigures(
        closed_tickets=counted(WorkItem.assigned_to_id, ticket, WorkItem.is_closed.is_(True)),
        iocaine_subitems=counted(WorkItem.assigned_to_id, subitem, WorkItem.is_iocaine.is_(True)),
        wiki_edits=counted(ChangeEntry.user_id, ChangeEntry.target_type == WIKI_TARGET,
                           ChangeEntry.target_id.in_(wiki_pages), entries=True),
        opened_tickets=counted(WorkItem.owner_id, ticket),
        closed_subitems=counted(WorkItem.assigned_to_id, subitem, WorkItem.is_closed.is_(True)),
    )  # fmt: skip
