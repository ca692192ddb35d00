"""Links from an item to pages elsewhere (Kaiten card external links). Reading needs the item's view
permission, writing its modify permission; every write is logged."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from planyard.core.context import Context
from planyard.core.work_items.item_rows import changes_to, readable_item, record, writable_item
from planyard.kit.errors import Invalid, NotFound
from planyard.models import ExternalLink

TARGET = "external_link"
EDITABLE = frozenset({"url", "description"})


def list_links(ctx: Context, item_id: int) -> list[ExternalLink]:
    readable_item(ctx, item_id)
    stmt = select(ExternalLink).where(ExternalLink.work_item_id == item_id).order_by(ExternalLink.id)
    return list(ctx.session.scalars(stmt))


def add_link(ctx: Context, item_id: int, url: str, description: str = "") -> ExternalLink:
    item = writable_item(ctx, item_id)
    _check_url(url)
    link = ExternalLink(work_item_id=item.id, url=url, description=description or "")
    ctx.session.add(link)
    ctx.session.flush()
    record(ctx, item, TARGET, link.id, "create", {"url": [None, url]})
    return link


def update_link(ctx: Context, item_id: int, link_id: int, changes: dict[str, Any]) -> ExternalLink:
    item = writable_item(ctx, item_id)
    link = _link(ctx, item.id, link_id)
    if "url" in changes:
        _check_url(changes["url"])
    if changes.get("description", "") is None:
        changes = {**changes, "description": ""}
    diff = changes_to(link, EDITABLE, changes)
    if diff:
        record(ctx, item, TARGET, link.id, "change", diff)
    ctx.session.flush()
    return link


def delete_link(ctx: Context, item_id: int, link_id: int) -> None:
    item = writable_item(ctx, item_id)
    link = _link(ctx, item.id, link_id)
    record(ctx, item, TARGET, link.id, "delete", {"url": [link.url, None]})
    ctx.session.delete(link)
    ctx.session.flush()


def _link(ctx: Context, item_id: int, link_id: int) -> ExternalLink:
    link = ctx.session.get(ExternalLink, link_id)
    if link is None or link.work_item_id != item_id:
        raise NotFound(entity="external_link")
    return link


def _check_url(url: Any) -> None:
    if not isinstance(url, str) or not url.strip():
        raise Invalid(code="blank", field="url")
