"""A CSV feed -> Taiga's report files (userstories.csv, tasks.csv, issues.csv, epics.csv): taiga-back's
columns in its order, its values as Python's csv module writes them, texts guarded against formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from planyard.core.users import display_name
from planyard.core.work_items.exports import Feed
from planyard.models import User, WorkItem

Row = dict[str, Any]

STORY_HEAD = ["id", "ref", "subject", "description", "sprint_id", "sprint", "sprint_estimated_start",
              "sprint_estimated_finish", "owner", "owner_full_name", "assigned_to", "assigned_to_full_name",
              "assigned_users", "assigned_users_full_name", "status", "is_closed", "swimlane"]  # fmt: skip
STORY_TAIL = ["backlog_order", "sprint_order", "kanban_order", "created_date", "modified_date", "finish_date",
              "client_requirement", "team_requirement", "attachments", "generated_from_issue",
              "generated_from_task", "from_task_ref", "external_reference", "tasks", "tags", "watchers", "voters",
              "due_date", "due_date_reason", "epics"]  # fmt: skip
TASK_COLUMNS = ["id", "ref", "subject", "description", "user_story", "sprint_id", "sprint", "sprint_estimated_start",
                "sprint_estimated_finish", "owner", "owner_full_name", "assigned_to", "assigned_to_full_name",
                "status", "is_iocaine", "is_closed", "us_order", "taskboard_order", "attachments",
                "external_reference", "tags", "watchers", "voters", "created_date", "modified_date",
                "finished_date", "due_date", "due_date_reason"]  # fmt: skip
ISSUE_COLUMNS = ["id", "ref", "subject", "description", "sprint_id", "sprint", "sprint_estimated_start",
                 "sprint_estimated_finish", "owner", "owner_full_name", "assigned_to", "assigned_to_full_name",
                 "status", "severity", "priority", "type", "is_closed", "attachments", "external_reference", "tags",
                 "watchers", "voters", "created_date", "modified_date", "finished_date", "due_date",
                 "due_date_reason"]  # fmt: skip
EPIC_COLUMNS = ["id", "ref", "subject", "description", "owner", "owner_full_name", "assigned_to",
                "assigned_to_full_name", "status", "epics_order", "client_requirement", "team_requirement",
                "attachments", "tags", "watchers", "voters", "created_date", "modified_date",
                "related_user_stories"]  # fmt: skip


def safe_text(value: Any) -> Any:
    """taiga-back's guard against spreadsheet formulas: a text starting with = + - @ gets a quote."""
    return "'" + value if isinstance(value, str) and value.startswith(("=", "+", "-", "@")) else value


def _order(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _common(feed: Feed, item: WorkItem) -> Row:
    f = feed.facts
    owner, assignee = f.users.get(item.owner_id or 0), f.users.get(item.assigned_to_id or 0)
    status = f.statuses.get(item.status_id or 0)
    return {
        "id": item.id, "ref": item.ref, "subject": safe_text(item.subject), "description": safe_text(item.description),
        "owner": owner.username if owner else None, "owner_full_name": _full_name(owner),
        "assigned_to": assignee.username if assignee else None, "assigned_to_full_name": _full_name(assignee),
        "status": status.name if status else None, "attachments": f.attachments.get(item.id, 0),
        "tags": ",".join(name for name, _ in f.tags.get(item.id, [])), "watchers": f.watchers.get(item.id, []),
        "voters": f.voters.get(item.id, 0), "created_date": item.created_date, "modified_date": item.modified_date,
    }  # fmt: skip


def _full_name(user: User | None) -> str | None:
    return safe_text(display_name(user)) if user else None


def _sprint(feed: Feed, item: WorkItem) -> Row:
    sprint = feed.facts.sprints.get(item.sprint_id or 0)
    return {
        "sprint_id": sprint.id if sprint else None, "sprint": safe_text(sprint.name) if sprint else None,
        "sprint_estimated_start": sprint.estimated_start if sprint else None,
        "sprint_estimated_finish": sprint.estimated_finish if sprint else None,
    }  # fmt: skip


def _reference(item: WorkItem) -> Any:
    return item.external_reference


def _story(feed: Feed, item: WorkItem) -> Row:
    f = feed.facts
    assignees = [f.users[u] for u in f.assignees.get(item.id, []) if u in f.users]
    origin = feed.origins.get(item.generated_from_id or 0)
    row = _common(feed, item) | _sprint(feed, item) | {
        "assigned_users": ",".join(u.username for u in assignees),
        "assigned_users_full_name": safe_text(",".join(display_name(u) for u in assignees)),
        "is_closed": item.is_closed, "swimlane": feed.lanes.get(item.lane_id or 0),
        "backlog_order": _order(item.backlog_order), "sprint_order": _order(item.sprint_order),
        "kanban_order": _order(item.kanban_order), "finish_date": item.finish_date,
        "client_requirement": item.client_requirement, "team_requirement": item.team_requirement,
        "generated_from_issue": origin.ref if origin and origin.kind == "issue" else None,
        "generated_from_task": origin.ref if origin and origin.kind == "task" else None,
        "from_task_ref": (item.extra or {}).get("from_task_ref"), "external_reference": _reference(item),
        "tasks": ",".join(str(ref) for ref in feed.children.get(item.id, [])),
        "due_date": item.due_date, "due_date_reason": item.due_date_reason,
        "epics": ",".join(str(ref) for ref in feed.epics.get(item.id, [])),
    }  # fmt: skip
    points = f.role_points.get(item.id, {})
    for role in feed.roles:
        points_id = points.get(role.id)
        row[f"{role.slug}-points"] = f.point_values.get(points_id) if points_id else 0
    row["total-points"] = f.total_points(item.id)
    return row


def _task(feed: Feed, item: WorkItem) -> Row:
    f = feed.facts
    story, status = f.parents.get(item.parent_id or 0), f.statuses.get(item.status_id or 0)
    return _common(feed, item) | _sprint(feed, item) | {
        "user_story": story.ref if story else None, "is_iocaine": item.is_iocaine,
        "is_closed": bool(status and status.is_closed), "us_order": _order(item.parent_order),
        "taskboard_order": _order(item.board_order), "external_reference": _reference(item),
        "finished_date": item.finish_date, "due_date": item.due_date, "due_date_reason": item.due_date_reason,
    }  # fmt: skip


def _issue(feed: Feed, item: WorkItem) -> Row:
    options = feed.facts.options
    names = {column: (o.name if (o := options.get(getattr(item, f"{column}_id") or 0)) else None)
             for column in ("severity", "priority", "type")}  # fmt: skip
    return _common(feed, item) | _sprint(feed, item) | names | {
        "is_closed": item.is_closed, "external_reference": _reference(item), "finished_date": item.finish_date,
        "due_date": item.due_date, "due_date_reason": item.due_date_reason,
    }  # fmt: skip


def _epic(feed: Feed, item: WorkItem) -> Row:
    return _common(feed, item) | {
        "epics_order": _order(item.epics_order), "client_requirement": item.client_requirement,
        "team_requirement": item.team_requirement,
        "related_user_stories": ",".join(f"{slug}#{ref}" for slug, ref in feed.related.get(item.id, [])),
    }  # fmt: skip


# Item kind -> (its file, its fixed columns, its row)
REPORTS: dict[str, tuple[str, Callable[[Feed], list[str]], Callable[[Feed, WorkItem], Row]]] = {
    "story": ("userstories.csv",
              lambda feed: [*STORY_HEAD, *(f"{r.slug}-points" for r in feed.roles), "total-points", *STORY_TAIL],
              _story),
    "task": ("tasks.csv", lambda feed: list(TASK_COLUMNS), _task),
    "issue": ("issues.csv", lambda feed: list(ISSUE_COLUMNS), _issue),
    "epic": ("epics.csv", lambda feed: list(EPIC_COLUMNS), _epic),
}  # fmt: skip


def report_csv(kind: str, feed: Feed) -> str:
    _, columns, row_of = REPORTS[kind]
    custom = feed.custom_fields
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*columns(feed), *(c.name for c in custom)])
    writer.writeheader()
    for item in feed.items:
        values = feed.custom_values.get(item.id, {})
        writer.writerow(row_of(feed, item) | {c.name: safe_text(values.get(str(c.id))) for c in custom})
    return out.getvalue()
