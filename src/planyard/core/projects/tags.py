"""A project's tag palette as Taiga edits it, by name: its tags (`tags` rows, in `order`) with their colors.
Renaming or recoloring a tag moves it to the end of the palette; deleting it takes it off every item of
the project; merging tags puts the target tag in their place on each item (Taiga's rules)."""

from __future__ import annotations

from sqlalchemy import delete, insert, select

from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.tags import store
from planyard.core.tags.changes import record_palette
from planyard.kit.errors import Invalid, Problem
from planyard.models import ItemTag, Tag

Palette = dict[str, str | None]


def tags_colors(ctx: Context, project_id: int) -> Palette:
    project, _ = load_project(ctx, project_id)
    return dict(store.pairs(store.palette(ctx.session, project.id)))


DUPLICATE, UNKNOWN = Problem("duplicate"), Problem("unknown_tag")


def create_tag(ctx: Context, project_id: int, tag: str, color: str | None) -> None:
    project, _ = load_project(ctx, project_id, "modify_project")
    palette = store.palette(ctx.session, project.id)
    names = {t.name for t in palette}
    errors = _color_errors(color)
    if tag in names or tag.lower() in names:
        errors["tag"] = [DUPLICATE]
    _raise(errors)
    before = store.states(palette)
    store.add_to_palette(ctx.session, project, palette, [(tag.lower(), color)], "tag")
    record_palette(ctx, project, before)


def edit_tag(ctx: Context, project_id: int, from_tag: str, to_tag: str | None, color: str | None) -> None:
    project, _ = load_project(ctx, project_id, "modify_project")
    palette = store.palette(ctx.session, project.id)
    by_name = {t.name: t for t in palette}
    errors = _color_errors(color)
    if from_tag not in by_name:
        errors["from_tag"] = [UNKNOWN]
    if to_tag is not None and to_tag.lower() != from_tag and to_tag.lower() in by_name:
        errors["to_tag"] = [DUPLICATE]
    _raise(errors)
    tag = by_name[from_tag]
    before = store.states(palette)
    tag.name = (to_tag or from_tag).lower()
    if color is not None:
        tag.color = color
    _to_the_end(tag, palette)
    record_palette(ctx, project, before)


def delete_tag(ctx: Context, project_id: int, tag: str) -> None:
    project, _ = load_project(ctx, project_id, "modify_project")
    palette = store.palette(ctx.session, project.id)
    by_name = {t.name: t for t in palette}
    _raise({} if tag in by_name else {"tag": [UNKNOWN]})
    before = store.states(palette)
    store.delete_tags(ctx.session, [by_name[tag].id])
    record_palette(ctx, project, before)


def mix_tags(ctx: Context, project_id: int, from_tags: list[str], to_tag: str) -> None:
    """Merge `from_tags` into `to_tag`, which keeps its color (and goes to the end when it is one of them)."""
    project, _ = load_project(ctx, project_id, "modify_project")
    palette = store.palette(ctx.session, project.id)
    by_name = {t.name: t for t in palette}
    errors: dict[str, list[Problem]] = {}
    if any(tag not in by_name for tag in from_tags):
        errors["from_tags"] = [UNKNOWN]
    if to_tag not in by_name:
        errors["to_tag"] = [UNKNOWN]
    _raise(errors)
    before = store.states(palette)
    target = by_name[to_tag]
    merged = {by_name[tag].id for tag in from_tags if tag != to_tag}
    _merge_on_items(ctx, merged, target.id)
    store.delete_tags(ctx.session, list(merged))
    if to_tag in from_tags:
        _to_the_end(target, palette)
    record_palette(ctx, project, before)


def _merge_on_items(ctx: Context, merged: set[int], target_id: int) -> None:
    """On each item carrying a merged tag, the target tag takes the place of the first of them (or keeps
    its own, when earlier): one SELECT, one DELETE, one batched INSERT whatever the number of items."""
    if not merged:
        return
    carrying = select(ItemTag.work_item_id).where(ItemTag.tag_id.in_(merged))
    rows = ctx.session.execute(select(ItemTag.work_item_id, ItemTag.tag_id).where(
        ItemTag.work_item_id.in_(carrying)).order_by(ItemTag.work_item_id, ItemTag.position)).all()  # fmt: skip
    lists: dict[int, list[int]] = {}
    for item_id, tag_id in rows:
        tags = lists.setdefault(item_id, [])
        tag_id = target_id if tag_id in merged else tag_id
        if tag_id not in tags:
            tags.append(tag_id)
    if not lists:
        return
    ctx.session.execute(delete(ItemTag).where(ItemTag.work_item_id.in_(list(lists))))
    links = [{"work_item_id": item_id, "tag_id": tag_id, "position": n}
             for item_id, tags in lists.items() for n, tag_id in enumerate(tags)]  # fmt: skip
    ctx.session.execute(insert(ItemTag), links)


def _to_the_end(tag: Tag, palette: list[Tag]) -> None:
    tag.order = max(t.order for t in palette) + 1


def _color_errors(color: str | None) -> dict[str, list[Problem]]:
    return {} if store.valid_color(color) else {"color": [Problem("invalid_color")]}


def _raise(errors: dict[str, list[Problem]]) -> None:
    if errors:
        raise Invalid(fields=errors, entity="tag")
