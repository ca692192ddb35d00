"""HacknPlan's project-level webhook events: which event a change entry is (none: not sent) and its `data`,
the object as the matching HacknPlan GET renders it when the event is handed out (once gone: the ids and
`name` from the entry; a removed project user: `projectId` and `user`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from planyard.core import entry_targets, roles, users
from planyard.core.context import Context
from planyard.dialects.hacknplan.mappers.classifiers import category, importance_level, stage, tag
from planyard.dialects.hacknplan.mappers.design import element_type
from planyard.dialects.hacknplan.mappers.people import project_user, role
from planyard.dialects.hacknplan.mappers.projects import project
from planyard.dialects.hacknplan.mappers.users import user
from planyard.dialects.hacknplan.webhook_events import MEMBERSHIP_TARGET, PROJECT_TARGET, THINGS, VERBS
from planyard.models import ChangeEntry, Project, User

# The core project fields HacknPlan's project object shows (a change of others sends no `project.updated`).
PROJECT_SHOWN = {"name", "description", "extra", "owner_id", "workspace_id"}
THING_OF = {target: thing for thing, target in THINGS.items()}
Renderer = Callable[[Any, Project], dict[str, Any]]
# core target type -> (the id's name in HacknPlan's object, how GET renders the row)
RENDERERS: dict[str, tuple[str, Renderer]] = {
    THINGS["category"]: ("categoryId", category),
    THINGS["designelementtype"]: ("designElementTypeId", lambda row, _: element_type(row)),
    THINGS["importancelevel"]: ("importanceLevelId", importance_level),
    THINGS["role"]: ("roleId", role),
    THINGS["stage"]: ("stageId", stage),
    THINGS["tag"]: ("tagId", tag),
}


def event_name(entry: ChangeEntry) -> str | None:
    diff, snapshot, action = entry.diff or {}, entry.snapshot or {}, entry.action
    if action == "change" and not diff:
        return None
    if entry.target_type == PROJECT_TARGET:
        if action != "change":
            return None
        if "is_archived" in diff:
            return "project.closed" if diff["is_archived"][1] else "project.reopened"
        return "project.updated" if PROJECT_SHOWN & diff.keys() else None
    if entry.target_type == MEMBERSHIP_TARGET:  # an invitation (no user yet) is nobody's project user
        if action == "change":
            return "projectuser.added" if "user" in diff else "projectuser.updated"
        names = {"create": "projectuser.added", "delete": "projectuser.removed"}
        return names.get(action) if snapshot.get("user") else None
    thing = THING_OF.get(entry.target_type)
    order = diff.get("order") or [None, None]
    if thing is None or action not in VERBS or isinstance(order[1], list):  # a bulk reorder names no stage
        return None
    return f"{thing}.{VERBS[action]}"


def rendered(ctx: Context, entries: Sequence[ChangeEntry]) -> dict[int, tuple[str, dict[str, Any]]]:
    """entry id -> (event name, data) of the entries that are project-level events."""
    named = {entry.id: name for entry in entries if (name := event_name(entry))}
    sent = [entry for entry in entries if entry.id in named]
    if not sent:
        return {}
    wanted = {(e.target_type, e.target_id) for e in sent} | {(PROJECT_TARGET, e.project_id or 0) for e in sent}
    rows = entry_targets.current_rows(ctx, wanted)
    members = [row for (target, _), row in rows.items() if target == MEMBERSHIP_TARGET]
    rows |= entry_targets.current_rows(ctx, {(roles.TARGET, m.role_id) for m in members})
    gone = [(e.snapshot or {}).get("user") for e in sent if e.target_type == MEMBERSHIP_TARGET]
    owners = [row.owner_id for (target, _), row in rows.items() if target == PROJECT_TARGET]
    people = users.users_by_id(ctx, [m.user_id for m in members] + gone + owners)
    out = {}
    for entry in sent:
        owner = rows.get((PROJECT_TARGET, entry.project_id or 0))
        if owner is not None:
            out[entry.id] = (named[entry.id], _data(entry, rows, people, owner))
    return out


def _data(entry: ChangeEntry, rows: dict[tuple[str, int], Any], people: dict[int, User], owner: Project) -> Any:
    row = rows.get((entry.target_type, entry.target_id)) if entry.action != "delete" else None
    if entry.target_type == PROJECT_TARGET:
        return project(owner, people)
    if entry.target_type == MEMBERSHIP_TARGET:
        member = people.get(row.user_id) if row is not None and row.user_id else None
        its_role = rows.get((roles.TARGET, row.role_id)) if row is not None else None
        if row is not None and member is not None and its_role is not None:
            return project_user(row, member, its_role, owner)
        gone = people.get((entry.snapshot or {}).get("user") or 0)
        return {"projectId": entry.project_id, "user": user(gone) if gone else None}
    id_name, render = RENDERERS[entry.target_type]
    if row is not None:
        return render(row, owner)
    name = (entry.snapshot or {}).get("name") or ((entry.diff or {}).get("name") or [None])[0]
    return {"projectId": entry.project_id, id_name: entry.target_id, "name": name}
