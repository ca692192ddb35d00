"""Workspace-wide custom fields (a field with no project, that items of every project of the workspace may
carry; Kaiten company custom properties) and the options of their select and catalog fields. Anyone
signed in reads them; workspace admins write them. Field settings only one API has live in `extra`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, select

from planyard.core import history
from planyard.core.company import require_admin
from planyard.core.context import Context
from planyard.kit.errors import Conflict, Invalid, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import Page, Window
from planyard.models import CustomField, CustomFieldOption, CustomFieldValues, Project, WorkItem

TARGET = "custom_field"
OPTION_TARGET = "custom_field_option"
# The types a workspace field may have; `score` and `poll` are computed from the users' votes.
TYPES = ("text", "number", "date", "email", "checkbox", "dropdown", "url", "user", "phone", "catalog", "score", "poll")
OPTION_KINDS = {"dropdown": "select", "catalog": "catalog"}
KIND = "story"  # workspace fields are listed with the story fields of the APIs that list fields by kind


def list_fields(ctx: Context, workspace_id: int, window: Window | None) -> Page[CustomField]:
    ctx.require_user()
    stmt = (select(CustomField).where(CustomField.workspace_id == workspace_id, CustomField.project_id.is_(None))
            .order_by(CustomField.order, CustomField.id))  # fmt: skip
    return fetch_page(ctx.session, stmt, window)


def get_field(ctx: Context, workspace_id: int, field_id: int) -> CustomField:
    ctx.require_user()
    field = ctx.session.get(CustomField, field_id)
    if field is None or field.project_id is not None or field.workspace_id != workspace_id:
        raise NotFound(entity="custom_field")
    return field


def _name(ctx: Context, workspace_id: int, name: Any, exclude: int | None) -> str:
    if not isinstance(name, str) or not name.strip():
        raise Invalid(code="blank", field="name")
    taken = select(CustomField.id).where(CustomField.workspace_id == workspace_id, CustomField.project_id.is_(None),
                                         func.lower(CustomField.name) == name.strip().lower())  # fmt: skip
    if exclude is not None:
        taken = taken.where(CustomField.id != exclude)
    if ctx.session.scalar(taken) is not None:
        raise Conflict(code="duplicate", entity="custom_field", field="name")
    return name.strip()


def create_field(ctx: Context, workspace_id: int, values: dict[str, Any]) -> CustomField:
    require_admin(ctx, workspace_id)
    if values.get("type") not in TYPES:
        raise Invalid(code="invalid_choice", entity="custom_field", field="type", params={"value": values.get("type")})
    last = ctx.session.scalar(select(func.max(CustomField.order)).where(CustomField.workspace_id == workspace_id,
                                                                        CustomField.project_id.is_(None)))  # fmt: skip
    name = _name(ctx, workspace_id, values.get("name"), None)
    field = CustomField(workspace_id=workspace_id, project_id=None, kind=KIND, type=values["type"], name=name,
                        description=values.get("description") or "", order=(last or 0) + 1,
                        extra=dict(values.get("extra") or {}))  # fmt: skip
    ctx.session.add(field)
    ctx.session.flush()
    history.record(ctx, target_type=TARGET, target_id=field.id, action="create",
                   snapshot={"name": field.name, "type": field.type})  # fmt: skip
    return field


def update_field(ctx: Context, workspace_id: int, field_id: int, changes: dict[str, Any]) -> CustomField:
    """Rename, describe or change the settings (`extra` keys are merged); the type stays."""
    field = get_field(ctx, workspace_id, field_id)
    require_admin(ctx, workspace_id)
    before = {"name": field.name, "description": field.description, "extra": dict(field.extra)}
    if changes.get("name") is not None:
        field.name = _name(ctx, workspace_id, changes["name"], field.id)
    if changes.get("description") is not None:
        field.description = changes["description"]
    if changes.get("extra"):
        field.extra = _merged(field.extra, changes["extra"])
    diff = history.diff_of(before, {"name": field.name, "description": field.description, "extra": field.extra})
    if diff:
        history.record(ctx, target_type=TARGET, target_id=field.id, action="change", diff=diff)
    ctx.session.flush()
    return field


def _merged(extra: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = dict(extra)
    for key, value in changes.items():
        merged[key] = (dict(merged.get(key) or {}) | value) if isinstance(value, dict) else value
    return merged


def delete_field(ctx: Context, workspace_id: int, field_id: int) -> CustomField:
    """Delete the field and its key from the values of every item of the workspace."""
    field = get_field(ctx, workspace_id, field_id)
    require_admin(ctx, workspace_id)
    key = str(field.id)
    items = (
        select(WorkItem.id).join(Project, Project.id == WorkItem.project_id).where(Project.workspace_id == workspace_id)
    )
    for row in ctx.session.scalars(select(CustomFieldValues).where(CustomFieldValues.work_item_id.in_(items))):
        if key in row.values:
            row.values = {k: v for k, v in row.values.items() if k != key}
            row.version += 1
    history.record(ctx, target_type=TARGET, target_id=field.id, action="delete", snapshot={"name": field.name})
    ctx.session.delete(field)
    ctx.session.flush()
    return field


def option_values(ctx: Context, field_ids: list[int]) -> dict[int, dict[int, str]]:
    """The select options of these fields: field id -> {option id: value}, in option order (one query)."""
    found: dict[int, dict[int, str]] = {field_id: {} for field_id in field_ids}
    if field_ids:
        stmt = (select(CustomFieldOption.custom_field_id, CustomFieldOption.id, CustomFieldOption.value)
                .where(CustomFieldOption.custom_field_id.in_(field_ids), CustomFieldOption.kind == "select")
                .order_by(CustomFieldOption.order, CustomFieldOption.id))  # fmt: skip
        for field_id, option_id, value in ctx.session.execute(stmt):
            found[field_id][option_id] = value
    return found


def item_select_options(ctx: Context, item_id: int) -> dict[int, dict[int, str]]:
    """The select fields of the item's workspace with their options (field id -> {option id: value}; one
    query)."""
    workspace = (select(Project.workspace_id).join(WorkItem, WorkItem.project_id == Project.id)
                 .where(WorkItem.id == item_id).scalar_subquery())  # fmt: skip
    stmt = (
        select(CustomField.id, CustomFieldOption.id, CustomFieldOption.value)
        .outerjoin(CustomFieldOption, and_(CustomFieldOption.custom_field_id == CustomField.id,
                                           CustomFieldOption.kind == "select"))
        .where(CustomField.project_id.is_(None), CustomField.workspace_id == workspace,
               CustomField.type == "dropdown")
        .order_by(CustomFieldOption.order, CustomFieldOption.id)
    )  # fmt: skip
    found: dict[int, dict[int, str]] = {}
    for field_id, option_id, value in ctx.session.execute(stmt):
        options = found.setdefault(field_id, {})
        if option_id is not None:
            options[option_id] = value
    return found


def _options_of(field: CustomField) -> str:
    kind = OPTION_KINDS.get(field.type)
    if kind is None:
        raise NotFound(entity="custom_field_option")
    return kind


def list_options(ctx: Context, workspace_id: int, field_id: int, window: Window | None,
                 text: str | None = None) -> Page[CustomFieldOption]:  # fmt: skip
    field = get_field(ctx, workspace_id, field_id)
    stmt = select(CustomFieldOption).where(CustomFieldOption.custom_field_id == field.id,
                                           CustomFieldOption.kind == _options_of(field))  # fmt: skip
    if text:
        like = f"%{text.lower()}%"
        stmt = stmt.where(
            func.lower(CustomFieldOption.value).like(like) | func.lower(CustomFieldOption.name).like(like)
        )
    return fetch_page(ctx.session, stmt.order_by(CustomFieldOption.order, CustomFieldOption.id), window)


def get_option(ctx: Context, workspace_id: int, field_id: int, option_id: int) -> CustomFieldOption:
    field = get_field(ctx, workspace_id, field_id)
    option = ctx.session.get(CustomFieldOption, option_id)
    if option is None or option.custom_field_id != field.id or option.kind != _options_of(field):
        raise NotFound(entity="custom_field_option")
    return option


OPTION_FIELDS = ("value", "name", "color", "order", "is_archived", "data")


def create_option(ctx: Context, workspace_id: int, field_id: int, values: dict[str, Any]) -> CustomFieldOption:
    """A new option; writers may add select options when the field allows it, else workspace admins."""
    field = get_field(ctx, workspace_id, field_id)
    kind = _options_of(field)
    if not field.extra.get("values_creatable_by_users"):
        require_admin(ctx, workspace_id)
    values = {k: v for k, v in values.items() if k in OPTION_FIELDS and v is not None}
    if "order" not in values:
        last = ctx.session.scalar(
            select(func.max(CustomFieldOption.order)).where(CustomFieldOption.custom_field_id == field.id)
        )
        values["order"] = (last or 0) + 1
    values["data"] = dict(values.get("data") or {}) | {"author_id": ctx.actor_id}
    option = CustomFieldOption(custom_field_id=field.id, kind=kind, **values)
    ctx.session.add(option)
    ctx.session.flush()
    history.record(ctx, target_type=OPTION_TARGET, target_id=option.id, action="create",
                   snapshot={"field": field.id, "value": option.value, "name": option.name})  # fmt: skip
    return option


def update_option(
    ctx: Context, workspace_id: int, field_id: int, option_id: int, changes: dict[str, Any]
) -> CustomFieldOption:
    option = get_option(ctx, workspace_id, field_id, option_id)
    require_admin(ctx, workspace_id)
    changes = {k: v for k, v in changes.items() if k in OPTION_FIELDS and v is not None}
    if "data" in changes:
        changes["data"] = option.data | changes["data"]
    before = {k: getattr(option, k) for k in changes}
    for name, value in changes.items():
        setattr(option, name, value)
    option.data = {**option.data, "updater_id": ctx.actor_id}
    diff = history.diff_of(before, changes)
    if diff:
        history.record(ctx, target_type=OPTION_TARGET, target_id=option.id, action="change", diff=diff)
    ctx.session.flush()
    return option


def delete_option(ctx: Context, workspace_id: int, field_id: int, option_id: int) -> CustomFieldOption:
    option = get_option(ctx, workspace_id, field_id, option_id)
    require_admin(ctx, workspace_id)
    history.record(ctx, target_type=OPTION_TARGET, target_id=option.id, action="delete",
                   snapshot={"field": option.custom_field_id, "value": option.value})  # fmt: skip
    ctx.session.delete(option)
    ctx.session.flush()
    return option
