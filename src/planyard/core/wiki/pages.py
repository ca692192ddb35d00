"""Wiki pages: one per slug in a project, edited with optimistic concurrency (`version`), watched by
users, carrying attachments; every write goes through the change log as target `wiki_page`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, func, select

from planyard.core import history
from planyard.core.access import ProjectAccess, load_project, require
from planyard.core.context import Context
from planyard.core.work_items.queries import viewable_project_ids
from planyard.core.work_items.references import validate_members
from planyard.db.base import utcnow
from planyard.kit.concurrency import check_version
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.kit.storage import Storage
from planyard.kit.validation import reject_nulls
from planyard.models import Attachment, ChangeEntry, Project, User, Watch, WikiPage

EDITABLE = frozenset({"slug", "content"})


@dataclass(frozen=True)
class PageProfile:
    """What attachments and history need to know of wiki pages (work items have an ItemProfile)."""

    name: str = "wiki_page"
    view: str = "view_wiki_pages"
    add: str = "add_wiki_page"
    modify: str = "modify_wiki_page"
    comment: str = "comment_wiki_page"
    delete: str = "delete_wiki_page"

    @property
    def target_type(self) -> str:
        return self.name


WIKI_PAGE = PageProfile()
TARGET = WIKI_PAGE.target_type


@dataclass(frozen=True)
class PageFacts:
    """What a page of pages shows beside the rows: watchers, the actor's watch, editions."""

    watchers: dict[int, list[int]]
    editions: dict[int, int]
    projects: dict[int, Project]


def list_query(ctx: Context, project_id: int | None, slug: str | None = None) -> Select[Any]:
    stmt = select(WikiPage)
    ids = viewable_project_ids(ctx, WIKI_PAGE.view)
    if ids is not None:
        stmt = stmt.where(WikiPage.project_id.in_(ids))
    if project_id is not None:
        stmt = stmt.where(WikiPage.project_id == project_id)
    if slug is not None:
        stmt = stmt.where(WikiPage.slug == slug)
    return stmt.order_by(WikiPage.project_id, WikiPage.slug, WikiPage.id)


def list_pages(ctx: Context, project_id: int | None, slug: str | None, query: ListQuery) -> Page[WikiPage]:
    return fetch_page(ctx.session, list_query(ctx, project_id, slug), query.window)


def get_page(ctx: Context, page_id: int, permission: str | None = None) -> tuple[WikiPage, ProjectAccess]:
    page = ctx.session.get(WikiPage, page_id)
    if page is None:
        raise NotFound(entity=TARGET)
    try:
        _, access = load_project(ctx, page.project_id)
    except NotFound:
        raise NotFound(entity=TARGET) from None
    if not access.can(WIKI_PAGE.view):
        raise NotFound(entity=TARGET)
    if permission:
        require(ctx, access, permission)
    return page, access


def check_preview(ctx: Context, project_id: Any) -> None:
    """A preview of wiki text renders for a project the actor can see."""
    if isinstance(project_id, bool) or not isinstance(project_id, int):
        raise NotFound(entity="project")
    load_project(ctx, project_id)


def get_by_slug(ctx: Context, project_id: int | None, slug: str | None) -> WikiPage:
    page_id = ctx.session.scalar(select(WikiPage.id).where(WikiPage.project_id == project_id, WikiPage.slug == slug))
    if page_id is None or project_id is None or slug is None:
        raise NotFound(entity=TARGET)
    return get_page(ctx, page_id)[0]


def create_page(ctx: Context, project_id: int, fields: dict[str, Any], watchers: list[int] | None = None) -> WikiPage:
    ctx.require_user()
    invalid = Invalid(code="does_not_exist", field="project", params={"pk": project_id})
    if ctx.session.get(Project, project_id) is None:
        raise invalid
    try:
        load_project(ctx, project_id, WIKI_PAGE.add)
    except NotFound:
        raise invalid from None
    fields = {k: v for k, v in fields.items() if k in EDITABLE}
    reject_nulls(WikiPage, fields)
    _check_slug(ctx, project_id, fields.get("slug", ""), None)
    page = WikiPage(project_id=project_id, owner_id=ctx.actor_id, last_modifier_id=ctx.actor_id, **fields)
    ctx.session.add(page)
    ctx.session.flush()
    diff = {"slug": [None, page.slug], "content": [None, page.content]}
    if watchers:
        diff |= _replace_watchers(ctx, page, watchers)
    history.record(ctx, target_type=TARGET, target_id=page.id, project_id=project_id, action="create",
                   diff=diff, version=page.version, snapshot={"slug": page.slug})  # fmt: skip
    return page


def ensure_page(ctx: Context, project_id: int, slug: str) -> None:
    """The page a new wiki link points at, made empty when missing and the actor may add pages."""
    _, access = load_project(ctx, project_id)
    exists = ctx.session.scalar(select(WikiPage.id).where(WikiPage.project_id == project_id, WikiPage.slug == slug))
    if exists is None and access.can(WIKI_PAGE.add):
        create_page(ctx, project_id, {"slug": slug, "content": ""})


def update_page(
    ctx: Context, page_id: int, changes: dict[str, Any], watchers: list[int] | None = None,
    version: Any = None, comment: str = "",
) -> WikiPage:  # fmt: skip
    page, access = get_page(ctx, page_id)
    fields = {k: v for k, v in changes.items() if k in EDITABLE}
    touches = bool(fields) or watchers is not None
    require(ctx, access, WIKI_PAGE.modify if touches or not comment else WIKI_PAGE.comment)
    reject_nulls(WikiPage, fields)
    touched = set(fields) | ({"watchers"} if watchers is not None else set())
    check_version(page.version, version, touched, lambda v: history.changed_fields_since(ctx, TARGET, page.id, v))
    if "slug" in fields:
        _check_slug(ctx, page.project_id, fields["slug"], page.id)
    diff = history.diff_of({k: getattr(page, k) for k in fields}, fields)
    for name, value in fields.items():
        setattr(page, name, value)
    if watchers is not None:
        diff |= _replace_watchers(ctx, page, watchers)
    if diff or comment:
        page.version += 1
        page.modified_date = utcnow()
        page.last_modifier_id = ctx.actor_id
        history.record(ctx, target_type=TARGET, target_id=page.id, project_id=page.project_id, action="change",
                       diff=diff, version=page.version, comment=comment)  # fmt: skip
    ctx.session.flush()
    return page


def delete_page(ctx: Context, page_id: int) -> None:
    page, _ = get_page(ctx, page_id, WIKI_PAGE.delete)
    files = list(ctx.session.scalars(select(Attachment.file_key).where(
        Attachment.target_type == TARGET, Attachment.target_id == page.id)))  # fmt: skip
    for model in (Attachment, Watch):
        ctx.session.execute(delete(model).where(model.target_type == TARGET, model.target_id == page.id))
    history.record(ctx, target_type=TARGET, target_id=page.id, project_id=page.project_id, action="delete",
                   snapshot={"slug": page.slug, "row": history.row_snapshot(page)})  # fmt: skip
    ctx.session.delete(page)
    storage = ctx.env.storage
    ctx.uow.after_commit(lambda: _delete_files(storage, files))


def watch(ctx: Context, page_id: int, watching: bool) -> None:
    page, _ = get_page(ctx, page_id)
    user = ctx.require_user()
    current = set(_watcher_ids(ctx, [page.id]).get(page.id, []))
    wanted = current | {user.id} if watching else current - {user.id}
    if wanted != current:
        _replace_watchers(ctx, page, sorted(wanted), check=False)
        history.record(ctx, target_type=f"{TARGET}_watch", target_id=page.id, project_id=page.project_id,
                       action="create" if watching else "delete", diff={"user": user.id})  # fmt: skip


def watchers_query(ctx: Context, page_id: int) -> Select[User]:
    page, _ = get_page(ctx, page_id)
    return (
        select(User).join(Watch, Watch.user_id == User.id)
        .where(Watch.target_type == TARGET, Watch.target_id == page.id).order_by(Watch.id)
    )  # fmt: skip


def list_watchers(ctx: Context, page_id: int, query: ListQuery) -> Page[User]:
    return fetch_page(ctx.session, watchers_query(ctx, page_id), query.window)


def facts_of(ctx: Context, pages: list[WikiPage]) -> PageFacts:
    """Watchers and editions (entries of the page's history, plus one) of a page of pages, in one query each."""
    ids = [p.id for p in pages]
    editions: dict[int, int] = {}
    if ids:
        counts = ctx.session.execute(
            select(ChangeEntry.target_id, func.count()).where(ChangeEntry.target_type == TARGET,
                                                              ChangeEntry.target_id.in_(ids))
            .group_by(ChangeEntry.target_id)
        )  # fmt: skip
        editions = {page_id: n + 1 for page_id, n in counts}
    project_ids = {p.project_id for p in pages}
    projects = {p.id: p for p in ctx.session.scalars(select(Project).where(Project.id.in_(project_ids)))}
    return PageFacts(_watcher_ids(ctx, ids), editions, projects)


def _watcher_ids(ctx: Context, page_ids: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    if page_ids:
        rows = ctx.session.execute(select(Watch.target_id, Watch.user_id).where(
            Watch.target_type == TARGET, Watch.target_id.in_(page_ids)).order_by(Watch.id))  # fmt: skip
        for page_id, user_id in rows:
            out.setdefault(page_id, []).append(user_id)
    return out


def _replace_watchers(ctx: Context, page: WikiPage, user_ids: list[int], check: bool = True) -> dict[str, Any]:
    if check:
        validate_members(ctx, page.project_id, "watchers", user_ids)
    s = ctx.session
    old = set(_watcher_ids(ctx, [page.id]).get(page.id, []))
    new = set(user_ids)
    s.execute(delete(Watch).where(Watch.target_type == TARGET, Watch.target_id == page.id,
                                  Watch.user_id.in_(old - new)))  # fmt: skip
    s.add_all(Watch(target_type=TARGET, target_id=page.id, user_id=u) for u in sorted(new - old))
    s.flush()
    return {"watchers": [sorted(old), sorted(new)]} if old != new else {}


def _delete_files(storage: Storage, keys: list[str]) -> None:
    for key in keys:
        storage.delete(key)


def _check_slug(ctx: Context, project_id: int, slug: str, exclude: int | None) -> None:
    if not slug.strip():
        raise Invalid(code="blank", field="slug")
    stmt = select(WikiPage.id).where(WikiPage.project_id == project_id, WikiPage.slug == slug)
    if exclude is not None:
        stmt = stmt.where(WikiPage.id != exclude)
    if ctx.session.scalar(stmt) is not None:
        raise Invalid(code="slug_taken", field="slug")
