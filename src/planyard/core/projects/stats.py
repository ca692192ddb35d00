"""Project figures (Taiga §10.10-10.12). Work items do not exist yet, so every count is zero; the
keys are real: the project's roles, issue statuses, types, priorities, severities, members, tags."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.users import display_name
from planyard.models import ItemOption, Membership, Project, Role, Status, User

DAYS = 28


def project_stats(ctx: Context, project_id: int) -> dict[str, Any]:
    project, _ = load_project(ctx, project_id)
    roles = ctx.session.scalars(
        select(Role.id).where(Role.project_id == project.id, Role.computable.is_(True)).order_by(Role.order, Role.id)
    ).all()
    per_role = {str(role_id): 0.0 for role_id in roles}
    defined_points = 0.0
    return {
        "name": project.name, "total_milestones": project.total_milestones, "total_points": project.total_story_points,
        "closed_points": 0.0, "closed_points_per_role": per_role,
        "defined_points": defined_points, "defined_points_per_role": per_role,
        "assigned_points": 0.0, "assigned_points_per_role": per_role,
        "milestones": _burndown(project, defined_points), "speed": 0.0,
    }  # fmt: skip


def _burndown(project: Project, defined_points: float) -> list[dict[str, Any]]:
    """The backlog burndown with no sprint started: the planned sprints are all future ones."""
    total_points = project.total_story_points or defined_points
    sprints = project.total_milestones or 0
    per_sprint = total_points / sprints if total_points and sprints else 0.0
    rows: list[dict[str, Any]] = []
    for i in range(sprints):
        rows.append(_point("Future sprint", total_points - per_sprint * i, total_points if i == 0 else None))
    end_evolution = total_points if not sprints and total_points else None
    rows.append(_point("Project End", total_points - per_sprint * sprints if sprints else 0.0, end_evolution))
    return rows


def _point(name: str, optimal: float, evolution: float | None) -> dict[str, Any]:
    return {"name": name, "optimal": optimal, "evolution": evolution, "team-increment": 0.0, "client-increment": 0.0}


def issues_stats(ctx: Context, project_id: int) -> dict[str, Any]:
    project, _ = load_project(ctx, project_id)
    statuses, options = _issue_attributes(ctx, project)
    members = _members(ctx, project)

    def counted(rows: list[Any]) -> dict[str, dict[str, Any]]:
        return {str(r.id): {"id": r.id, "name": r.name, "color": r.color, "count": 0} for r in rows}

    def daily(rows: list[Any]) -> dict[str, dict[str, Any]]:
        return {str(r.id): {"id": r.id, "name": r.name, "color": r.color, "data": [0] * DAYS} for r in rows}

    people = {
        str(u.id): {"id": u.id, "name": display_name(u), "username": u.username, "color": u.color, "count": 0}
        for u in members
    }
    return {
        "total_issues": 0, "opened_issues": 0, "closed_issues": 0,
        "issues_per_type": counted(options["issue_type"]), "issues_per_status": counted(statuses),
        "issues_per_priority": counted(options["priority"]), "issues_per_severity": counted(options["severity"]),
        "issues_per_owner": people, "issues_per_assigned_to": people,
        "last_four_weeks_days": {
            "by_open_closed": {"open": [0] * DAYS, "closed": [0] * DAYS},
            "by_severity": daily(options["severity"]), "by_priority": daily(options["priority"]), "by_status": {},
        },
    }  # fmt: skip


def issue_filters_data(ctx: Context, project_id: int) -> dict[str, Any]:
    """§41.6: each filter is a list of [value, count] pairs; `assigned_to` also counts the unassigned (null)."""
    project, _ = load_project(ctx, project_id)
    statuses, options = _issue_attributes(ctx, project)
    member_ids = [u.id for u in _members(ctx, project)]

    def zeros(values: list[Any]) -> list[list[Any]]:
        return [[value, 0] for value in values]

    return {
        "types": zeros([o.id for o in options["issue_type"]]), "statuses": zeros([s.id for s in statuses]),
        "priorities": zeros([o.id for o in options["priority"]]),
        "severities": zeros([o.id for o in options["severity"]]),
        "assigned_to": zeros([*member_ids, None]), "created_by": zeros(member_ids), "owners": zeros(member_ids),
        "tags": zeros([name for name, _ in project.tags_colors or []]),
    }  # fmt: skip


def _issue_attributes(ctx: Context, project: Project) -> tuple[list[Status], dict[str, list[ItemOption]]]:
    statuses = ctx.session.scalars(
        select(Status).where(Status.project_id == project.id, Status.kind == "issue").order_by(Status.order, Status.id)
    ).all()
    options: dict[str, list[ItemOption]] = {"issue_type": [], "priority": [], "severity": []}
    for option in ctx.session.scalars(
        select(ItemOption).where(ItemOption.project_id == project.id).order_by(ItemOption.order, ItemOption.id)
    ):
        options.setdefault(option.kind, []).append(option)
    return list(statuses), options


def _members(ctx: Context, project: Project) -> list[User]:
    return list(
        ctx.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.project_id == project.id)
            .order_by(Membership.id)
        )
    )
