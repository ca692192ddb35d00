"""Custom fields of a project, one set per kind of work item (Taiga custom attributes), and the values
each item holds for them, with their own OCC version. One service for every kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, or_, select

from planyard.core import history, workspace_fields
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.projects.service import visible_projects
from planyard.core.work_items.kinds import ItemProfile
from planyard.core.work_items.service import get_item
from planyard.kit.concurrency import check_version
from planyard.kit.errors import Forbidden, Invalid, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.kit.validation import reject_nulls
from planyard.models import ChangeEntry, CustomField, CustomFieldValues, Project, WorkItem

TYPES = ("text", "multiline", "richtext", "date", "url", "dropdown", "checkbox", "number")
TARGET_TYPE = "custom_field"
VALUES_DIFF_KEY = "custom_attributes"
_GONE = object()  # a key absent from a set of values


@dataclass(frozen=True)
class ItemValues:
    """The custom values of one work item; `version` is 1 until the first write (no row yet)."""

    item_id: int
    values: dict[str, Any]
    version: int


def list_query(ctx: Context, kind: ItemProfile, project_id: int | None) -> Select[Any]:
    """The fields of the visible projects (of one, when given: then after its own fields the workspace
    fields of its workspace, read-only, when `kind` is the kind they are listed with)."""
    project_ids = visible_projects(ctx).with_only_columns(Project.id)
    own = and_(CustomField.kind == kind.name, CustomField.project_id.in_(project_ids))
    if project_id is None:
        stmt = select(CustomField).where(own)
        return stmt.order_by(CustomField.project_id, CustomField.order, CustomField.name, CustomField.id)
    listed = and_(own, CustomField.project_id == project_id)
    if kind.name == workspace_fields.KIND:
        workspace = (select(Project.workspace_id)
                     .where(Project.id == project_id, Project.id.in_(project_ids)).scalar_subquery())  # fmt: skip
        listed = or_(listed, and_(CustomField.project_id.is_(None), CustomField.workspace_id == workspace))
    return (
        select(CustomField)
        .where(listed)
        .order_by(CustomField.project_id.is_(None), CustomField.order, CustomField.name, CustomField.id)
    )


def get_field(ctx: Context, kind: ItemProfile, field_id: int, permission: str = "view_project") -> CustomField:
    """A project's field the actor may see (and holds `permission` on); a workspace field of this kind is
    read by anyone signed in and written by nobody here (Forbidden: core.workspace_fields writes it)."""
    field = ctx.session.get(CustomField, field_id)
    if field is not None and field.project_id is None and field.kind == kind.name and ctx.actor is not None:
        if permission != "view_project":
            raise Forbidden()
        return field
    if field is None or field.kind != kind.name or field.project_id is None:
        raise NotFound()
    try:
        load_project(ctx, field.project_id, permission)
    except NotFound:
        raise NotFound() from None
    return field


def create_field(ctx: Context, kind: ItemProfile, project_id: int, fields: dict[str, Any]) -> CustomField:
    if ctx.session.get(Project, project_id) is None:
        raise Invalid(code="does_not_exist", field="project", params={"pk": project_id})
    load_project(ctx, project_id, "admin_project_values")
    fields = _checked(ctx, kind, project_id, {k: v for k, v in fields.items() if v is not None or k == "extra"}, None)
    if "order" not in fields:
        fields["order"] = _next_order(ctx, kind, project_id)
    field = CustomField(project_id=project_id, kind=kind.name, **fields)
    ctx.session.add(field)
    ctx.session.flush()
    history.record(ctx, target_type=TARGET_TYPE, target_id=field.id, project_id=project_id, action="create",
                   snapshot={"kind": kind.name, "name": field.name})  # fmt: skip
    return field


def update_field(ctx: Context, kind: ItemProfile, field_id: int, changes: dict[str, Any]) -> CustomField:
    field = get_field(ctx, kind, field_id, "admin_project_values")
    changes = _checked(ctx, kind, field.project_id, changes, field.id)
    before = {k: getattr(field, k) for k in changes}
    for name, value in changes.items():
        setattr(field, name, value)
    diff = history.diff_of(before, changes)
    if diff:
        history.record(ctx, target_type=TARGET_TYPE, target_id=field.id, project_id=field.project_id,
                       action="change", diff=diff, snapshot={"kind": kind.name, "name": field.name})  # fmt: skip
    ctx.session.flush()
    return field


def delete_field(ctx: Context, kind: ItemProfile, field_id: int) -> None:
    """Deletes the field and its key from every value row of the project's items of that kind."""
    field = get_field(ctx, kind, field_id, "admin_project_values")
    key = str(field.id)
    items = select(WorkItem.id).where(WorkItem.project_id == field.project_id, WorkItem.kind == kind.name)
    for row in ctx.session.scalars(select(CustomFieldValues).where(CustomFieldValues.work_item_id.in_(items))):
        if key in row.values:
            row.values = {k: v for k, v in row.values.items() if k != key}
    history.record(ctx, target_type=TARGET_TYPE, target_id=field.id, project_id=field.project_id, action="delete",
                   snapshot={"kind": kind.name, "name": field.name})  # fmt: skip
    ctx.session.delete(field)
    ctx.session.flush()


def bulk_update_order(ctx: Context, kind: ItemProfile, project_id: int, pairs: list[tuple[int, int]]) -> None:
    """All or nothing: every id must be a field of this project and kind."""
    load_project(ctx, project_id, "admin_project_values")
    ids = [field_id for field_id, _ in pairs]
    stmt = select(CustomField).where(
        CustomField.id.in_(ids), CustomField.project_id == project_id, CustomField.kind == kind.name
    )
    fields = {f.id: f for f in ctx.session.scalars(stmt)}
    unknown = [field_id for field_id in ids if field_id not in fields]
    if unknown:
        raise Invalid(code="unknown_ids", params={"ids": unknown})
    for field_id, order in pairs:
        fields[field_id].order = order
    history.record(ctx, target_type=TARGET_TYPE, target_id=project_id, project_id=project_id, action="change",
                   diff={"order": [None, [list(p) for p in pairs]]}, snapshot={"kind": kind.name})  # fmt: skip
    ctx.session.flush()


def get_values(ctx: Context, kind: ItemProfile, item_id: int) -> ItemValues:
    item, _ = get_item(ctx, kind, item_id)
    row = ctx.session.get(CustomFieldValues, item.id)
    return ItemValues(item.id, dict(row.values), row.version) if row else ItemValues(item.id, {}, 1)


def set_values(ctx: Context, kind: ItemProfile, item_id: int, sent: Any, version: Any, *, replace: bool) -> ItemValues:
    """`replace` (PUT) makes `sent` the whole set of values; otherwise (PATCH) the sent keys are merged.
    A stale `version` is refused only when a field this write touches was written since."""
    item, _ = get_item(ctx, kind, item_id, kind.modify)
    if not isinstance(sent, dict):
        raise Invalid(code="not_an_object", field="attributes_values")
    sent = _with_field_keys(ctx, kind, item.project_id, sent)
    row = ctx.session.get(CustomFieldValues, item.id)
    current = dict(row.values) if row else {}
    touched = set(sent) | (set(current) if replace else set())
    check_version(row.version if row else 1, version, touched, lambda v: _changed_since(ctx, kind, item.id, v))
    new = sent if replace else current | sent
    changed = {k for k in set(current) | set(new) if current.get(k, _GONE) != new.get(k, _GONE)}
    if not changed:
        return ItemValues(item.id, current, row.version if row else 1)
    if row is None:
        row = CustomFieldValues(work_item_id=item.id, values=new, version=2)
        ctx.session.add(row)
    else:
        row.values, row.version = new, row.version + 1
    diff = [{k: current[k] for k in changed if k in current}, {k: new[k] for k in changed if k in new}]
    history.record(ctx, target_type=kind.target_type, target_id=item.id, project_id=item.project_id,
                   action="change", diff={VALUES_DIFF_KEY: diff}, version=row.version)  # fmt: skip
    ctx.session.flush()
    return ItemValues(item.id, dict(new), row.version)


def _checked(
    ctx: Context, kind: ItemProfile, project_id: int | None, fields: dict[str, Any], exclude: int | None
) -> dict[str, Any]:
    fields = dict(fields)
    if "extra" in fields:
        extra = fields.pop("extra")
        fields["extra"] = {} if extra is None else {"options": extra}
    reject_nulls(CustomField, fields)
    if "type" in fields and fields["type"] not in TYPES:
        raise Invalid(code="invalid_choice", entity="custom_field", field="type", params={"value": fields["type"]})
    if "name" in fields:
        if not str(fields["name"]).strip():
            raise Invalid(code="blank", field="name")
        taken = select(CustomField.id).where(
            CustomField.project_id == project_id, CustomField.kind == kind.name, CustomField.name == fields["name"]
        )
        if exclude is not None:
            taken = taken.where(CustomField.id != exclude)
        if ctx.session.scalar(taken) is not None:
            raise Invalid(code="duplicate", entity="custom_field", field="name")
    return fields


def _with_field_keys(ctx: Context, kind: ItemProfile, project_id: int, sent: dict[Any, Any]) -> dict[str, Any]:
    """The values keyed by canonical field ids ("7", never "07"); every id a field of this project and kind,
    or a workspace-wide field of the project's workspace."""
    keys = [str(k) for k in sent]
    if not all(k.isascii() and k.isdigit() and len(k) < 19 for k in keys):
        raise Invalid(code="unknown_keys", field="attributes_values")
    values = {str(int(k)): v for k, v in zip(keys, sent.values(), strict=True)}
    if values:
        workspace = select(Project.workspace_id).where(Project.id == project_id).scalar_subquery()
        found = ctx.session.scalar(
            select(func.count(CustomField.id)).where(
                CustomField.id.in_([int(k) for k in values]),
                or_(
                    and_(CustomField.project_id == project_id, CustomField.kind == kind.name),
                    and_(CustomField.project_id.is_(None), CustomField.workspace_id == workspace),
                ),
            )
        )
        if found != len(values):
            raise Invalid(code="unknown_keys", field="attributes_values")
    return values


def _changed_since(ctx: Context, kind: ItemProfile, item_id: int, version: int) -> set[str]:
    """Field ids written by value versions after `version` (the item's own entries carry no such diff)."""
    diffs = ctx.session.scalars(
        select(ChangeEntry.diff).where(
            ChangeEntry.target_type == kind.target_type,
            ChangeEntry.target_id == item_id,
            ChangeEntry.version > version,
        )
    )
    changed: set[str] = set()
    for diff in diffs:
        old, new = diff.get(VALUES_DIFF_KEY) or ({}, {})
        changed |= set(old) | set(new)
    return changed


def _next_order(ctx: Context, kind: ItemProfile, project_id: int) -> int:
    stmt = select(func.max(CustomField.order)).where(
        CustomField.project_id == project_id, CustomField.kind == kind.name
    )
    return (ctx.session.scalar(stmt) or 0) + 1


def list_fields(ctx: Context, kind: ItemProfile, project_id: int | None, query: ListQuery) -> Page[CustomField]:
    return fetch_page(ctx.session, list_query(ctx, kind, project_id), query.window)
