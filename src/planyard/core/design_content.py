"""What hangs on a design element: comments (each carried by a change entry, so history and webhooks see
it) and attached files (stored through the storage interface, size-limited). Reading needs the design
model's view permission, writing its write permission; a comment is edited by its author only and deleted
by its author or a project admin."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Select, select

from planyard.core import design_elements, history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.db.base import utcnow
from planyard.kit.errors import Forbidden, Invalid, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import Page, Window
from planyard.kit.storage import safe_filename
from planyard.models import Attachment, Comment, DesignElement
from planyard.models.comment import SHOWN_COMMENT

TARGET = design_elements.ELEMENT_TARGET
MAX_COMMENT = 5000


def _element(ctx: Context, element_id: int, write: bool = False) -> DesignElement:
    row = design_elements.get_element(ctx, element_id)
    if write:
        load_project(ctx, row.project_id, design_elements.WRITE)
    return row


def _comments(element: DesignElement) -> Select[Any]:
    return select(Comment).where(Comment.target_type == TARGET, Comment.target_id == element.id, SHOWN_COMMENT)


def list_comments(ctx: Context, element_id: int, window: Window) -> Page[Comment]:
    return fetch_page(ctx.session, _comments(_element(ctx, element_id)).order_by(Comment.id), window)


def _checked_text(text: object) -> str:
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_COMMENT:
        raise Invalid(code="invalid_comment", field="text")
    return text


def add_comment(ctx: Context, element_id: int, text: str) -> Comment:
    element = _element(ctx, element_id)
    entry = history.record(ctx, target_type=TARGET, target_id=element.id, project_id=element.project_id,
                           action="change", comment=_checked_text(text))  # fmt: skip
    ctx.session.flush()
    assert entry.comment is not None
    return entry.comment


def get_comment(ctx: Context, element_id: int, comment_id: int) -> Comment:
    element = _element(ctx, element_id)
    comment: Comment | None = ctx.session.scalar(_comments(element).where(Comment.id == comment_id))
    if comment is None:
        raise NotFound(entity="comment")
    return comment


def edit_comment(ctx: Context, element_id: int, comment_id: int, text: str) -> Comment:
    comment = get_comment(ctx, element_id, comment_id)
    if comment.author_id != ctx.require_user().id:
        raise Forbidden()
    text = _checked_text(text)
    version = {"date": (comment.edited_at or comment.created_at).isoformat(), "comment": comment.text,
               "user": {"id": ctx.actor_id}}  # fmt: skip
    comment.versions = [*comment.versions, version]
    comment.text, comment.edited_at = text, utcnow()
    history.record(ctx, target_type=f"{TARGET}_comment", target_id=comment.target_id, project_id=comment.project_id,
                   action="change", diff={"comment": [version["comment"], text]})  # fmt: skip
    ctx.session.flush()
    return comment


def delete_comment(ctx: Context, element_id: int, comment_id: int) -> None:
    comment = get_comment(ctx, element_id, comment_id)
    _, access = load_project(ctx, comment.project_id)
    if comment.author_id != ctx.require_user().id and not access.is_admin:
        raise Forbidden()
    comment.deleted_at, comment.deleted_by_id = utcnow(), ctx.actor_id
    history.record(ctx, target_type=f"{TARGET}_comment", target_id=comment.target_id, project_id=comment.project_id,
                   action="delete", diff={"comment": [comment.text, None]})  # fmt: skip
    ctx.session.flush()


def _attachments(element: DesignElement) -> Select[Any]:
    return select(Attachment).where(Attachment.target_type == TARGET, Attachment.target_id == element.id)


def list_attachments(ctx: Context, element_id: int, window: Window) -> Page[Attachment]:
    stmt = _attachments(_element(ctx, element_id)).order_by(Attachment.order, Attachment.id)
    return fetch_page(ctx.session, stmt, window)


def get_attachment(ctx: Context, element_id: int, attachment_id: int) -> Attachment:
    found: Attachment | None = ctx.session.scalar(
        _attachments(_element(ctx, element_id)).where(Attachment.id == attachment_id)
    )
    if found is None:
        raise NotFound(entity="attachment")
    return found


def add_attachment(ctx: Context, element_id: int, filename: str, data: bytes) -> Attachment:
    element = _element(ctx, element_id, write=True)
    if not data:
        raise Invalid(code="empty_file", field="file")
    if len(data) > ctx.env.settings.max_upload_bytes:
        raise Invalid(code="file_too_big", field="file", params={"limit": ctx.env.settings.max_upload_bytes})
    storage, name = ctx.env.storage, safe_filename(filename)
    key = storage.save(f"attachments/{element.project_id}", name, data)
    ctx.uow.on_rollback(lambda: storage.delete(key))
    attachment = Attachment(
        project_id=element.project_id, target_type=TARGET, target_id=element.id, owner_id=ctx.actor_id, name=name,
        size=len(data), file_key=key, sha1=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
    )  # fmt: skip
    ctx.session.add(attachment)
    ctx.session.flush()
    history.record(ctx, target_type=f"{TARGET}_attachment", target_id=element.id, project_id=element.project_id,
                   action="create", diff={"attachment": [None, name]})  # fmt: skip
    return attachment


def delete_attachment(ctx: Context, element_id: int, attachment_id: int) -> None:
    _element(ctx, element_id, write=True)
    attachment = get_attachment(ctx, element_id, attachment_id)
    remove_file(ctx, attachment)


def remove_file(ctx: Context, attachment: Attachment) -> None:
    """An attached file goes, whatever it hangs on (the stored file once the transaction commits)."""
    storage, key = ctx.env.storage, attachment.file_key
    history.record(ctx, target_type=f"{attachment.target_type}_attachment", target_id=attachment.target_id,
                   project_id=attachment.project_id, action="delete",
                   diff={"attachment": [attachment.name, None]})  # fmt: skip
    ctx.session.delete(attachment)
    ctx.session.flush()
    ctx.uow.after_commit(lambda: storage.delete(key))
