"""Notifications -> Taiga web notifications: the `event_type` numbers and the `data` the web client
reads (project, the user who acted, and the item for the item events)."""

from __future__ import annotations

from typing import Any

from planyard.core.context import Environment
from planyard.dialects.taiga.mappers.timeline import timeline_user
from planyard.models import Notification, User

EVENT_TYPES = {
    "assigned": 1, "mentioned": 2, "watcher_added": 3, "member_added": 4, "comment": 5, "comment_mention": 6,
}  # fmt: skip
CONTENT_TYPES = {"epic": "epic", "story": "userstory", "task": "task", "issue": "issue"}
GONE_USER = {"id": None, "name": "", "photo": None, "big_photo": None, "gravatar_id": "", "username": "",
             "is_profile_visible": False, "date_joined": None}  # fmt: skip


def web_notification(env: Environment, row: Notification, actors: dict[int, User]) -> dict[str, Any]:
    snapshot = row.snapshot or {}
    project = snapshot.get("project") or {}
    actor = actors.get(row.actor_id) if row.actor_id is not None else None
    data: dict[str, Any] = {
        "project": {"id": row.project_id, "slug": project.get("slug", ""), "name": project.get("name", "")},
        "user": timeline_user(env, actor) if actor else GONE_USER,
    }
    if row.target_type is not None:
        item = snapshot.get("item") or {}
        data["obj"] = {"id": row.target_id, "ref": item.get("ref"), "subject": item.get("subject", ""),
                       "content_type": CONTENT_TYPES.get(row.target_type, row.target_type)}  # fmt: skip
    return {"id": row.id, "event_type": EVENT_TYPES[row.event], "user": row.user_id, "data": data,
            "created": row.created_at, "read": row.read_at}  # fmt: skip
