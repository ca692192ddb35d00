"""Project templates: listing for everyone, writes for superusers only (Taiga's rule)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select, update

from planyard.core import history
from planyard.core.access import VALID_PERMISSIONS
from planyard.core.context import Context
from planyard.core.slugs import slugify, unique_slug
from planyard.kit.errors import Forbidden, Invalid, NotFound, Problem
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import Project, ProjectTemplate

TARGET = "project_template"
EDITABLE = (
    "name", "slug", "description", "order", "default_owner_role", "is_epics_activated", "is_backlog_activated",
    "is_kanban_activated", "is_wiki_activated", "is_issues_activated", "videoconferences",
    "videoconferences_extra_data", "default_options", "epic_statuses", "us_statuses", "points", "task_statuses",
    "issue_statuses", "issue_types", "priorities", "severities", "roles",
)  # fmt: skip
REQUIRED = ("name", "description", "default_owner_role")


def templates_query() -> Select[ProjectTemplate]:
    return select(ProjectTemplate).order_by(ProjectTemplate.order, ProjectTemplate.name, ProjectTemplate.id)


def get_template(ctx: Context, template_id: int) -> ProjectTemplate:
    template = ctx.session.get(ProjectTemplate, template_id)
    if template is None:
        raise NotFound(entity="project_template")
    return template


def _require_superuser(ctx: Context) -> None:
    if not ctx.require_user().is_superuser:
        raise Forbidden()


def _slug_taken(ctx: Context, slug: str, exclude_id: int | None) -> bool:
    stmt = select(ProjectTemplate.id).where(ProjectTemplate.slug == slug)
    if exclude_id is not None:
        stmt = stmt.where(ProjectTemplate.id != exclude_id)
    return ctx.session.scalar(stmt) is not None


def _validate(ctx: Context, values: dict[str, Any], exclude_id: int | None) -> None:
    errors: dict[str, list[Problem]] = {}
    for name in REQUIRED:
        if name in values and not (values[name] or "").strip():
            errors[name] = [Problem("blank")]
    slug = values.get("slug")
    if slug is not None and _slug_taken(ctx, slug, exclude_id):
        errors["slug"] = [Problem("duplicate")]
    bad = sorted({p for role in values.get("roles") or [] for p in role.get("permissions", [])} - VALID_PERMISSIONS)
    if bad:
        errors["roles"] = [Problem("unknown_permission", {"value": p}) for p in bad]
    if errors:
        raise Invalid(fields=errors, entity="project_template")


def create_template(ctx: Context, values: dict[str, Any]) -> ProjectTemplate:
    _require_superuser(ctx)
    values = {k: v for k, v in values.items() if k in EDITABLE}
    if values.get("slug"):
        values["slug"] = slugify(values["slug"])
    _validate(ctx, values, None)
    if not values.get("slug"):
        values["slug"] = unique_slug(values["name"], lambda s: _slug_taken(ctx, s, None))
    template = ProjectTemplate(**values)
    ctx.session.add(template)
    ctx.session.flush()
    history.record(ctx, target_type=TARGET, target_id=template.id, action="create", snapshot={"name": template.name})
    return template


def update_template(ctx: Context, template_id: int, changes: dict[str, Any]) -> ProjectTemplate:
    _require_superuser(ctx)
    template = get_template(ctx, template_id)
    changes = {k: v for k, v in changes.items() if k in EDITABLE}
    if "slug" in changes:
        changes["slug"] = slugify(changes["slug"] or template.name)
    _validate(ctx, changes, template.id)
    before = {k: getattr(template, k) for k in changes}
    for name, value in changes.items():
        setattr(template, name, value)
    ctx.session.flush()
    history.record(
        ctx, target_type=TARGET, target_id=template.id, action="change", diff=history.diff_of(before, changes)
    )
    return template


def delete_template(ctx: Context, template_id: int) -> None:
    _require_superuser(ctx)
    template = get_template(ctx, template_id)
    ctx.session.execute(
        update(Project).where(Project.creation_template_id == template.id).values(creation_template_id=None)
    )
    history.record(ctx, target_type=TARGET, target_id=template.id, action="delete", snapshot={"name": template.name})
    ctx.session.delete(template)
    ctx.session.flush()


def list_templates(ctx: Context, query: ListQuery) -> Page[ProjectTemplate]:
    return fetch_page(ctx.session, templates_query(), query.window)
