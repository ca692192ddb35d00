"""Taiga's webhook payload format (taiga-back's webhooks/tasks.py): `action`, `type`, `by`, `date`,
`data` and, for a change, `change` (its comment and its diff as {from, to}); the body signed with
HMAC-SHA1 of the webhook's key in `X-TAIGA-WEBHOOK-SIGNATURE` (and `X-Hub-Signature: sha1=...`).
`data` describes the object as it is when the event is handed out (once deleted, from its last snapshot:
id, ref, subject, permalink, project), with the fields of taiga-back's webhook serializers but custom
attribute values and points."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from planyard.core import item_history, timeline
from planyard.core.context import Context, Environment
from planyard.core.users import display_name
from planyard.core.webhooks.formats import PayloadFormat
from planyard.core.work_items.facts import ItemFacts, items_with_facts
from planyard.dialects.taiga.mappers.history import UNSHOWN, values_diff, wire_diff
from planyard.dialects.taiga.mappers.users import gravatar_id, photo_url
from planyard.kit.markdown import render_markdown
from planyard.models import ChangeEntry, Project, User, WorkItem

FORMAT = "taiga"
# Core target types Taiga sends webhooks for -> Taiga's `type` and its front-end path.
TYPES = {"epic": ("epic", "epic"), "story": ("userstory", "us"), "task": ("task", "task"),
         "issue": ("issue", "issue"), "milestone": ("milestone", "taskboard")}  # fmt: skip
AS_IS = ("attachments", "custom_attributes", "description_diff")  # diff keys Taiga sends unchanged


def taiga_date(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def sign(body: bytes, key: str) -> dict[str, str]:
    signature = hmac.new(key.encode(), body, hashlib.sha1).hexdigest()
    return {"X-TAIGA-WEBHOOK-SIGNATURE": signature, "X-Hub-Signature": f"sha1={signature}"}


def render(ctx: Context, entries: Sequence[ChangeEntry]) -> Mapping[int, dict[str, Any]]:
    sent = [e for e in entries if e.target_type in TYPES and _shown(e)]
    if not sent:
        return {}
    facts = timeline.load_facts(ctx, sent)
    items, item_facts = items_with_facts(ctx, {e.target_id for e in sent if e.target_type != "milestone"})
    payloads = {}
    for entry in sent:
        payload = payloads[entry.id] = _payload(ctx.env, entry, facts)
        item = items.get(entry.target_id) if entry.target_type != "milestone" else None
        if item is not None:
            payload["data"] |= _item_fields(ctx.env, item, item_facts)
    return payloads


def _shown(entry: ChangeEntry) -> bool:
    """Creations, deletions and the changes Taiga's history shows (not hidden ones such as reorders)."""
    if entry.action in ("create", "delete"):
        return True
    comment = entry.comment.text if entry.comment else ""
    return entry.action == "change" and item_history.is_listed(
        entry.target_type, "change", entry.diff or {}, comment, UNSHOWN
    )


def _payload(env: Environment, entry: ChangeEntry, facts: timeline.TimelineFacts) -> dict[str, Any]:
    kind, _ = TYPES[entry.target_type]
    payload = {
        "action": entry.action, "type": kind, "by": webhook_user(env, facts.names.users.get(entry.user_id or 0)),
        "date": taiga_date(entry.created_at), "data": _data(env, entry, facts),
    }  # fmt: skip
    if entry.action == "change":
        comment = entry.comment
        text = comment.text if comment else ""
        diff = values_diff(facts.names, wire_diff(env, entry.target_type, entry.diff or {}, facts.names))
        payload["change"] = {
            "comment": text, "comment_html": render_markdown(text),
            "delete_comment_date": _date(comment.deleted_at) if comment else None,
            "comment_versions": comment.versions if comment and comment.versions else None,
            "edit_comment_date": _date(comment.edited_at) if comment else None,
            "diff": {key: _from_to(key, value) for key, value in diff.items()},
        }  # fmt: skip
    return payload


def _from_to(key: str, value: Any) -> Any:
    if key in AS_IS:
        return value
    if key == "points" and isinstance(value, dict):
        return {role: {"from": pair[0], "to": pair[1]} for role, pair in value.items()}
    return {"from": value[0], "to": value[1]} if isinstance(value, list | tuple) and len(value) == 2 else value


def _data(env: Environment, entry: ChangeEntry, facts: timeline.TimelineFacts) -> dict[str, Any]:
    project = facts.projects.get(entry.project_id or 0)
    kind, path = TYPES[entry.target_type]
    if entry.target_type == "milestone":
        sprint = facts.sprints.get(entry.target_id, {"id": entry.target_id, "slug": "", "name": ""})
        link = _permalink(env, project, path, sprint["slug"])
        return {"id": sprint["id"], "name": sprint["name"], "slug": sprint["slug"], "permalink": link,
                "project": _project(env, project)}  # fmt: skip
    item = facts.items.get(entry.target_id, {"id": entry.target_id, "ref": None, "subject": ""})
    data: dict[str, Any] = {
        "id": item["id"], "ref": item["ref"], "subject": item["subject"],
        "permalink": _permalink(env, project, path, item["ref"]), "project": _project(env, project),
    }  # fmt: skip
    if kind in ("userstory", "task", "issue"):
        in_sprint = facts.sprints.get(item.get("sprint_id") or 0)
        data["milestone"] = {k: in_sprint[k] for k in ("id", "name", "slug")} if in_sprint else None
    if kind == "task":
        parent = facts.items.get(item.get("parent_id") or 0)
        data["user_story"] = {k: parent[k] for k in ("id", "ref", "subject")} if parent else None
    return data


def _item_fields(env: Environment, item: WorkItem, facts: ItemFacts) -> dict[str, Any]:
    """What taiga-back's webhook serializers add for an item that still exists."""
    status = facts.statuses.get(item.status_id or 0)
    out: dict[str, Any] = {
        "is_closed": item.is_closed, "created_date": taiga_date(item.created_date),
        "modified_date": taiga_date(item.modified_date), "description": item.description,
        "tags": [name for name, _ in facts.tags.get(item.id, ())], "watchers": facts.watchers.get(item.id, []),
        "owner": webhook_user(env, facts.users.get(item.owner_id or 0)),
        "assigned_to": webhook_user(env, facts.users.get(item.assigned_to_id or 0)),
        "status": {"id": status.id, "name": status.name, "slug": status.slug, "color": status.color,
                   "is_closed": status.is_closed} if status else None,
    }  # fmt: skip
    if item.kind != "epic":
        out |= {"due_date": item.due_date.isoformat() if item.due_date else None,
                "due_date_reason": item.due_date_reason, "external_reference": item.external_reference}  # fmt: skip
    if item.kind in ("story", "task"):
        out |= {"is_blocked": item.is_blocked, "blocked_note": item.blocked_note}
    finished = _date(item.finish_date)
    if item.kind == "story":
        out |= {"finish_date": finished, "client_requirement": item.client_requirement,
                "team_requirement": item.team_requirement, "assigned_users": facts.assignees.get(item.id, []),
                "generated_from_issue": item.generated_from_id}  # fmt: skip
        if out["status"] is not None and status is not None:
            out["status"]["is_archived"] = status.is_archived
    elif item.kind == "task":
        out |= {"finished_date": finished, "us_order": item.parent_order, "taskboard_order": item.board_order,
                "is_iocaine": item.is_iocaine}  # fmt: skip
    elif item.kind == "issue":
        out["finished_date"] = finished
        for name, option_id in (("type", item.type_id), ("priority", item.priority_id), ("severity", item.severity_id)):
            option = facts.options.get(option_id or 0)
            out[name] = {"id": option.id, "name": option.name, "color": option.color} if option else None
    elif item.kind == "epic":
        out |= {"epics_order": item.epics_order, "color": item.color, "client_requirement": item.client_requirement,
                "team_requirement": item.team_requirement}  # fmt: skip
    return out


def _permalink(env: Environment, project: Project | None, path: str, ref: Any) -> str | None:
    if project is None:
        return None
    return f"{env.settings.public_url.rstrip('/')}/project/{project.slug}/{path}/{ref}"


def _project(env: Environment, project: Project | None) -> dict[str, Any] | None:
    if project is None:
        return None
    return {
        "id": project.id, "permalink": f"{env.settings.public_url.rstrip('/')}/project/{project.slug}/",
        "name": project.name, "logo_big_url": env.storage.url(project.logo) if project.logo else None,
    }  # fmt: skip


def _date(moment: datetime | None) -> str | None:
    return taiga_date(moment) if moment else None


def webhook_user(env: Environment, user: User | None) -> dict[str, Any] | None:
    """taiga-back's webhook UserSerializer."""
    if user is None:
        return None
    return {
        "id": user.id, "permalink": f"{env.settings.public_url.rstrip('/')}/profile/{user.username}",
        "username": user.username, "full_name": display_name(user), "photo": photo_url(env, user),
        "gravatar_id": gravatar_id(user),
    }  # fmt: skip


def test_payload(ctx: Context) -> dict[str, Any]:
    return {"action": "test", "type": "test", "by": webhook_user(ctx.env, ctx.actor),
            "date": taiga_date(datetime.now(UTC)), "data": {"test": "test"}}  # fmt: skip


TAIGA_PAYLOADS = PayloadFormat(name=FORMAT, render=render, test_payload=test_payload, sign=sign)
