"""Files attached to work items and wiki pages: stored through the storage interface, size-limited, listed per item."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Select, func, select

from planyard.core import history, targets
from planyard.core.access import load_project, require
from planyard.core.context import Context
from planyard.core.targets import Profile
from planyard.core.work_items.queries import viewable_project_ids
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.kit.storage import safe_filename
from planyard.kit.validation import reject_nulls
from planyard.models import Attachment, WikiPage, WorkItem

EDITABLE = frozenset({"description", "is_deprecated", "order", "name"})
ATTACHMENTS_DIFF_KEY = "attachments"


def list_query(ctx: Context, kind: Profile, project_id: int | None, object_id: int | None) -> Select[Any]:
    stmt = select(Attachment).where(Attachment.target_type == kind.target_type)
    ids = viewable_project_ids(ctx, kind.view)
    if ids is not None:
        stmt = stmt.where(Attachment.project_id.in_(ids))
    if project_id is not None:
        stmt = stmt.where(Attachment.project_id == project_id)
    if object_id is not None:
        stmt = stmt.where(Attachment.target_id == object_id)
    return stmt.order_by(Attachment.order, Attachment.id)


def get_attachment(ctx: Context, kind: Profile, attachment_id: int, permission: str | None = None) -> Attachment:
    attachment = ctx.session.get(Attachment, attachment_id)
    if attachment is None or attachment.target_type != kind.target_type:
        raise NotFound(entity="attachment")
    _, access = load_project(ctx, attachment.project_id)
    if not access.can(kind.view):
        raise NotFound(entity="attachment")
    if permission:
        require(ctx, access, permission)
    return attachment


def create_attachment(
    ctx: Context, kind: Profile, project_id: int, object_id: int, filename: str, data: bytes, fields: dict[str, Any]
) -> Attachment:
    try:
        item, _ = targets.load(ctx, kind, object_id, kind.modify)
    except NotFound:
        raise Invalid(code="does_not_exist", field="object_id", params={"pk": object_id}) from None
    if item.project_id != project_id:
        raise Invalid(code="foreign_object", field="project")
    if not data:
        raise Invalid(code="empty_file", field="attached_file")
    limit = ctx.env.settings.max_upload_bytes
    if len(data) > limit:
        raise Invalid(code="file_too_big", field="attached_file", params={"limit": limit})
    storage, filename = ctx.env.storage, safe_filename(filename)
    key = storage.save(f"attachments/{project_id}", filename, data)
    ctx.uow.on_rollback(lambda: storage.delete(key))
    order = ctx.session.scalar(select(func.max(Attachment.order)).where(
        Attachment.target_type == kind.target_type, Attachment.target_id == item.id)) or 0  # fmt: skip
    attachment = Attachment(
        project_id=project_id, target_type=kind.target_type, target_id=item.id, owner_id=ctx.actor_id,
        name=filename, size=len(data), file_key=key, sha1=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
        order=order + 1, **{k: v for k, v in fields.items() if k in EDITABLE and v is not None},
    )  # fmt: skip
    ctx.session.add(attachment)
    ctx.session.flush()
    _record(ctx, kind, item, [], [frozen(attachment)])
    return attachment


def update_attachment(ctx: Context, kind: Profile, attachment_id: int, changes: dict[str, Any]) -> Attachment:
    attachment = get_attachment(ctx, kind, attachment_id, kind.modify)
    changes = {k: v for k, v in changes.items() if k in EDITABLE}
    reject_nulls(Attachment, changes)
    before = frozen(attachment)
    for name, value in changes.items():
        setattr(attachment, name, value)
    item = targets.find(ctx, kind, attachment.target_id)
    if item is not None and frozen(attachment) != before:
        _record(ctx, kind, item, [before], [frozen(attachment)])
    ctx.session.flush()
    return attachment


def set_cover(ctx: Context, kind: Profile, attachment_id: int, cover: bool) -> Attachment:
    """Make the attachment its item's cover (the one cover: the others stop being it), or stop it being so."""
    attachment = get_attachment(ctx, kind, attachment_id, kind.modify)
    if cover:
        others = select(Attachment).where(Attachment.target_type == attachment.target_type,
                                          Attachment.target_id == attachment.target_id, Attachment.is_cover.is_(True),
                                          Attachment.id != attachment.id)  # fmt: skip
        for other in ctx.session.scalars(others):
            other.is_cover = False
    if attachment.is_cover != cover:
        attachment.is_cover = cover
        item = targets.find(ctx, kind, attachment.target_id)
        if item is not None:
            cover_diff = [None if cover else attachment.name, attachment.name if cover else None]
            history.record(ctx, target_type=kind.target_type, target_id=item.id, project_id=item.project_id,
                           action="change", diff={"cover": cover_diff})  # fmt: skip
    ctx.session.flush()
    return attachment


def delete_attachment(ctx: Context, kind: Profile, attachment_id: int) -> None:
    attachment = get_attachment(ctx, kind, attachment_id, kind.modify)
    storage, key = ctx.env.storage, attachment.file_key
    item = targets.find(ctx, kind, attachment.target_id)
    if item is not None:
        _record(ctx, kind, item, [frozen(attachment)], [])
    ctx.session.delete(attachment)
    ctx.uow.after_commit(lambda: storage.delete(key))


def frozen(attachment: Attachment) -> dict[str, Any]:
    """What the item's history keeps of an attachment."""
    return {"id": attachment.id, "name": attachment.name, "file_key": attachment.file_key,
            "description": attachment.description, "is_deprecated": attachment.is_deprecated,
            "order": attachment.order}  # fmt: skip


def _record(ctx: Context, kind: Profile, item: WorkItem | WikiPage, before: list[dict[str, Any]],
            after: list[dict[str, Any]]) -> None:  # fmt: skip
    """A change of the item's (or page's) attachments is a change of it (Taiga's rule), its version kept."""
    history.record(ctx, target_type=kind.target_type, target_id=item.id, project_id=item.project_id,
                   action="change", diff={ATTACHMENTS_DIFF_KEY: [before, after]})  # fmt: skip


def list_attachments(
    ctx: Context, kind: Profile, project_id: int | None, object_id: int | None, query: ListQuery
) -> Page[Attachment]:
    return fetch_page(ctx.session, list_query(ctx, kind, project_id, object_id), query.window)
