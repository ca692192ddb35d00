"""Stories with their batched facts -> Taiga user-story shapes; Taiga bodies -> core changes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from planyard.core.context import Environment
from planyard.core.work_items.facts import ItemFacts
from planyard.core.work_items.service import ItemChanges
from planyard.core.work_items.stories import Brief, ProjectCounters, StoryExtras
from planyard.dialects.taiga.mappers.attachments import card_thumbnail_url
from planyard.dialects.taiga.mappers.work_items import common, position, rendered_text, to_core
from planyard.kit.errors import Invalid
from planyard.kit.markdown import render_markdown
from planyard.models import WorkItem

# Core names -> the names the bulk bodies use.
BULK_NAMES = {"status_id": "status_id", "sprint_id": "milestone_id", "lane_id": "swimlane_id"}


def body_to_changes(body: dict[str, Any]) -> ItemChanges:
    """A create/edit body (wire names, only the keys sent) -> core changes."""
    points = body.get("points")
    return ItemChanges(
        fields=to_core(body),
        watchers=body.get("watchers"),
        assignees=body.get("assigned_users"),
        role_points=None if points is None else _role_points(points),
        comment=body.get("comment") or "",
    )


def _role_points(points: dict[str, int | None]) -> dict[int, int | None]:
    try:
        return {int(role_id): points_id for role_id, points_id in points.items()}
    except ValueError:
        raise Invalid.on("points", "Invalid role id.") from None


@contextmanager
def bulk_errors() -> Iterator[None]:
    """Errors on core columns, named as the bulk body names them (status_id, milestone_id, swimlane_id)."""
    try:
        yield
    except Invalid as exc:
        exc.rename_fields(BULK_NAMES)
        raise


def story_entry(
    env: Environment, item: WorkItem, facts: ItemFacts, extras: StoryExtras, actor_id: int | None
) -> dict[str, Any]:
    """§41.17, plus what taiga-back's list serializer adds (epics, tasks, attachments, origins ...)."""
    assigned = dict.fromkeys([*facts.assignees.get(item.id, []), item.assigned_to_id])
    origin = extras.origins.get(item.generated_from_id or 0)
    return common(env, item, facts, actor_id) | {
        "swimlane": item.lane_id, "assigned_users": [u for u in assigned if u is not None],
        "points": {str(role): points for role, points in facts.role_points.get(item.id, {}).items()},
        "total_points": facts.total_points(item.id), "backlog_order": position(item.backlog_order),
        "sprint_order": position(item.sprint_order), "kanban_order": position(item.kanban_order),
        "epic_order": extras.epic_order.get(item.id), "client_requirement": item.client_requirement,
        "team_requirement": item.team_requirement,
        "blocked_note_html": render_markdown(item.blocked_note) if item.blocked_note else "",
        "generated_from_issue": origin.id if origin and origin.kind == "issue" else None,
        "generated_from_task": origin.id if origin and origin.kind == "task" else None,
        "origin_issue": _brief(origin) if origin and origin.kind == "issue" else None,
        "origin_task": _brief(origin) if origin and origin.kind == "task" else None,
        "from_task_ref": (item.extra or {}).get("from_task_ref"), "tribe_gig": None, "comment": "",
        "total_comments": extras.comments.get(item.id, 0),
        "attachments": [{"id": a.id, "attached_file": env.storage.url(a.file_key),
                         "thumbnail_card_url": card_thumbnail_url(env, a.file_key)}
                        for a in extras.attachments.get(item.id, [])],
        "epics": [{"id": e.id, "ref": e.ref, "subject": e.subject, "color": e.color,
                   "project": {"id": p.id, "name": p.name, "slug": p.slug}}
                  for e, p in extras.epics.get(item.id, [])] or None,
        "tasks": [row._asdict() for row in extras.tasks.get(item.id, [])],
    }  # fmt: skip


def story_detail(
    env: Environment, item: WorkItem, facts: ItemFacts, extras: StoryExtras, actor_id: int | None
) -> dict[str, Any]:
    return story_entry(env, item, facts, extras, actor_id) | rendered_text(item)


def with_neighbors(data: dict[str, Any], previous: Brief | None, following: Brief | None) -> dict[str, Any]:
    return data | {"neighbors": {"previous": _brief(previous), "next": _brief(following)}}


def _brief(item: Any) -> dict[str, Any] | None:
    return None if item is None else {"id": item.id, "ref": item.ref, "subject": item.subject}


def counter_headers(counters: ProjectCounters) -> dict[str, str]:
    headers = {}
    if counters.backlog_total is not None:
        headers["Taiga-Info-Backlog-Total-Userstories"] = str(counters.backlog_total)
    if counters.any_without_lane is not None:
        headers["Taiga-Info-Userstories-Without-Swimlane"] = "true" if counters.any_without_lane else "false"
    return headers
