"""The project list, its filters and orderings (Taiga §10.1), over the neutral tables."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select

from planyard.core.context import Context
from planyard.core.projects.service import visible_projects
from planyard.kit.filters import Filter, FilterSet, ValueType, bounds
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import ChangeEntry, Membership, Project, Vote


def _member(user_id: int) -> Any:
    return Project.id.in_(select(Membership.project_id).where(Membership.user_id == user_id))


def _members(user_ids: list[int]) -> Any:
    return Project.id.in_(select(Membership.project_id).where(Membership.user_id.in_(user_ids)))


def _count(model: Any, key: Any, days: int | None, *where: Any) -> Any:
    stmt = select(func.count()).where(key == Project.id, *where)
    if days:
        stmt = stmt.where(model.created_at >= datetime.now(UTC) - timedelta(days=days))
    return stmt.scalar_subquery()


def _fans(days: int | None = None) -> Any:
    return _count(Vote, Vote.target_id, days, Vote.target_type == "project")


def _activity(days: int | None = None) -> Any:
    return _count(ChangeEntry, ChangeEntry.project_id, days)


def project_filters(member_for_order: int | None) -> FilterSet:
    orderings: dict[str, Any] = {
        "name": lambda: [Project.name, Project.id],
        "id": lambda: [Project.id],
        "modified_date": lambda: [Project.modified_date, Project.id],
        "created_date": lambda: [Project.created_date, Project.id],
    }
    for suffix, days in (("", None), ("_last_week", 7), ("_last_month", 30), ("_last_year", 365)):
        orderings[f"fans{suffix}"] = lambda d=days: [_fans(d), Project.id]
        orderings[f"activity{suffix}"] = lambda d=days: [_activity(d), Project.id]
    if member_for_order is not None:
        user_order = (
            select(Membership.user_order)
            .where(Membership.project_id == Project.id, Membership.user_id == member_for_order)
            .scalar_subquery()
        )
        orderings["user_order"] = lambda: [user_order, Project.id]
    return FilterSet(
        filters={
            "workspace": Filter(ValueType.INT, lambda v: Project.workspace_id == v),
            "member": Filter(ValueType.INT, _member),
            "members": Filter(ValueType.INTS, _members),
            "is_looking_for_people": Filter(ValueType.BOOL, lambda v: Project.is_looking_for_people.is_(v)),
            "is_featured": Filter(ValueType.BOOL, lambda v: Project.is_featured.is_(v)),
            "is_backlog_activated": Filter(ValueType.BOOL, lambda v: Project.is_backlog_activated.is_(v)),
            "is_kanban_activated": Filter(ValueType.BOOL, lambda v: Project.is_kanban_activated.is_(v)),
            "is_epics_activated": Filter(ValueType.BOOL, lambda v: Project.is_epics_activated.is_(v)),
            **_more_filters(),
        },
        orderings=orderings,
    )


def _extra_int(v: tuple[str, str, int, int]) -> Any:
    """(dialect key, name, default, value): the integer an API keeps in `extra` equals the value."""
    key, name, default, value = v
    return func.coalesce(Project.extra[key][name].as_integer(), default) == value


def _more_filters() -> dict[str, Filter]:
    """Id ranges and sets, company, manager, members (and their negations), archived, a name part, an
    integer kept in `extra`."""
    filters = bounds("id", Project.id, ValueType.INT)
    filters |= {
        "ids": Filter(ValueType.INTS, lambda v: Project.id.in_(v)),
        "not_ids": Filter(ValueType.INTS, lambda v: Project.id.not_in(v)),
        "companies": Filter(ValueType.IDS, lambda v: Project.company_id.in_(v)),
        "not_companies": Filter(
            ValueType.IDS, lambda v: or_(Project.company_id.not_in(v), Project.company_id.is_(None))
        ),
        "managers": Filter(ValueType.IDS, lambda v: Project.manager_id.in_(v)),
        "not_managers": Filter(
            ValueType.IDS, lambda v: or_(Project.manager_id.not_in(v), Project.manager_id.is_(None))
        ),
        "not_members": Filter(ValueType.INTS, lambda v: ~_members(v)),
        "archived": Filter(ValueType.BOOL, lambda v: Project.is_archived.is_(v)),
        "name_contains": Filter(ValueType.TEXT, lambda v: Project.name.icontains(v, autoescape=True)),
        "name_lacks": Filter(ValueType.TEXT, lambda v: ~Project.name.icontains(v, autoescape=True)),
        "extra_int": Filter(ValueType.INT, _extra_int),
        "not_extra_int": Filter(ValueType.INT, lambda v: ~_extra_int(v)),
    }
    return filters


def list_projects(ctx: Context, query: ListQuery) -> Page[Project]:
    """The projects the actor may see, by name unless sorted (the `member` filter's user also orders by
    their own project order)."""
    filters = project_filters(query.filters.get("member"))
    stmt = filters.apply(visible_projects(ctx).order_by(Project.name, Project.id), query)
    return fetch_page(ctx.session, stmt, query.window)


def projects_of_workspaces(ctx: Context, workspace_ids: list[int]) -> dict[int, list[Project]]:
    """The projects of these workspaces the actor sees, by workspace."""
    found: dict[int, list[Project]] = {i: [] for i in workspace_ids}
    stmt = visible_projects(ctx).where(Project.workspace_id.in_(workspace_ids)).order_by(Project.id)
    for project in ctx.session.scalars(stmt):
        found[project.workspace_id].append(project)
    return found
