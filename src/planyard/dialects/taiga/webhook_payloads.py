"""Taiga's webhook payload format (taiga-back's webhooks/tasks.py): `action`, `type`, `by`, `date`,
`data` and, for a change, `change` (its comment and its diff as {from, to}); the body signed with
HMAC-SHA1 of the webhook's key in `X-TAIGA-WEBHOOK-SIGNATURE` (and `X-Hub-Signature: sha1=...`).
`data` describes the object as it is when the event is handed out (from its last snapshot once deleted):
its id, ref, subject, permalink, project and, for stories and tasks, milestone."""

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
from planyard.dialects.taiga.mappers.history import values_diff, wire_diff
from planyard.dialects.taiga.mappers.users import gravatar_id, photo_url
from planyard.kit.markdown import render_markdown
from planyard.models import ChangeEntry, Project, User

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
    return {entry.id: _payload(ctx.env, entry, facts) for entry in sent}


def _shown(entry: ChangeEntry) -> bool:
    """Creations, deletions and the changes Taiga's history shows (not hidden ones such as reorders)."""
    if entry.action in ("create", "delete"):
        return True
    comment = entry.comment.text if entry.comment else ""
    return entry.action == "change" and item_history.is_listed(entry.target_type, "change", entry.diff or {}, comment)


def _payload(env: Environment, entry: ChangeEntry, facts: timeline.TimelineFacts) -> dict[str, Any]:
    kind, _ = TYPES[entry.target_type]
    payload = {
        "action": entry.action, "type": kind, "by": webhook_user(env, facts.names.users.get(entry.user_id or 0)),
        "date": taiga_date(entry.created_at), "data": _data(env, entry, facts),
    }  # fmt: skip
    if entry.action == "change":
        comment = entry.comment
        text = comment.text if comment else ""
        diff = values_diff(facts.names, wire_diff(entry.target_type, entry.diff or {}))
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
