"""An item's change log in a dump: each change entry as one entry of the item's `history` list, the way
taiga-back dumps its history (`user` [email, name], `diff`, `snapshot`, `values`, `comment`...,
`type` 2 for a creation, 1 for a change). The diff carries taiga-back's field names; the ids in it stay
ids of the dumping server and `values` names them (statuses, sprints, lanes, options, roles, points, and
item refs for the items a diff points at); users are emails. Loading maps each name back to the id of
the same-named value in the new project, so the history reads the same after a move."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from planyard.core.custom_fields import VALUES_DIFF_KEY
from planyard.core.item_history import is_listed

HISTORY_CHANGE, HISTORY_CREATE = 1, 2  # the dump's entry types (3, a deletion, is never dumped)
COMMON_NAMES = {
    "status_id": "status", "assigned_to_id": "assigned_to", "owner_id": "owner", "sprint_id": "milestone",
    "lane_id": "swimlane", "type_id": "type", "priority_id": "priority", "severity_id": "severity",
}  # fmt: skip
KIND_NAMES = {
    "task": {"parent_id": "user_story", "parent_order": "us_order", "board_order": "taskboard_order"},
    "story": {"generated_from_id": "from_issue"},
}
USER_KEYS = frozenset({"assigned_to", "owner"})
USER_LISTS = frozenset({"assigned_users", "watchers"})
REF_KEYS = frozenset({"user_story", "from_issue"})
# dump field -> the table its ids name (writer.Names keys)
LABELLED = {"status": "statuses", "milestone": "sprints", "swimlane": "lanes", "type": "item_options",
            "priority": "item_options", "severity": "item_options"}  # fmt: skip
OPTION_KINDS = {"type": "issue_type", "priority": "priority", "severity": "severity"}
TEXT_KEYS = frozenset({"subject", "description", "blocked_note", "content", "due_date_reason"})


def dump_names(kind: str) -> dict[str, str]:
    return COMMON_NAMES | KIND_NAMES.get(kind, {})


@dataclass
class Labels:
    """What the writer knows to name ids: value names by (table, id), emails, item refs, custom fields."""

    names: dict[tuple[str, int], str]
    email: Callable[[int | None], str | None]
    refs: dict[int, int] = field(default_factory=dict)
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)  # str(field id) -> (name, type)


def dumped_diff(kind: str, diff: dict[str, Any], labels: Labels) -> tuple[dict[str, Any], dict[str, Any]]:
    """A core diff -> the dump's (`diff`, `values`)."""
    names = dump_names(kind)
    out: dict[str, Any] = {}
    values: dict[str, Any] = {}
    users: list[str] = []
    for core_key, pair in diff.items():
        key = names.get(core_key, core_key)
        if key in USER_KEYS and isinstance(pair, list):
            pair = [labels.email(v) if isinstance(v, int) else v for v in pair]
            users += [v for v in pair if isinstance(v, str)]
        elif key in USER_LISTS and isinstance(pair, list):
            pair = [[labels.email(v) if isinstance(v, int) else v for v in side or []] for side in pair]
            users += [v for side in pair for v in side if isinstance(v, str)]
        elif key in LABELLED and isinstance(pair, list):
            values[key] = {str(v): labels.names.get((LABELLED[key], v)) for v in pair if isinstance(v, int)}
        elif key in REF_KEYS and isinstance(pair, list):
            values[key] = {str(v): labels.refs.get(v) for v in pair if isinstance(v, int)}
        elif key == "points" and isinstance(pair, dict):
            values["roles"] = {str(r): labels.names.get(("roles", int(r))) for r in pair if str(r).isdigit()}
            values["points"] = {str(v): labels.names.get(("point_values", v)) for old_new in pair.values()
                                for v in old_new if isinstance(v, int)}  # fmt: skip
            pair = [{r: old_new[0] for r, old_new in pair.items()}, {r: old_new[1] for r, old_new in pair.items()}]
        elif key == VALUES_DIFF_KEY and isinstance(pair, list):
            pair = [[{"id": int(k), "name": labels.fields.get(str(k), ("", ""))[0], "value": v,
                      "type": labels.fields.get(str(k), ("", "text"))[1]} for k, v in (side or {}).items()]
                     for side in pair]  # fmt: skip
        out[key] = pair
    values["users"] = list(dict.fromkeys(users))
    return out, values


@dataclass
class Lookups:
    """What the loader knows to turn names back into the new project's ids."""

    user: Callable[[Any], int | None]
    by_name: dict[str, dict[str, int]]  # dump field -> value name -> new id (status, milestone, ...)
    refs: dict[int, int]
    roles: dict[str, int]
    points: dict[str, int]
    fields: dict[str, str]  # custom field name -> new str(id)


def loaded_diff(kind: str, diff: Any, values: Any, find: Lookups) -> dict[str, Any]:
    """The dump's (`diff`, `values`) -> a core diff with the new project's ids."""
    if not isinstance(diff, dict):
        return {}
    values = values if isinstance(values, dict) else {}
    core = {dumped: core_key for core_key, dumped in dump_names(kind).items()}
    out: dict[str, Any] = {}
    for key, pair in diff.items():
        named = values.get(key) if isinstance(values.get(key), dict) else {}
        if key in USER_KEYS and isinstance(pair, list):
            pair = [find.user(v) for v in pair]
        elif key in USER_LISTS and isinstance(pair, list):
            pair = [
                [u for v in side if (u := find.user(v)) is not None] if isinstance(side, list) else side
                for side in pair
            ]
        elif key in LABELLED and isinstance(pair, list):
            pair = [find.by_name.get(key, {}).get(str(named.get(str(v)))) if v is not None else None for v in pair]
        elif key in REF_KEYS and isinstance(pair, list):
            pair = [find.refs.get(named.get(str(v)) or 0) if v is not None else None for v in pair]
        elif key == "points" and isinstance(pair, list) and len(pair) == 2 and all(isinstance(s, dict) for s in pair):
            pair = _points(pair, values, find)
        elif key == VALUES_DIFF_KEY and isinstance(pair, list):
            pair = [{find.fields[a["name"]]: a.get("value") for a in side or []
                     if isinstance(a, dict) and a.get("name") in find.fields} for side in pair]  # fmt: skip
        if _well_formed(key, pair):
            out[core.get(key) or str(key)] = [_text(v) for v in pair] if key in TEXT_KEYS else pair
    return out


def _well_formed(key: str, pair: Any) -> bool:
    """A change in the shape the core writes (a dump may hold anything): [old, new], the points a dict
    of [old, new] by role, lists of users and custom values side by side."""
    if key == "points":
        return isinstance(pair, dict) and all(isinstance(v, list) and len(v) == 2 for v in pair.values())
    if not isinstance(pair, list) or len(pair) != 2:
        return False
    if key in USER_LISTS:
        return all(isinstance(side, list) for side in pair)
    if key == VALUES_DIFF_KEY:
        return all(isinstance(side, dict) for side in pair)
    return True


def _text(value: Any) -> str | None:
    return value if value is None or isinstance(value, str) else str(value)


def _points(pair: list[dict[str, Any]], values: dict[str, Any], find: Lookups) -> dict[str, list[int | None]]:
    roles, points = values.get("roles") or {}, values.get("points") or {}
    out: dict[str, list[int | None]] = {}
    for role in set(pair[0]) | set(pair[1]):
        role_id = find.roles.get(str(roles.get(str(role))))
        if role_id is not None:
            out[str(role_id)] = [find.points.get(str(points.get(str(pair[side].get(role))))) for side in (0, 1)]
    return out


def is_hidden(kind: str, action: str, diff: dict[str, Any], comment: str) -> bool:
    return action == "change" and not is_listed(kind, action, diff, comment)
