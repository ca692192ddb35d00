"""Files attached to work items: stored through the storage interface, size-limited, listed per item."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Select, func, select

from planyard.core import history
from planyard.core.access import load_project, require
from planyard.core.context import Context
from planyard.core.work_items.kinds import ItemProfile
from planyard.core.work_items.queries import viewable_project_ids
from planyard.core.work_items.service import get_item
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.kit.storage import safe_filename
from planyard.kit.validation import reject_nulls
from planyard.models import Attachment, WorkItem

EDITABLE = frozenset({"description", "is_deprecated", "order", "name"})


def list_query(ctx: Context, kind: ItemProfile, project_id: int | None, object_id: int | None) -> Select[Any]:
    stmt = select(Attachment).where(Attachment.target_type == kind.target_type)
    ids = viewable_project_ids(ctx, kind.view)
    if ids is not None:
        stmt = stmt.where(Attachment.project_id.in_(ids))
    if project_id is not None:
        stmt = stmt.where(Attachment.project_id == project_id)
    if object_id is not None:
        stmt = stmt.where(Attachment.target_id == object_id)
    return stmt.order_by(Attachment.order, Attachment.id)


def get_attachment(ctx: Context, kind: ItemProfile, attachment_id: int, permission: str | None = None) -> Attachment:
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
    ctx: Context, kind: ItemProfile, project_id: int, object_id: int, filename: str, data: bytes, fields: dict[str, Any]
) -> Attachment:
    try:
        item, _ = get_item(ctx, kind, object_id, kind.modify)
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
    _record(ctx, item, "create", {"attachment": [None, attachment.name]})
    return attachment


def update_attachment(ctx: Context, kind: ItemProfile, attachment_id: int, changes: dict[str, Any]) -> Attachment:
    attachment = get_attachment(ctx, kind, attachment_id, kind.modify)
    changes = {k: v for k, v in changes.items() if k in EDITABLE}
    reject_nulls(Attachment, changes)
    before = {k: getattr(attachment, k) for k in changes}
    for name, value in changes.items():
        setattr(attachment, name, value)
    item = ctx.session.get(WorkItem, attachment.target_id)
    if item is not None:
        _record(ctx, item, "change", {"attachments": history.diff_of(before, changes)})
    ctx.session.flush()
    return attachment


def set_cover(ctx: Context, kind: ItemProfile, attachment_id: int, cover: bool) -> Attachment:
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
        item = ctx.session.get(WorkItem, attachment.target_id)
        if item is not None:
            _record(
                ctx, item, "change", {"cover": [None if cover else attachment.name, attachment.name if cover else None]}
            )
    ctx.session.flush()
    return attachment


def delete_attachment(ctx: Context, kind: ItemProfile, attachment_id: int) -> None:
    attachment = get_attachment(ctx, kind, attachment_id, kind.modify)
    storage, key = ctx.env.storage, attachment.file_key
    item = ctx.session.get(WorkItem, attachment.target_id)
    if item is not None:
        _record(ctx, item, "change", {"attachment": [attachment.name, None]})
    ctx.session.delete(attachment)
    ctx.uow.after_commit(lambda: storage.delete(key))


def _record(ctx: Context, item: WorkItem, action: str, diff: dict[str, Any]) -> None:
    history.record(ctx, target_type=f"{item.kind}_attachment", target_id=item.id, project_id=item.project_id,
                   action=action, diff=diff)  # fmt: skip


def list_attachments(
    ctx: Context, kind: ItemProfile, project_id: int | None, object_id: int | None, query: ListQuery
) -> Page[Attachment]:
    return fetch_page(ctx.session, list_query(ctx, kind, project_id, object_id), query.window)
