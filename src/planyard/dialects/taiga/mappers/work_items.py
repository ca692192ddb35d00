"""Pieces every Taiga work-item shape shares: wire <-> core field names (also for error bodies),
the read-only `*_extra_info` objects and the social counters, all from the batched ItemFacts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from planyard.core.context import Environment
from planyard.core.work_items.facts import ItemFacts, watched_by
from planyard.dialects.taiga.mappers.users import user_basic
from planyard.kit.errors import Invalid
from planyard.kit.markdown import render_markdown
from planyard.models import WorkItem

# Taiga wire name -> core column name (names not listed are the same on both sides).
WIRE_TO_CORE = {
    "status": "status_id", "assigned_to": "assigned_to_id", "milestone": "sprint_id", "user_story": "parent_id",
    "swimlane": "lane_id", "type": "type_id", "priority": "priority_id", "severity": "severity_id",
    "us_order": "parent_order", "taskboard_order": "board_order", "generated_from_issue": "generated_from_id",
    "is_deprecated": "is_deprecated",
}  # fmt: skip
CORE_TO_WIRE = {core: wire for wire, core in WIRE_TO_CORE.items()}
DUE_SOON_DAYS = 14
POSITIONS = ("backlog_order", "sprint_order", "kanban_order", "parent_order", "board_order", "epics_order")
LINK_FIELDS = {"watchers", "assigned_users", "points", "comment", "version", "project"}


def to_core(fields: dict[str, Any]) -> dict[str, Any]:
    """Column changes in core names; link fields (watchers, points, ...) are left to the caller."""
    return {WIRE_TO_CORE.get(k, k): v for k, v in fields.items() if k not in LINK_FIELDS}


@contextmanager
def wire_errors() -> Iterator[None]:
    """Core errors name core columns; the client must see the names it sent."""
    try:
        yield
    except Invalid as exc:
        exc.rename_fields(CORE_TO_WIRE)
        raise


@dataclass
class _ExtraInfo:
    """The `*_extra_info` objects of the statuses, users and projects a batch refers to, built once."""

    statuses: dict[int, dict[str, Any]]
    users: dict[int, dict[str, Any]]
    projects: dict[int, dict[str, Any]]


def _extra_info(env: Environment, facts: ItemFacts) -> _ExtraInfo:
    shapes = facts.rendered.get("taiga.extra_info")
    if shapes is None:
        shapes = facts.rendered["taiga.extra_info"] = _ExtraInfo(
            statuses={s.id: {"name": s.name, "color": s.color, "is_closed": s.is_closed}
                      for s in facts.statuses.values()},
            users={u.id: user_basic(env, u) for u in facts.users.values()},
            projects={p.id: {"id": p.id, "name": p.name, "slug": p.slug,
                             "logo_small_url": env.storage.url(p.logo) if p.logo else None}
                      for p in facts.projects.values()},
        )  # fmt: skip
    return shapes


def common(env: Environment, item: WorkItem, facts: ItemFacts, actor_id: int | None) -> dict[str, Any]:
    """The fields every kind renders in lists and details."""
    extra = _extra_info(env, facts)
    sprint = facts.sprints.get(item.sprint_id or 0)
    watchers = facts.watchers.get(item.id, [])
    return {
        "id": item.id, "ref": item.ref, "project": item.project_id, "subject": item.subject,
        "status": item.status_id, "is_closed": item.is_closed, "assigned_to": item.assigned_to_id,
        "owner": item.owner_id, "milestone": item.sprint_id,
        "tags": [[name, color] for name, color in facts.tags.get(item.id, ())],
        "is_blocked": item.is_blocked, "blocked_note": item.blocked_note, "version": item.version,
        "created_date": item.created_date, "modified_date": item.modified_date, "finish_date": item.finish_date,
        "due_date": item.due_date, "due_date_reason": item.due_date_reason,
        "due_date_status": due_date_status(item.due_date, item.is_closed),
        "external_reference": item.external_reference,
        "watchers": watchers, "total_watchers": len(watchers), "is_watcher": watched_by(facts, item.id, actor_id),
        "total_voters": facts.voters.get(item.id, 0), "is_voter": item.id in facts.my_votes,
        "total_attachments": facts.attachments.get(item.id, 0),
        "milestone_name": sprint.name if sprint else None, "milestone_slug": sprint.slug if sprint else None,
        "status_extra_info": extra.statuses.get(item.status_id or 0),
        "assigned_to_extra_info": extra.users.get(item.assigned_to_id or 0),
        "owner_extra_info": extra.users.get(item.owner_id or 0),
        "project_extra_info": extra.projects.get(item.project_id),
    }  # fmt: skip


def due_date_status(due: date | None, closed: bool, today: date | None = None) -> str:
    """Taiga's due-date badge: not_set, set, due_soon (within two weeks), past_due, no_longer_applicable."""
    if due is None:
        return "not_set"
    if closed:
        return "no_longer_applicable"
    today = today or date.today()
    if today > due:
        return "past_due"
    return "due_soon" if today + timedelta(days=DUE_SOON_DAYS) >= due else "set"


def rendered_text(item: WorkItem) -> dict[str, Any]:
    """The detail-only Markdown fields."""
    return {
        "description": item.description,
        "description_html": render_markdown(item.description),
        "blocked_note_html": render_markdown(item.blocked_note),
    }


def position(value: float) -> int:
    """Taiga's orders are integers: a fractional position (set through another API) shows without its
    fraction; lists still sort by the full value."""
    return int(value)
