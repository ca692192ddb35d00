"""Files (R12; `fileId` = the attachment id), design element attachments (R5) and comments (R6), the
project's storage (R13) and calendar events (R11)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planyard.core.projects.calendar import Event
from planyard.dialects.hacknplan.mappers.users import user
from planyard.dialects.hacknplan.mappers.values import time
from planyard.models import Attachment, Comment, Project, User

IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".svg")
EVENT_COLORS = {"sprint": "#3f88c5", "release": "#8e44ad"}


def file(row: Attachment, url: Callable[[str], str], users: dict[int, User]) -> dict[str, Any]:
    owner = users.get(row.owner_id or 0)
    return {
        "projectId": row.project_id, "fileId": row.id, "name": row.name, "thumbName": row.name,
        "url": url(row.file_key), "thumbUrl": url(row.file_key), "size": row.size,
        "isImage": row.name.lower().endswith(IMAGES), "user": user(owner) if owner else None,
        "creationDate": time(row.created_date),
    }  # fmt: skip


def element_attachment(row: Attachment, url: Callable[[str], str], users: dict[int, User]) -> dict[str, Any]:
    rendered = file(row, url, users)
    return {
        "projectId": row.project_id, "designElementId": row.target_id, "attachmentId": row.id, "file": rendered,
        "user": rendered["user"], "creationDate": rendered["creationDate"],
    }  # fmt: skip


def element_comment(row: Comment, users: dict[int, User]) -> dict[str, Any]:
    author = users.get(row.author_id or 0)
    return {
        "projectId": row.project_id, "designElementId": row.target_id, "commentId": row.id, "text": row.text,
        "user": user(author) if author else None, "creationDate": time(row.created_at),
        "updateDate": time(row.edited_at or row.created_at),
    }  # fmt: skip


def storage(project: Project, project_bytes: int, workspace_bytes: int, file_limit: int) -> dict[str, Any]:
    return {"projectId": project.id, "totalSpace": 0, "totalUsedSpace": workspace_bytes,
            "projectUsedSpace": project_bytes, "fileLimit": file_limit}  # fmt: skip


def event(row: Event, project: Project, base_url: str) -> dict[str, Any]:
    category = None
    color = EVENT_COLORS.get(row.kind, "#999999")
    if row.item_type is not None:
        color = row.item_type.color
        category = {
            "projectId": project.id, "categoryId": row.item_type.id, "name": row.item_type.name,
            "icon": (row.item_type.extra or {}).get("hacknplan", {}).get("icon"), "color": row.item_type.color,
            "creationDate": time(project.created_date),
        }  # fmt: skip
    paths = {"item": "workitems", "sprint": "boards", "release": "milestones"}
    url = f"{base_url}/projects/{project.id}/{paths[row.kind]}/{row.target_id}"
    return {
        "projectId": project.id, "name": row.name, "url": url,
        "category": category, "startDate": time(row.start), "endDate": time(row.end), "backgroundColor": color,
        "textColor": "#ffffff", "isAllDayEvent": True,
    }  # fmt: skip
