"""Taiga's query parameter names for the core's filters and sort keys (core/work_items/filters.py,
core/sprints.py, core/projects/listing.py). Filters are read in the order of these tables, which is the
order Taiga checks them in (the first bad value is the one told); a core name without an entry here is
read under its own name."""

from __future__ import annotations

_BOUNDS = {"gt": "after", "gte": "since", "lt": "before", "lte": "until"}


def _bounds(taiga: str, core: str, ops: tuple[str, ...] = tuple(_BOUNDS)) -> dict[str, str]:
    return {f"{taiga}__{op}": f"{core}_{_BOUNDS[op]}" for op in ops}


# Taiga's name -> the core's, for every list: work items, then sprints, then projects.
FILTER_NAMES: dict[str, str] = {
    "project": "project",
    "ref": "ref",
    "status": "status",
    "exclude_status": "status_excluded",
    "assigned_to": "assignee",
    "exclude_assigned_to": "assignee_excluded",
    "assigned_users": "any_assignee",
    "exclude_assigned_users": "any_assignee_excluded",
    "owner": "owner",
    "exclude_owner": "owner_excluded",
    "milestone": "sprint",
    "milestone__isnull": "sprint_none",
    "tags": "tags",
    "exclude_tags": "tags_excluded",
    "watchers": "watcher",
    "is_closed": "is_closed",
    "status__is_closed": "status_closed",
    "status__is_archived": "status_archived",
    "is_blocked": "is_blocked",
    "q": "text",
    "epic": "epic",
    "exclude_epic": "epic_excluded",
    "project__slug": "project_slug",
    "swimlane": "lane",
    "exclude_swimlane": "lane_excluded",
    "role": "assignee_role",
    "exclude_role": "assignee_role_excluded",
    "user_story": "parent",
    "exclude_user_story": "parent_excluded",
    "type": "type",
    "severity": "severity",
    "priority": "priority",
    "exclude_type": "type_excluded",
    "exclude_severity": "severity_excluded",
    "exclude_priority": "priority_excluded",
    **_bounds("created_date", "created"),
    **_bounds("modified_date", "modified"),
    **_bounds("finish_date", "finished"),
    "closed": "closed",
    **_bounds("estimated_start", "start"),
    **_bounds("estimated_finish", "finish"),
    "member": "member",
    "members": "members",
    "is_looking_for_people": "is_looking_for_people",
    "is_featured": "is_featured",
    "is_backlog_activated": "is_backlog_activated",
    "is_kanban_activated": "is_kanban_activated",
    "is_epics_activated": "is_epics_activated",
}

# The task and issue lists also take the API documentation's spelling of status__is_closed (read after
# exclude_role).
_AT = list(FILTER_NAMES).index("exclude_role") + 1
TASK_AND_ISSUE_FILTER_NAMES: dict[str, str] = dict(
    [*list(FILTER_NAMES.items())[:_AT], ("status_is_closed", "status_closed"), *list(FILTER_NAMES.items())[_AT:]]
)

# Taiga's order_by names that are not the core's sort keys.
SORT_NAMES: dict[str, str] = {
    "assigned_to": "assignee",
    "milestone": "sprint",
    "us_order": "parent_order",
    "taskboard_order": "board_order",
    "total_voters": "voters",
    "estimated_start": "start",
    "estimated_finish": "finish",
    **{f"total_{what}{when}": f"{what}{when}" for what in ("fans", "activity")
       for when in ("", "_last_week", "_last_month", "_last_year")},
    "memberships__user_order": "user_order",
    "memberships_user_order": "user_order",
    "user_order": "user_order",
}  # fmt: skip


def sort_key(name: str) -> str | None:
    """The core's sort key of Taiga's order_by name; None for a core key Taiga calls otherwise."""
    core = SORT_NAMES.get(name, name)
    if name not in SORT_NAMES and core in SORT_NAMES.values():
        return None
    return core
