"""A project's tag palette: `projects.tags_colors`, an ordered list of [tag, color] pairs. Renaming,
deleting or merging a tag also rewrites the `tags` of every work item of the project (Taiga's rule)."""

from __future__ import annotations

import re

from sqlalchemy import select, update

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.kit import limits
from planyard.kit.errors import Invalid
from planyard.kit.sql import json_array_has_any
from planyard.models import Project, WorkItem

HEX_COLOR = re.compile(r"^#([a-fA-F0-9]{6}|[a-fA-F0-9]{3})$")
TAG_EXISTS = "This tag already exists."
TAG_MISSING = "The tag doesn't exist."

Palette = dict[str, str | None]


def tags_colors(ctx: Context, project_id: int) -> Palette:
    project, _ = load_project(ctx, project_id)
    return _palette(project)


def create_tag(ctx: Context, project_id: int, tag: str, color: str | None) -> None:
    project, _ = load_project(ctx, project_id, "modify_project")
    palette = _palette(project)
    errors = _color_errors(color)
    if tag in palette or tag.lower() in palette:
        errors["tag"] = [TAG_EXISTS]
    _raise(errors)
    limits.check_palette("tag", len(palette) + 1)
    _save(ctx, project, palette | {tag.lower(): color})


def edit_tag(ctx: Context, project_id: int, from_tag: str, to_tag: str | None, color: str | None) -> None:
    project, _ = load_project(ctx, project_id, "modify_project")
    palette = _palette(project)
    errors = _color_errors(color)
    if from_tag not in palette:
        errors["from_tag"] = [TAG_MISSING]
    if to_tag is not None and to_tag.lower() != from_tag and to_tag.lower() in palette:
        errors["to_tag"] = [TAG_EXISTS]
    _raise(errors)
    new_name = (to_tag or from_tag).lower()
    new_color = color if color is not None else palette[from_tag]
    del palette[from_tag]
    _save(ctx, project, palette | {new_name: new_color})
    if new_name != from_tag:
        _rewrite_item_tags(ctx, project.id, {from_tag: new_name})


def delete_tag(ctx: Context, project_id: int, tag: str) -> None:
    project, _ = load_project(ctx, project_id, "modify_project")
    palette = _palette(project)
    _raise({} if tag in palette else {"tag": [TAG_MISSING]})
    del palette[tag]
    _save(ctx, project, palette)
    _rewrite_item_tags(ctx, project.id, {tag: None})


def mix_tags(ctx: Context, project_id: int, from_tags: list[str], to_tag: str) -> None:
    """Merge `from_tags` into `to_tag`, which keeps its color."""
    project, _ = load_project(ctx, project_id, "modify_project")
    palette = _palette(project)
    errors: dict[str, list[str]] = {}
    if any(tag not in palette for tag in from_tags):
        errors["from_tags"] = [TAG_MISSING]
    if to_tag not in palette:
        errors["to_tag"] = [TAG_MISSING]
    _raise(errors)
    color = palette[to_tag]
    for tag in from_tags:
        palette.pop(tag, None)
        palette[to_tag] = color
    _save(ctx, project, palette)
    _rewrite_item_tags(ctx, project.id, {tag: to_tag for tag in from_tags if tag != to_tag})


def _rewrite_item_tags(ctx: Context, project_id: int, renames: dict[str, str | None]) -> None:
    """Rename (or drop, for None) tags in the items that carry them: one SELECT, one batched UPDATE."""
    if not renames:
        return
    rows = ctx.session.execute(
        select(WorkItem.id, WorkItem.tags).where(
            WorkItem.project_id == project_id, json_array_has_any(WorkItem.__table__.c.tags, list(renames))
        )
    )
    changes = []
    for item_id, tags in rows:
        rewritten: list[str] = []
        for tag in tags or []:
            name = renames.get(tag, tag)
            if name is not None and name not in rewritten:
                rewritten.append(name)
        changes.append({"id": item_id, "tags": rewritten})
    if changes:
        ctx.session.execute(update(WorkItem), changes)


def _palette(project: Project) -> Palette:
    return {name: color for name, color in project.tags_colors or []}


def _color_errors(color: str | None) -> dict[str, list[str]]:
    if color and not HEX_COLOR.match(color):
        return {"color": ["The color is not a valid HEX color."]}
    return {}


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise Invalid(fields=errors)


def _save(ctx: Context, project: Project, palette: Palette) -> None:
    before = list(project.tags_colors or [])
    project.tags_colors = [[name, color] for name, color in palette.items()]
    history.record(
        ctx, target_type="project", target_id=project.id, project_id=project.id, action="change",
        diff={"tags_colors": [before, project.tags_colors]}, version=project.version,
    )  # fmt: skip
