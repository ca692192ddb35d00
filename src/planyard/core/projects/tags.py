"""A project's tag palette: `projects.tags_colors`, an ordered list of [tag, color] pairs."""

from __future__ import annotations

import re

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.kit.errors import Invalid
from planyard.models import Project

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


def delete_tag(ctx: Context, project_id: int, tag: str) -> None:
    project, _ = load_project(ctx, project_id, "modify_project")
    palette = _palette(project)
    _raise({} if tag in palette else {"tag": [TAG_MISSING]})
    del palette[tag]
    _save(ctx, project, palette)


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
