"""`/epics/filters_data`: for one project, each filter's choices with how many epics match, counted under
every other filter the request carries (a facet ignores its own filter, as Taiga does)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, false, func, select

from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.work_items import browse
from planyard.core.work_items.epics import FILTERS
from planyard.core.work_items.kinds import EPIC
from planyard.core.workflows import statuses_of
from planyard.kit.filters import FilterSet
from planyard.kit.query import ListQuery
from planyard.models import Membership, Status, User, WorkItem

FACET_FILTERS = {
    "statuses": ("status", "status_excluded"),
    "assigned_to": ("assignee", "assignee_excluded"),
    "owners": ("owner", "owner_excluded"),
    "tags": (),
}


def filters_data(ctx: Context, project_id: int, query: ListQuery) -> dict[str, list[dict[str, Any]]]:
    project, access = load_project(ctx, project_id)

    def matching(columns: list[Any], facet: str) -> Select[Any]:
        skip = FACET_FILTERS[facet]
        filters = FilterSet(filters={k: f for k, f in FILTERS.filters.items() if k not in skip})
        stmt = select(*columns).where(WorkItem.kind == EPIC.name, WorkItem.project_id == project_id)
        return filters.where(stmt if access.can(EPIC.view) else stmt.where(false()), query)

    s = ctx.session

    def count_by(column: Any, facet: str) -> dict[int | None, int]:
        rows = s.execute(matching([column, func.count()], facet).group_by(column))
        return {key: count for key, count in rows}

    by_status = count_by(WorkItem.status_id, "statuses")
    by_assignee = count_by(WorkItem.assigned_to_id, "assigned_to")
    by_owner = count_by(WorkItem.owner_id, "owners")
    statuses = s.scalars(select(Status).where(statuses_of(project_id, EPIC.name))
                         .order_by(Status.order, Status.id))  # fmt: skip
    members = s.execute(select(User.id, User.full_name, User.username).join(Membership, Membership.user_id == User.id)
                        .where(Membership.project_id == project_id)).all()  # fmt: skip
    names = {user_id: full_name or username or "" for user_id, full_name, username in members}
    assigned = [{"id": uid, "full_name": name, "count": by_assignee.get(uid, 0)} for uid, name in names.items()]
    assigned.append({"id": None, "full_name": "", "count": by_assignee.get(None, 0)})
    owners = [
        {"id": uid, "full_name": name, "count": by_owner[uid]} for uid, name in names.items() if by_owner.get(uid)
    ]
    return {
        "statuses": [{"id": st.id, "name": st.name, "color": st.color, "order": st.order,
                      "count": by_status.get(st.id, 0)} for st in statuses],
        "assigned_to": sorted(assigned, key=lambda e: e["full_name"]),
        "owners": sorted(owners, key=lambda e: e["full_name"]),
        "tags": browse.counted_tags(ctx, project, matching([WorkItem.id], "tags")),
    }  # fmt: skip
