"""Change entries -> Taiga history entries (§41.48): core column names become Taiga field names, and
the ids in a diff get the display names Taiga puts in `values` and `values_diff`."""

from __future__ import annotations

import html
import re
from difflib import SequenceMatcher
from typing import Any

from planyard.core.context import Environment
from planyard.core.item_history import Names
from planyard.core.users import display_name
from planyard.dialects.taiga.mappers.users import gravatar_id, photo_url, user_detail
from planyard.kit.markdown import render_markdown
from planyard.models import ChangeEntry, User

ENTRY_TYPES = {"change": 1, "create": 2, "delete": 3}
TYPENAMES = {
    "epic": "epics.epic",
    "story": "userstories.userstory",
    "task": "tasks.task",
    "issue": "issues.issue",
    "wiki_page": "wiki.wikipage",
}
COMMON_NAMES = {
    "status_id": "status", "assigned_to_id": "assigned_to", "owner_id": "owner", "sprint_id": "milestone",
    "lane_id": "swimlane", "type_id": "type", "priority_id": "priority", "severity_id": "severity",
}  # fmt: skip
KIND_NAMES = {
    "task": {"parent_id": "user_story", "parent_order": "us_order", "board_order": "taskboard_order"},
    "story": {"generated_from_id": "from_issue"},
}
# Taiga field -> the table of names its ids come from.
LABELLED = {"status": "status", "milestone": "sprint", "swimlane": "lane", "type": "option", "priority": "option",
            "severity": "option", "user_story": "item"}  # fmt: skip
USER_KEYS = ("assigned_to", "owner")
TEXT_KEYS = ("description", "blocked_note", "content")
IGNORED = ("watchers",)
# Core item columns Taiga has no field for (HacknPlan's estimate, start date, design element and category,
# Kaiten's archive mark, the per-API `extra`): left out of a diff, and a change of only these is not
# listed, as taiga-back makes no history entry for a change without a diff.
UNSHOWN = frozenset({"project_id", "estimate", "start_date", "design_element_id", "item_type_id", "extra",
                     "archived_at"})  # fmt: skip
PLAIN_TYPES = ("number", "checkbox")  # custom attribute types whose value_diff is [old, new], not HTML


def wire_diff(env: Environment, kind_name: str, diff: dict[str, Any], labels: Names) -> dict[str, Any]:
    names = COMMON_NAMES | KIND_NAMES.get(kind_name, {})
    out: dict[str, Any] = {}
    for name, value in diff.items():
        if name in UNSHOWN:  # a move's project too: Taiga's item history has no project
            continue
        if name == "points" and isinstance(value, dict):
            value = [{r: pair[0] for r, pair in value.items()}, {r: pair[1] for r, pair in value.items()}]
        if name == "custom_attributes" and isinstance(value, list):
            value = custom_attribute_lists(labels, value)
        if name == "attachments" and isinstance(value, list):
            value = [[_frozen_attachment(env, a) for a in side] for side in value]
        out[names.get(name, name)] = value
    return out


def values(names: Names, diff: dict[str, Any]) -> dict[str, Any]:
    """Display names for the ids in a (Taiga-named) diff, keyed by str(id)."""
    user_ids: set[int] = set()
    out: dict[str, Any] = {}
    for key, pair in diff.items():
        if key in USER_KEYS:
            user_ids.update(v for v in pair if isinstance(v, int))
        elif key == "assigned_users":
            user_ids.update(v for side in pair for v in side or [] if isinstance(v, int))
        elif key in LABELLED:
            out[key] = {str(v): names.label(LABELLED[key], v) for v in pair if isinstance(v, int)}
        elif key == "points":
            out["roles"] = {r: names.label("role", int(r)) for side in pair for r in side if r.isdigit()}
            out["points"] = {str(v): names.label("points", v) for side in pair for v in side.values()
                             if isinstance(v, int)}  # fmt: skip
    out["users"] = {str(u): display_name(names.users[u]) for u in sorted(user_ids) if u in names.users}
    return out


def values_diff(names: Names, diff: dict[str, Any]) -> dict[str, Any]:
    """The diff with names instead of ids (Taiga's rules: unchanged and empty parts are left out)."""
    out: dict[str, Any] = {}
    for key, pair in diff.items():
        value: Any
        if key in IGNORED:
            continue
        if key in TEXT_KEYS:
            key, value = f"{key}_diff", [None, text_diff_html(pair[0] or "", pair[1] or "")]
        elif key in USER_KEYS:
            value = [_user_name(names, v) for v in pair]
        elif key == "assigned_users":
            value = [", ".join(n for v in side or [] if (n := _user_name(names, v))) or None for side in pair]
        elif key == "points":
            value = {
                names.label("role", int(r)) or r: [names.label("points", pair[0].get(r)), names.label("points", new)]
                for r, new in pair[1].items()
                if pair[0].get(r) != new
            }
        elif key in LABELLED:
            value = [names.label(LABELLED[key], v) for v in pair]
        elif key == "custom_attributes":
            value = _custom_attributes_diff(*pair)
        elif key == "attachments":
            value = _attachments_diff(*pair)
        else:
            value = pair
        if value:
            out[key] = value
    return out


def custom_attribute_lists(names: Names, pair: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The core's [{field id: old value}, {field id: new value}] -> Taiga's lists of frozen attributes."""
    return [
        [{"id": int(k), "name": names.label("custom_field", int(k)) or "", "value": v,
          "type": names.field_types.get(int(k), "text")}
         for k, v in sorted((kv for kv in side.items() if str(kv[0]).isdigit()), key=lambda kv: int(kv[0]))]
        for side in pair
    ]  # fmt: skip


def _custom_attributes_diff(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Taiga's {new, changed, deleted}, each new or changed one with its `value_diff`."""
    before, after = {a["id"]: a for a in old}, {a["id"]: a for a in new}
    out: dict[str, list[Any]] = {"new": [], "changed": [], "deleted": []}
    for field_id in sorted(set(before) | set(after)):
        if field_id not in after:
            out["deleted"].append(before[field_id])
            continue
        attribute = after[field_id]
        old_value = before[field_id]["value"] if field_id in before else None
        if field_id in before and old_value == attribute["value"]:
            continue
        if attribute["type"] in PLAIN_TYPES:
            value_diff: Any = [old_value, attribute["value"]]
        else:
            value_diff = text_diff_html(str(old_value or ""), str(attribute["value"] or ""))
        if field_id in before:
            out["changed"].append({"name": attribute["name"], "changes": {"value": [old_value, attribute["value"]]},
                                   "type": attribute["type"], "value_diff": value_diff})  # fmt: skip
        else:
            out["new"].append(attribute | {"value_diff": value_diff})
    return out if any(out.values()) else None


def _frozen_attachment(env: Environment, attachment: dict[str, Any]) -> dict[str, Any]:
    """An attachment as Taiga's history freezes it."""
    key = attachment.get("file_key") or ""
    return {"id": attachment["id"], "filename": attachment.get("name", ""), "url": env.storage.url(key) if key else "",
            "attached_file": key, "thumbnail_file": None, "is_deprecated": attachment.get("is_deprecated", False),
            "description": attachment.get("description", ""), "order": attachment.get("order")}  # fmt: skip


def _attachments_diff(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Taiga's {new, changed, deleted}; a changed one names what changed besides its file and order."""
    before, after = {a["id"]: a for a in old}, {a["id"]: a for a in new}
    out: dict[str, list[Any]] = {"new": [], "changed": [], "deleted": []}
    for attachment_id in sorted(set(before) | set(after)):
        if attachment_id not in after:
            out["deleted"].append(before[attachment_id])
        elif attachment_id not in before:
            out["new"].append(after[attachment_id])
        else:
            was, now = before[attachment_id], after[attachment_id]
            changes = {k: [was.get(k), now.get(k)] for k in sorted(set(was) | set(now))
                       if k not in ("filename", "url", "thumb_url", "order") and was.get(k) != now.get(k)}  # fmt: skip
            if changes:
                out["changed"].append({"filename": now["filename"], "url": now["url"],
                                       "thumb_url": now.get("thumb_url", ""), "changes": changes})  # fmt: skip
    return out if any(out.values()) else None


def history_user(env: Environment, user: User | None) -> dict[str, Any]:
    if user is None:
        return {"pk": None, "username": None, "name": None, "photo": None, "is_active": False, "gravatar_id": None}
    return {
        "pk": user.id, "username": user.username if user.is_active else None, "name": display_name(user),
        "photo": photo_url(env, user), "is_active": user.is_active, "gravatar_id": gravatar_id(user),
    }  # fmt: skip


def history_entry(env: Environment, kind_name: str, entry: ChangeEntry, names: Names) -> dict[str, Any]:
    diff = wire_diff(env, kind_name, entry.diff or {}, names)
    comment = entry.comment
    deleter = names.users.get(comment.deleted_by_id) if comment and comment.deleted_by_id else None
    text = comment.text if comment else ""
    return {
        "id": str(entry.id), "user": history_user(env, names.users.get(entry.user_id or 0)),
        "created_at": entry.created_at, "type": ENTRY_TYPES.get(entry.action, 1),
        "key": f"{TYPENAMES[kind_name]}:{entry.target_id}", "diff": diff, "snapshot": None,
        "values": values(names, diff), "values_diff": values_diff(names, diff), "comment": text,
        "comment_html": render_markdown(text), "delete_comment_date": comment.deleted_at if comment else None,
        "delete_comment_user": {"pk": deleter.id, "name": display_name(deleter)} if deleter else None,
        "edit_comment_date": comment.edited_at if comment else None, "is_hidden": False, "is_snapshot": False,
    }  # fmt: skip


def comment_version(env: Environment, version: dict[str, Any], names: Names) -> dict[str, Any]:
    user = names.users.get(version.get("user", {}).get("id"))
    return {
        "date": version["date"], "comment": version["comment"], "comment_html": render_markdown(version["comment"]),
        "user": user_detail(env, user) if user else version.get("user", {}),
    }  # fmt: skip


DIFF_BUDGET = 20_000  # words compared pairwise at most (SequenceMatcher is about cubic): ~10 ms an entry


def text_diff_html(old: str, new: str) -> str:
    """Word-level diff as HTML: unchanged text in <span>, removals in <del>, additions in <ins>.

    Past DIFF_BUDGET the common head and tail are cut off first, and a middle still too large for the
    budget is shown as one removal and one addition."""
    a, b = _words(old), _words(new)
    if a == b:
        return ""
    if len(a) * len(b) <= DIFF_BUDGET:
        return "".join(_diff_parts(a, b))
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle_a, middle_b = a[head : len(a) - tail], b[head : len(b) - tail]
    parts = [f"<span>{_escape(a[:head])}</span>"] if head else []
    if len(middle_a) * len(middle_b) <= DIFF_BUDGET:
        parts.extend(_diff_parts(middle_a, middle_b))
    else:
        parts.extend(_changed(middle_a, middle_b))
    if tail:
        parts.append(f"<span>{_escape(a[len(a) - tail :])}</span>")
    return "".join(parts)


def _diff_parts(a: list[str], b: list[str]) -> list[str]:
    parts: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(f"<span>{_escape(a[i1:i2])}</span>")
        else:
            parts.extend(_changed(a[i1:i2], b[j1:j2]))
    return parts


def _changed(removed: list[str], added: list[str]) -> list[str]:
    parts = [f'<del style="background:#ffe6e6;">{_escape(removed)}</del>'] if removed else []
    if added:
        parts.append(f'<ins style="background:#e6ffe6;">{_escape(added)}</ins>')
    return parts


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"(\s+)", text) if w]


def _escape(words: list[str]) -> str:
    return html.escape("".join(words), quote=False).replace("\n", "&para;<br>")


def _user_name(names: Names, user_id: Any) -> str | None:
    user = names.users.get(user_id) if isinstance(user_id, int) else None
    return display_name(user) if user else None
