"""Issues (Taiga §22): filters and orderings by type, severity and priority, bulk creation with the
project's defaults, bulk move to a sprint, and filters_data counts per facet."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.work_items import browse, bulk, closing
from planyard.core.work_items.filters import column_in, excluding, item_filters
from planyard.core.work_items.kinds import ISSUE
from planyard.core.work_items.service import ItemChanges, update_item
from planyard.core.work_items.tasks import SHARED_EXTRA, SHARED_ORDERINGS
from planyard.kit import limits
from planyard.kit.errors import Invalid
from planyard.kit.filters import Filter, ValueType
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import ItemOption, Sprint, WorkItem

OPTION_COLUMNS = {"type": WorkItem.type_id, "severity": WorkItem.severity_id, "priority": WorkItem.priority_id}


def _by_option_order(column: Any) -> Any:
    return lambda: [select(ItemOption.order).where(ItemOption.id == column).scalar_subquery(), WorkItem.id]


ISSUE_FILTERS = item_filters(
    extra=SHARED_EXTRA
    | {name: Filter(ValueType.IDS, column_in(col)) for name, col in OPTION_COLUMNS.items()}
    | {f"{name}_excluded": Filter(ValueType.IDS, excluding(column_in(col))) for name, col in OPTION_COLUMNS.items()},
    orderings=SHARED_ORDERINGS | {name: _by_option_order(col) for name, col in OPTION_COLUMNS.items()},
)  # fmt: skip
DEFAULT_ORDER = [WorkItem.project_id, WorkItem.id.desc()]


def list_query(ctx: Context, query: ListQuery) -> Select[Any]:
    order = ISSUE_FILTERS.order(query, DEFAULT_ORDER)
    return browse.filtered(ctx, ISSUE, ISSUE_FILTERS, query).order_by(*order)


def list_issues(ctx: Context, query: ListQuery) -> Page[WorkItem]:
    return fetch_page(ctx.session, list_query(ctx, query), query.window)


def neighbors(ctx: Context, item: WorkItem, query: ListQuery) -> dict[str, Any]:
    """The items before and after `item` in its project's list under the query (its `ref` filter aside)."""
    stmt = browse.filtered(ctx, ISSUE, ISSUE_FILTERS, query, skip=("ref",))
    return browse.neighbors(ctx, stmt, ISSUE_FILTERS.order(query, DEFAULT_ORDER), item)


def update_issue(ctx: Context, issue_id: int, changes: ItemChanges, version: Any, project_id: int | None) -> WorkItem:
    changes.project_id = project_id
    return update_item(ctx, ISSUE, issue_id, changes, version)


def bulk_create(ctx: Context, project_id: int, lines: list[str], sprint_id: int | None) -> list[WorkItem]:
    """One issue per subject, with the project's default status, type, priority and severity."""
    project, _ = browse.bulk_project(ctx, project_id, ISSUE.add)
    if not lines:
        raise Invalid(code="required", field="bulk_issues")
    limits.check_lines("bulk_issues", lines, ctx.env.settings.max_bulk_lines)
    _check_sprint(ctx, project_id, sprint_id)
    fields = {"sprint_id": sprint_id} if sprint_id is not None else {}
    return bulk.create_items(ctx, ISSUE, project, [{"subject": line} for line in lines], fields)


def bulk_update_sprint(ctx: Context, project_id: int, sprint_id: int, issue_ids: list[int]) -> dict[int, int]:
    browse.bulk_project(ctx, project_id, ISSUE.modify)
    _check_sprint(ctx, project_id, sprint_id)
    issues = list(ctx.session.scalars(select(WorkItem).where(
        WorkItem.project_id == project_id, WorkItem.kind == ISSUE.name, WorkItem.id.in_(issue_ids))))  # fmt: skip
    if len(issues) != len(set(issue_ids)):
        raise Invalid(code="foreign_items", entity="issue", field="bulk_issues")
    old_sprints = [issue.sprint_id for issue in issues]
    for issue in issues:
        if issue.sprint_id != sprint_id:
            issue.version += 1
            history.record(ctx, target_type=ISSUE.target_type, target_id=issue.id, project_id=project_id,
                           action="change", diff={"sprint_id": [issue.sprint_id, sprint_id]},
                           version=issue.version)  # fmt: skip
            issue.sprint_id = sprint_id
    closing.settle(ctx, sprints={i.sprint_id for i in issues} | set(old_sprints))
    return {issue_id: sprint_id for issue_id in issue_ids}


def filters_data(ctx: Context, project_id: int, query: ListQuery) -> dict[str, Any]:
    project, _ = load_project(ctx, project_id)

    def facet(*names: str) -> Select[Any]:
        skip = [*names, *(f"{n}_excluded" for n in names)]
        return browse.filtered(ctx, ISSUE, ISSUE_FILTERS, query, skip=skip).where(WorkItem.project_id == project_id)

    def options(name: str, kind: str) -> list[dict[str, Any]]:
        return browse.counted_options(ctx, project_id, kind, browse.count_by(ctx, facet(name), OPTION_COLUMNS[name]))

    return {
        "types": options("type", "issue_type"),
        "statuses": browse.counted_statuses(ctx, project_id, ISSUE.name, browse.count_by(
            ctx, facet("status"), WorkItem.status_id)),
        "priorities": options("priority", "priority"),
        "severities": options("severity", "severity"),
        "assigned_to": browse.counted_assignees(ctx, project_id, browse.count_by(
            ctx, facet("assignee"), WorkItem.assigned_to_id)),
        "owners": browse.counted_owners(ctx, project_id, browse.count_by(ctx, facet("owner"), WorkItem.owner_id)),
        "tags": browse.counted_tags(ctx, project, facet("tags")),
        "roles": browse.counted_roles(ctx, project_id, facet("assignee_role")),
    }  # fmt: skip


def _check_sprint(ctx: Context, project_id: int, sprint_id: int | None) -> None:
    if sprint_id is not None and ctx.session.scalar(select(Sprint.id).where(
            Sprint.id == sprint_id, Sprint.project_id == project_id)) is None:  # fmt: skip
        raise Invalid(code="unknown_sprint", field="sprint_id")
