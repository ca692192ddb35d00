"""Figures about the whole server: how many projects anyone may discover, and (when the operator turns
them on) sign-ups, projects and stories created over time, as taiga-back's stats module counts them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from planyard.core.context import Context
from planyard.core.work_items.kinds import STORY
from planyard.db.base import utcnow
from planyard.kit.errors import NotFound
from planyard.models import Project, User, WorkItem


def discoverable_projects(ctx: Context) -> int:
    """Projects an anonymous visitor may see: public ones, and private ones open to anonymous viewing."""
    rows = ctx.session.execute(select(Project.is_private, Project.anon_permissions))
    return sum(1 for private, anon in rows if not private or "view_project" in (anon or []))


def system_figures(ctx: Context) -> dict[str, dict[str, Any]]:
    if not ctx.env.settings.system_stats_enabled:
        raise NotFound()
    now = utcnow()
    joined = list(ctx.session.scalars(select(User.date_joined).where(User.is_active.is_(True))))
    users = _period_figures(joined, now)
    users["counts_last_year_per_week"] = _weekly_totals(joined, now)
    projects = ctx.session.execute(select(Project.created_date, Project.is_backlog_activated,
                                          Project.is_kanban_activated)).all()  # fmt: skip
    project_figures = _period_figures([p[0] for p in projects], now)
    total = len(projects)
    for key, backlog, kanban in (("backlog", True, False), ("kanban", False, True), ("backlog_and_kanban", True, True)):
        count = sum(1 for _, b, k in projects if (b, k) == (backlog, kanban))
        project_figures[f"total_with_{key}"] = count
        project_figures[f"percent_with_{key}"] = count * 100 / total if total else 0
    stories = list(ctx.session.scalars(select(WorkItem.created_date).where(WorkItem.kind == STORY.name)))
    return {"users": users, "projects": project_figures, "userstories": _period_figures(stories, now)}


def _period_figures(created: list[datetime], now: datetime) -> dict[str, Any]:
    """Total, created today, and per day over the week before yesterday (all days, and working days)."""
    yesterday = now - timedelta(days=1)
    week_ago = yesterday - timedelta(days=7)
    last_week = [d for d in created if week_ago <= d <= yesterday]
    return {
        "total": len(created),
        "today": sum(1 for d in created if d.date() == now.date()),
        "average_last_seven_days": len(last_week) / 7,
        "average_last_five_working_days": sum(1 for d in last_week if d.weekday() < 5) / 5,
    }


def _weekly_totals(joined: list[datetime], now: datetime) -> dict[str, int]:
    """The running total at each week (from its Monday) of the last year that saw sign-ups."""
    year_ago = now - timedelta(days=365)
    weeks: dict[date, int] = {}
    before = 0
    for d in joined:
        if d >= year_ago:
            monday = d.date() - timedelta(days=d.weekday())
            weeks[monday] = weeks.get(monday, 0) + 1
    if weeks:
        first = min(weeks)
        before = sum(1 for d in joined if d.date() < first)
    totals: dict[str, int] = {}
    running = before
    for week in sorted(weeks):
        running += weeks[week]
        totals[str(week)] = running
    return totals
