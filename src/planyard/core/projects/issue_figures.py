"""The figures behind a project's issues_stats (§41.5) and issue_filters_data (§41.6), counted from its
issues in one query: per status, type, priority, severity, owner and assignee, open and closed, and the
last four weeks day by day (opened, closed, and still open per severity and priority)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from planyard.core.context import Context
from planyard.core.tags import store as tag_store
from planyard.core.users import display_name
from planyard.core.work_items.kinds import ISSUE
from planyard.core.workflows import statuses_of
from planyard.models import ItemOption, Membership, Project, Status, User, WorkItem

DAYS = 28
UNASSIGNED = {"id": 0, "name": "Unassigned", "username": "Unassigned", "color": "black"}


def issues_stats(ctx: Context, project: Project) -> dict[str, Any]:
    issues = _issues(ctx, project)
    statuses, options = _attributes(ctx, project)
    closed = sum(1 for i in issues if i.is_closed)

    def per(rows: list[Any], key: Callable[[Any], Any]) -> dict[str, dict[str, Any]]:
        counts = Counter(key(i) for i in issues)
        return {str(r.id): {"id": r.id, "name": r.name, "color": r.color, "count": counts.get(r.id, 0)} for r in rows}

    return {
        "total_issues": len(issues), "opened_issues": len(issues) - closed, "closed_issues": closed,
        "issues_per_type": per(options["issue_type"], lambda i: i.type_id),
        "issues_per_status": per(statuses, lambda i: i.status_id),
        "issues_per_priority": per(options["priority"], lambda i: i.priority_id),
        "issues_per_severity": per(options["severity"], lambda i: i.severity_id),
        "issues_per_owner": _per_person(ctx, project, Counter(i.owner_id for i in issues)),
        "issues_per_assigned_to": _per_person(ctx, project, Counter(i.assigned_to_id for i in issues)),
        "last_four_weeks_days": _last_four_weeks(issues, options),
    }  # fmt: skip


def issue_filters_data(ctx: Context, project: Project) -> dict[str, Any]:
    """Each filter is a list of [value, count] pairs; `assigned_to` also counts the unassigned (null)."""
    issues = _issues(ctx, project)
    statuses, options = _attributes(ctx, project)
    member_ids = [u.id for u in _members(ctx, project)]

    def pairs(values: list[Any], key: Callable[[Any], Any]) -> list[list[Any]]:
        counts = Counter(key(i) for i in issues)
        return [[value, counts.get(value, 0)] for value in values]

    issue_ids = select(WorkItem.id).where(WorkItem.project_id == project.id, WorkItem.kind == "issue")
    tags = tag_store.counted_palette(ctx.session, project.id, issue_ids)
    return {
        "types": pairs([o.id for o in options["issue_type"]], lambda i: i.type_id),
        "statuses": pairs([s.id for s in statuses], lambda i: i.status_id),
        "priorities": pairs([o.id for o in options["priority"]], lambda i: i.priority_id),
        "severities": pairs([o.id for o in options["severity"]], lambda i: i.severity_id),
        "assigned_to": pairs([*member_ids, None], lambda i: i.assigned_to_id),
        "created_by": pairs(member_ids, lambda i: i.owner_id), "owners": pairs(member_ids, lambda i: i.owner_id),
        "tags": [[tag.name, count] for tag, count in tags],
    }  # fmt: skip


def _issues(ctx: Context, project: Project) -> list[Any]:
    columns = (WorkItem.status_id, WorkItem.type_id, WorkItem.priority_id, WorkItem.severity_id,
               WorkItem.owner_id, WorkItem.assigned_to_id, WorkItem.is_closed, WorkItem.created_date,
               WorkItem.finish_date)  # fmt: skip
    return list(ctx.session.execute(select(*columns).where(WorkItem.project_id == project.id,
                                                           WorkItem.kind == ISSUE.name)))  # fmt: skip


def _per_person(ctx: Context, project: Project, counts: Counter[int | None]) -> dict[str, dict[str, Any]]:
    """Every member (and anyone else with issues), plus id 0 for the issues nobody has."""
    people = {u.id: u for u in _members(ctx, project)}
    others = [u for u in counts if u is not None and u not in people]
    if others:
        people |= {u.id: u for u in ctx.session.scalars(select(User).where(User.id.in_(others)))}
    rows = {str(u.id): {"id": u.id, "name": display_name(u), "username": u.username, "color": u.color,
                        "count": counts.get(u.id, 0)} for u in people.values()}  # fmt: skip
    if counts.get(None):
        rows["0"] = UNASSIGNED | {"count": counts[None]}
    return rows


def _last_four_weeks(issues: list[Any], options: dict[str, list[ItemOption]]) -> dict[str, Any]:
    today = datetime.now(UTC).replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    days = [today - timedelta(days=n) for n in range(DAYS - 1, -1, -1)]
    spans = [(_naive(i.created_date), _naive(i.finish_date), i) for i in issues]

    def on(day: datetime, moment: datetime | None) -> bool:
        return moment is not None and day <= moment < day + timedelta(days=1)

    def still_open(day: datetime) -> list[Any]:
        return [i for created, finished, i in spans if created is not None and created < day + timedelta(days=1)
                and (finished is None or finished > day)]  # fmt: skip

    open_by_day = [still_open(day) for day in days]

    def daily(rows: list[ItemOption], key: Callable[[Any], Any]) -> dict[str, dict[str, Any]]:
        return {str(r.id): {"id": r.id, "name": r.name, "color": r.color,
                            "data": [sum(1 for i in opened if key(i) == r.id) for opened in open_by_day]}
                for r in rows}  # fmt: skip

    return {
        "by_open_closed": {"open": [sum(1 for c, _, _ in spans if on(day, c)) for day in days],
                           "closed": [sum(1 for _, f, _ in spans if on(day, f)) for day in days]},
        "by_severity": daily(options["severity"], lambda i: i.severity_id),
        "by_priority": daily(options["priority"], lambda i: i.priority_id),
        "by_status": {},
    }  # fmt: skip


def _naive(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _attributes(ctx: Context, project: Project) -> tuple[list[Status], dict[str, list[ItemOption]]]:
    statuses = ctx.session.scalars(select(Status).where(statuses_of(project.id, ISSUE.name))
                                   .order_by(Status.order, Status.id)).all()  # fmt: skip
    options: dict[str, list[ItemOption]] = {"issue_type": [], "priority": [], "severity": []}
    for option in ctx.session.scalars(select(ItemOption).where(ItemOption.project_id == project.id)
                                      .order_by(ItemOption.order, ItemOption.id)):  # fmt: skip
        options.setdefault(option.kind, []).append(option)
    return list(statuses), options


def _members(ctx: Context, project: Project) -> list[User]:
    return list(ctx.session.scalars(select(User).join(Membership, Membership.user_id == User.id)
                                    .where(Membership.project_id == project.id).order_by(Membership.id)))  # fmt: skip
