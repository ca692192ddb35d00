"""Core work items as Kaiten cards (docs/mapping.md, Work items), and card bodies as core changes."""

from __future__ import annotations

from datetime import date
from typing import Any

from planyard.core.work_items.board_items import BoardFacts, Placement, state
from planyard.core.work_items.service import ItemChanges
from planyard.dialects.kaiten.mappers.card_parts import tag
from planyard.dialects.kaiten.mappers.card_types import card_type
from planyard.dialects.kaiten.mappers.properties import card_properties
from planyard.dialects.kaiten.mappers.users import current_user
from planyard.dialects.kaiten.mappers.values import day, maybe_time, time
from planyard.kit.errors import Invalid
from planyard.models import WorkItem

# Kaiten's own card fields kept in `work_items.extra["kaiten"]`, with their defaults.
KEPT: dict[str, Any] = {
    "asap": False, "expires_later": False, "size_text": None, "external_id": None, "planned_start": None,
    "planned_end": None, "due_date": None, "due_date_time_present": False,
}  # fmt: skip


def card(row: WorkItem, facts: BoardFacts, detail: bool = True, uids: bool = True) -> dict[str, Any]:
    """`uids`: user values of properties as uids (Kaiten's default `broken_api`), else as ids."""
    own = {name: (row.extra or {}).get("kaiten", {}).get(name, default) for name, default in KEPT.items()}
    comments, last_comment = facts.comments.get(row.id, (0, None))
    goals_total, goals_done = facts.goals.get(row.id, (0, 0))
    children, parents = facts.children.get(row.id, []), facts.parents.get(row.id, [])
    owner = facts.users.get(row.owner_id or 0)
    members = [member(facts, user_id, row.assigned_to_id) for user_id in facts.assignees.get(row.id, [])]
    if row.assigned_to_id and row.assigned_to_id not in facts.assignees.get(row.id, []):
        members.append(member(facts, row.assigned_to_id, row.assigned_to_id))
    item_type = facts.types.get(row.item_type_id)
    properties = card_properties(facts.values.get(row.id, {}), facts.field_types, uids) or None
    data = {
        "id": row.id, "title": row.subject, "description": row.description or None,
        "created": time(row.created_date), "updated": time(row.modified_date),
        "archived": row.archived_at is not None, "condition": 2 if row.archived_at else 1,
        "asap": own["asap"], "due_date": own["due_date"] or day(row.due_date),
        "due_date_time_present": own["due_date_time_present"], "expires_later": own["expires_later"],
        "sort_order": float(row.kanban_order), "fifo_order": None, "state": state(facts, row),
        "board_id": facts.board_of_status.get(row.status_id or 0), "column_id": row.status_id,
        "lane_id": row.lane_id, "owner_id": row.owner_id, "type_id": row.item_type_id, "version": row.version,
        "updater_id": facts.updaters.get(row.id), "sprint_id": row.sprint_id, "external_id": own["external_id"],
        "blocked": row.is_blocked, "block_reason": row.blocked_note or None, "blocking_card": False,
        "size": _size(own["size_text"]), "size_text": own["size_text"], "size_unit": None,
        "parents_count": len(parents), "children_count": len(children),
        "children_done": len([c for c in children if c in facts.done]),
        "goals_total": goals_total, "goals_done": goals_done, "time_spent_sum": facts.minutes.get(row.id, 0),
        "time_blocked_sum": 0, "comments_total": comments, "comment_last_added_at": maybe_time(last_comment),
        "completed_at": maybe_time(row.finish_date), "last_moved_to_done_at": maybe_time(row.finish_date),
        "planned_start": own["planned_start"], "planned_end": own["planned_end"], "properties": properties,
        "description_filled": bool(row.description), "public": False, "share_id": None, "service_id": None,
        "owner": current_user(owner) if owner else None, "type": card_type(item_type) if item_type else None,
        "tags": [tag(t, row.id) for t in facts.tags.get(row.id, [])], "members": members, "source": "api",
    }  # fmt: skip
    if detail:
        status, lane = facts.statuses.get(row.status_id or 0), facts.lanes.get(row.lane_id or 0)
        board = facts.boards.get(data["board_id"] or 0)
        data |= {
            "parents_ids": parents, "children_ids": children,
            "board": {"id": board.id, "title": board.name, "space_id": board.project_id} if board else None,
            "column": {"id": status.id, "title": status.name, "type": state(facts, row), "column_id": status.parent_id}
            if status else None,
            "lane": {"id": lane.id, "title": lane.name, "board_id": lane.board_id} if lane else None,
        }  # fmt: skip
    return data


def member(facts: BoardFacts, user_id: int, responsible_id: int | None) -> dict[str, Any]:
    user = facts.users.get(user_id)
    shown = current_user(user) if user else {"id": user_id}
    return shown | {"type": 2 if user_id == responsible_id else 1}


def _size(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def placement(body: dict[str, Any]) -> Placement:
    return Placement(board_id=body.get("board_id"), status_id=body.get("column_id"), lane_id=body.get("lane_id"),
                     order=body.get("sort_order"), position=body.get("position"))  # fmt: skip


def changes(body: dict[str, Any]) -> ItemChanges:
    """A card body (the keys sent) as core changes; placement keys are the caller's."""
    fields: dict[str, Any] = {}
    if body.get("title") is not None:
        fields["subject"] = body["title"]
    if "description" in body:
        fields["description"] = body["description"] or ""
    if "owner_id" in body and body["owner_id"] is not None:
        fields["owner_id"] = body["owner_id"]
    if "responsible_id" in body:
        fields["assigned_to_id"] = body["responsible_id"]
    if "sprint_id" in body:
        fields["sprint_id"] = body["sprint_id"]
    if "due_date" in body:
        fields["due_date"] = _due_day(body["due_date"])
    if body.get("blocked") is not None:
        fields["is_blocked"] = body["blocked"]
    kept = {k: v for k, v in body.items() if k in KEPT}
    archived = None if body.get("condition") is None else body["condition"] == 2
    return ItemChanges(fields=fields, item_type_id=body.get("type_id"), extra={"kaiten": kept} if kept else None,
                       archived=archived)  # fmt: skip


def _due_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise Invalid.on("due_date", "must be an ISO-8601 date") from None
