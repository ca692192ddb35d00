"""Sprints and their batched facts -> Taiga milestone shapes; Taiga body names -> core names."""

from __future__ import annotations

from typing import Any

from planyard.core.context import Environment
from planyard.core.sprints import SprintBatch, StoryFacts
from planyard.dialects.taiga.mappers.users import user_basic
from planyard.dialects.taiga.mappers.work_items import POSITIONS, due_date_status, position
from planyard.models import Project, Sprint


def body_to_core(body: dict[str, Any]) -> tuple[dict[str, Any], list[int] | None]:
    """(sprint fields, watchers) from a milestone body."""
    watchers = body.pop("watchers", None)
    body.pop("project", None)
    return body, watchers


def project_extra_info(env: Environment, project: Project) -> dict[str, Any]:
    logo = env.storage.url(project.logo) if project.logo else None
    return {"name": project.name, "slug": project.slug, "logo_small_url": logo, "id": project.id}


def milestone_detail(env: Environment, sprint: Sprint, batch: SprintBatch, actor_id: int | None) -> dict[str, Any]:
    facts = batch.sprints[sprint.id]
    data = {name: getattr(sprint, name) for name in (
        "id", "name", "slug", "estimated_start", "estimated_finish", "created_date", "modified_date", "closed",
        "disponibility", "order",
    )}  # fmt: skip
    return data | {
        "owner": sprint.owner_id, "project": sprint.project_id,
        "project_extra_info": project_extra_info(env, batch.projects[sprint.project_id]),
        "user_stories": [_story(env, story, batch) for story in facts.stories],
        "total_points": facts.total_points, "closed_points": facts.closed_points,
        "client_increment_points": facts.client_increment_points,
        "team_increment_points": facts.team_increment_points,
        "is_watcher": actor_id is not None and actor_id in facts.watchers, "total_watchers": len(facts.watchers),
    }  # fmt: skip


def _story(env: Environment, story: StoryFacts, batch: SprintBatch) -> dict[str, Any]:
    item = story.item
    status = batch.statuses.get(item.status_id) if item.status_id else None
    assignee = batch.users.get(item.assigned_to_id) if item.assigned_to_id else None
    data = {name: position(value) if name in POSITIONS else value for name, value in (
        (name, getattr(item, name)) for name in (
        "id", "ref", "is_closed", "created_date", "modified_date", "finish_date", "subject", "client_requirement",
        "team_requirement", "external_reference", "version", "is_blocked", "blocked_note", "backlog_order",
        "sprint_order", "kanban_order", "due_date", "due_date_reason",
    ))}  # fmt: skip
    epics = [
        {"id": e.id, "ref": e.ref, "subject": e.subject, "color": e.color,
         "project": {"id": p.id, "name": p.name, "slug": p.slug}}
        for e, p in story.epics
    ]  # fmt: skip
    return data | {
        "milestone": item.sprint_id, "project": item.project_id,
        "project_extra_info": project_extra_info(env, batch.projects[item.project_id]),
        "status": item.status_id,
        "status_extra_info": {"name": status.name, "color": status.color, "is_closed": status.is_closed}
        if status else None,
        "assigned_to": item.assigned_to_id,
        "assigned_to_extra_info": user_basic(env, assignee) if assignee else None,
        "due_date_status": due_date_status(item.due_date, bool(status and status.is_closed)),
        "epics": epics or None,
        "points": {str(role): points for role, points in story.points.items()},
        "total_points": story.total_points,
    }  # fmt: skip


def milestone_stats(stats: dict[str, Any]) -> dict[str, Any]:
    return stats | {"total_points": {str(role): points for role, points in stats["total_points"].items()}}
