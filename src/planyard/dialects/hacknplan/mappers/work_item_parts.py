"""What hangs on a HacknPlan work item: attachments (R24), comments (R25), subtasks (R27), work logs
(R29) and dependencies (R26), from core rows."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from typing import Any

from planyard.dialects.hacknplan.mappers.users import user
from planyard.dialects.hacknplan.mappers.values import time
from planyard.models import Attachment, ChecklistItem, Comment, TimeEntry, User

Url = Callable[[str], str]


def _user(row: User | None) -> dict[str, Any] | None:
    return user(row) if row else None


def attachment(row: Attachment, owner: User | None, url: Url) -> dict[str, Any]:
    link = url(row.file_key)
    is_image = (mimetypes.guess_type(row.name)[0] or "").startswith("image/")
    file = {
        "projectId": row.project_id, "fileId": row.id, "name": row.name, "thumbName": row.name if is_image else None,
        "url": link, "thumbUrl": link if is_image else None, "size": row.size, "isImage": is_image,
        "user": _user(owner), "creationDate": time(row.created_date),
    }  # fmt: skip
    return {"projectId": row.project_id, "workItemId": row.target_id, "attachmentId": row.id, "file": file,
            "user": _user(owner), "isCardPicture": row.is_cover, "creationDate": time(row.created_date)}  # fmt: skip


def comment(row: Comment, project_id: int, author: User | None) -> dict[str, Any]:
    return {"projectId": project_id, "workItemId": row.target_id, "commentId": row.id, "text": row.text,
            "user": _user(author), "workLog": None, "creationDate": time(row.created_at),
            "updateDate": time(row.edited_at or row.created_at)}  # fmt: skip


def subtask(row: ChecklistItem, project_id: int, item_id: int, index: int) -> dict[str, Any]:
    return {"projectId": project_id, "workItemId": item_id, "subTaskId": row.id, "title": row.text,
            "isCompleted": row.checked, "index": index, "creationDate": time(row.created_at)}  # fmt: skip


def work_log(row: TimeEntry, author: User | None) -> dict[str, Any]:
    return {"projectId": row.project_id, "workItemId": row.work_item_id, "workLogId": row.id,
            "user": _user(author), "value": round(row.minutes / 60, 2), "comment": row.comment,
            "creationDate": time(row.created_at)}  # fmt: skip
