"""Wiki links: the entries of a project's wiki menu. A link's `href` is made from its title (unique in
the project) and names the page it opens, which is created empty when missing and the actor may add
pages."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Select, select

from planyard.core import history, slugs
from planyard.core.access import load_project, require
from planyard.core.context import Context
from planyard.core.wiki import pages
from planyard.core.work_items.queries import viewable_project_ids
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.kit.validation import reject_nulls
from planyard.models import Project, WikiLink

TARGET = "wiki_link"
EDITABLE = frozenset({"title", "order"})
VIEW, ADD, MODIFY, DELETE = "view_wiki_links", "add_wiki_link", "modify_wiki_link", "delete_wiki_link"


def list_query(ctx: Context, project_id: int | None) -> Select[Any]:
    stmt = select(WikiLink)
    ids = viewable_project_ids(ctx, VIEW)
    if ids is not None:
        stmt = stmt.where(WikiLink.project_id.in_(ids))
    if project_id is not None:
        stmt = stmt.where(WikiLink.project_id == project_id)
    return stmt.order_by(WikiLink.project_id, WikiLink.order, WikiLink.id)


def list_links(ctx: Context, project_id: int | None, query: ListQuery) -> Page[WikiLink]:
    return fetch_page(ctx.session, list_query(ctx, project_id), query.window)


def get_link(ctx: Context, link_id: int, permission: str | None = None) -> WikiLink:
    link = ctx.session.get(WikiLink, link_id)
    if link is None:
        raise NotFound(entity=TARGET)
    try:
        _, access = load_project(ctx, link.project_id)
    except NotFound:
        raise NotFound(entity=TARGET) from None
    if not access.can(VIEW):
        raise NotFound(entity=TARGET)
    if permission:
        require(ctx, access, permission)
    return link


def create_link(ctx: Context, project_id: int, fields: dict[str, Any]) -> WikiLink:
    ctx.require_user()
    invalid = Invalid(code="does_not_exist", field="project", params={"pk": project_id})
    if ctx.session.get(Project, project_id) is None:
        raise invalid
    try:
        load_project(ctx, project_id, ADD)
    except NotFound:
        raise invalid from None
    fields = {k: v for k, v in fields.items() if k in EDITABLE}
    reject_nulls(WikiLink, fields)
    title = fields.get("title", "")
    if not title.strip():
        raise Invalid(code="blank", field="title")
    href = slugs.unique_slug(title, lambda slug: _href_taken(ctx, project_id, slug))
    order = fields.get("order")
    link = WikiLink(project_id=project_id, title=title, href=href,
                    order=int(time.time() * 1000) if order is None else order)  # fmt: skip
    ctx.session.add(link)
    ctx.session.flush()
    history.record(ctx, target_type=TARGET, target_id=link.id, project_id=project_id, action="create",
                   snapshot={"title": title, "href": href})  # fmt: skip
    pages.ensure_page(ctx, project_id, href)
    return link


def update_link(ctx: Context, link_id: int, changes: dict[str, Any]) -> WikiLink:
    link = get_link(ctx, link_id, MODIFY)
    fields = {k: v for k, v in changes.items() if k in EDITABLE}
    reject_nulls(WikiLink, fields)
    if "title" in fields and not fields["title"].strip():
        raise Invalid(code="blank", field="title")
    diff = history.diff_of({k: getattr(link, k) for k in fields}, fields)
    for name, value in fields.items():
        setattr(link, name, value)
    if diff:
        history.record(ctx, target_type=TARGET, target_id=link.id, project_id=link.project_id, action="change",
                       diff=diff)  # fmt: skip
    ctx.session.flush()
    return link


def delete_link(ctx: Context, link_id: int) -> None:
    link = get_link(ctx, link_id, DELETE)
    history.record(ctx, target_type=TARGET, target_id=link.id, project_id=link.project_id, action="delete",
                   snapshot={"title": link.title, "href": link.href})  # fmt: skip
    ctx.session.delete(link)
    ctx.session.flush()


def _href_taken(ctx: Context, project_id: int, href: str) -> bool:
    return (
        ctx.session.scalar(select(WikiLink.id).where(WikiLink.project_id == project_id, WikiLink.href == href))
        is not None
    )
