"""Tags by id, for every dialect: a project's tags with their colors; creating one (at the end of the
palette), renaming or recoloring it in place, deleting it (off every item), and putting one on an item or
taking it off. The palette is edited under `modify_project`, an item's tags under its kind's modify
permission; every write goes through the change log, as Taiga's tag actions and item edits record it."""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import func, or_, select

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.tags import store
from planyard.core.tags.changes import TARGET, record_palette
from planyard.core.work_items.kinds import KINDS
from planyard.core.work_items.service import get_item
from planyard.db.base import utcnow
from planyard.kit import limits
from planyard.kit.errors import Conflict, Invalid, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import Project, Tag, WorkItem


class _Keep:
    """The color an update leaves as it is."""


KEEP: Final = _Keep()


def list_tags(ctx: Context, project_id: int) -> list[Tag]:
    """The project's tags in palette order."""
    project, _ = load_project(ctx, project_id)
    return store.palette(ctx.session, project.id)


def create_tag(
    ctx: Context, project_id: int, name: str, color: str | None = None, extra: dict[str, Any] | None = None
) -> Tag:
    project, _ = load_project(ctx, project_id, "modify_project")
    name = _checked_name(name)
    _check_color(color)
    palette = store.palette(ctx.session, project.id)
    if any(tag.name == name for tag in palette):
        raise Invalid(code="duplicate", entity="tag", field="name")
    before = store.states(palette)
    tag = store.add_to_palette(ctx.session, project, palette, [(name, color)], "name")[-1]
    if extra:
        tag.extra = {**(tag.extra or {}), **extra}
    record_palette(ctx, project, before)
    return tag


def update_tag(
    ctx: Context,
    tag_id: int,
    name: str | None = None,
    color: str | None | _Keep = KEEP,
    extra: dict[str, Any] | None = None,
) -> Tag:
    """Rename and/or recolor a tag where it is (the items carrying it show the new name); `extra` keys
    replace those of the tag's `extra`."""
    tag, project = _project_tag(ctx, tag_id)
    palette = store.palette(ctx.session, project.id)
    before = store.states(palette)
    if name is not None:
        name = _checked_name(name)
        if any(other.name == name and other.id != tag.id for other in palette):
            raise Invalid(code="duplicate", entity="tag", field="name")
        tag.name = name
    if not isinstance(color, _Keep):
        _check_color(color)
        tag.color = color
    if extra:
        tag.extra = {**(tag.extra or {}), **extra}
    ctx.session.flush()
    record_palette(ctx, project, before)
    return tag


def delete_tag(ctx: Context, tag_id: int) -> None:
    """The tag goes from the palette and from every item carrying it."""
    tag, project = _project_tag(ctx, tag_id)
    before = store.states(store.palette(ctx.session, project.id))
    store.delete_tags(ctx.session, [tag.id])
    record_palette(ctx, project, before)


def add_item_tag(ctx: Context, item_id: int, tag_id: int) -> WorkItem:
    """The tag goes at the end of the item's tags (an item carries a tag once)."""
    item, tags = _item_and_tags(ctx, item_id)
    tag = ctx.session.get(Tag, tag_id)
    if tag is None or not _usable(ctx, tag, item):
        raise Invalid(code="unknown_tag", field="tag")
    if tag.id not in [t_id for t_id, _ in tags]:
        _set_item_tags(ctx, item, tags, [*tags, (tag.id, tag.name)])
    return item


def tag_item_by_name(ctx: Context, item_id: int, name: str, color: str | None = None) -> Tag:
    """Put the tag of that name on the item: the project's, else its workspace's, else a new workspace tag."""
    item, tags = _item_and_tags(ctx, item_id)
    name = _checked_name(name)
    project = ctx.session.get(Project, item.project_id)
    assert project is not None
    found = ctx.session.scalars(select(Tag).where(Tag.name == name, Tag.workspace_id == project.workspace_id,
                                                  or_(Tag.project_id == project.id, Tag.project_id.is_(None)))
                                .order_by(Tag.project_id.is_(None)))  # fmt: skip
    tag = found.first() or _new_workspace_tag(ctx, project.workspace_id, name, color)
    if tag.id not in [t_id for t_id, _ in tags]:
        _set_item_tags(ctx, item, tags, [*tags, (tag.id, tag.name)])
    return tag


def list_workspace_tags(ctx: Context, workspace_id: int, query: ListQuery) -> Page[Tag]:
    """The workspace's own tags (no project), by id."""
    ctx.require_user()
    stmt = select(Tag).where(Tag.workspace_id == workspace_id, Tag.project_id.is_(None))
    if "text" in query.filters:
        stmt = stmt.where(func.lower(Tag.name).contains(str(query.filters["text"]).lower(), autoescape=True))
    return fetch_page(ctx.session, stmt.order_by(Tag.id), query.window)


def create_workspace_tag(ctx: Context, workspace_id: int, name: str, color: str | None = None) -> Tag:
    ctx.require_user()
    name = _checked_name(name)
    taken = select(Tag.id).where(Tag.workspace_id == workspace_id, Tag.project_id.is_(None), Tag.name == name)
    if ctx.session.scalar(taken) is not None:
        raise Conflict(code="duplicate", entity="tag", field="name")
    return _new_workspace_tag(ctx, workspace_id, name, color)


def _new_workspace_tag(ctx: Context, workspace_id: int, name: str, color: str | None) -> Tag:
    _check_color(color)
    tag = Tag(workspace_id=workspace_id, project_id=None, name=name, color=color)
    ctx.session.add(tag)
    ctx.session.flush()
    history.record(ctx, target_type=TARGET, target_id=tag.id, action="create", snapshot={"name": name})
    return tag


def _usable(ctx: Context, tag: Tag, item: WorkItem) -> bool:
    """A tag of the item's project or of its workspace."""
    if tag.project_id is not None:
        return tag.project_id == item.project_id
    project = ctx.session.get(Project, item.project_id)
    return project is not None and tag.workspace_id == project.workspace_id


def remove_item_tag(ctx: Context, item_id: int, tag_id: int) -> WorkItem:
    item, tags = _item_and_tags(ctx, item_id)
    if tag_id not in [t_id for t_id, _ in tags]:
        raise NotFound(entity="tag")
    _set_item_tags(ctx, item, tags, [(t_id, name) for t_id, name in tags if t_id != tag_id])
    return item


def _project_tag(ctx: Context, tag_id: int) -> tuple[Tag, Project]:
    """A project's tag, with its project, under `modify_project`; NotFound when hidden or missing."""
    tag = ctx.session.get(Tag, tag_id)
    if tag is None or tag.project_id is None:
        raise NotFound(entity="tag")
    project, _ = load_project(ctx, tag.project_id, "modify_project")
    return tag, project


def _item_and_tags(ctx: Context, item_id: int) -> tuple[WorkItem, list[tuple[int, str]]]:
    item = ctx.session.get(WorkItem, item_id)
    if item is None or item.kind not in KINDS:
        raise NotFound(entity="work_item")
    kind = KINDS[item.kind]
    item, _ = get_item(ctx, kind, item_id, kind.modify)
    return item, store.item_tag_ids(ctx.session, item.id)


def _set_item_tags(ctx: Context, item: WorkItem, old: list[tuple[int, str]], new: list[tuple[int, str]]) -> None:
    if len(new) > limits.TAGS:
        raise Invalid(code="too_many", field="tags", params={"max_length": limits.TAGS})
    store.set_item_tags(ctx.session, item.id, [tag_id for tag_id, _ in new])
    item.version += 1
    item.modified_date = utcnow()
    history.record(ctx, target_type=item.kind, target_id=item.id, project_id=item.project_id, action="change",
                   diff={"tags": [[name for _, name in old], [name for _, name in new]]},
                   version=item.version)  # fmt: skip
    ctx.session.flush()


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise Invalid(code="blank", field="name")
    limits.check_tag("name", name, None)
    return name


def _check_color(color: str | None) -> None:
    if not store.valid_color(color):
        raise Invalid(code="invalid_color", field="color")


def item_tag_rows(ctx: Context, item_id: int) -> list[Tag]:
    """The item's tags in its order (the caller has checked the item is readable)."""
    ids = [tag_id for tag_id, _ in store.item_tag_ids(ctx.session, item_id)]
    rows = {tag.id: tag for tag in ctx.session.scalars(select(Tag).where(Tag.id.in_(ids)))}
    return [rows[tag_id] for tag_id in ids]
