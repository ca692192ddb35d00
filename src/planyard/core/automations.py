"""A project's automation rules: stored, listed and edited (Planyard does not run them). Anyone who sees
the project reads them; those who may modify it write them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.kit.errors import Invalid, NotFound
from planyard.models import Automation

TARGET = "automation"
PERMISSION = "modify_project"
FIELDS = ("name", "status", "trigger", "actions", "sort_order", "extra")


def list_automations(ctx: Context, project_id: int) -> list[Automation]:
    load_project(ctx, project_id)
    stmt = select(Automation).where(Automation.project_id == project_id).order_by(Automation.sort_order, Automation.id)
    return list(ctx.session.scalars(stmt))


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in values.items() if k in FIELDS and v is not None}
    if "name" in values and (not isinstance(values["name"], str) or not values["name"].strip()):
        raise Invalid(code="blank", field="name")
    return values


def create_automation(ctx: Context, project_id: int, values: dict[str, Any]) -> Automation:
    load_project(ctx, project_id, PERMISSION)
    values = _checked(values)
    if "name" not in values:
        raise Invalid(code="required", field="name")
    if "sort_order" not in values:
        last = ctx.session.scalar(select(func.max(Automation.sort_order)).where(Automation.project_id == project_id))
        values["sort_order"] = (last or 0) + 1
    row = Automation(project_id=project_id, **values)
    ctx.session.add(row)
    ctx.session.flush()
    history.record(ctx, target_type=TARGET, target_id=row.id, project_id=project_id, action="create",
                   snapshot={"name": row.name})  # fmt: skip
    return row


def _automation(ctx: Context, project_id: int, automation_id: int) -> Automation:
    load_project(ctx, project_id, PERMISSION)
    row = ctx.session.get(Automation, automation_id)
    if row is None or row.project_id != project_id:
        raise NotFound(entity="automation")
    return row


def update_automation(ctx: Context, project_id: int, automation_id: int, changes: dict[str, Any]) -> Automation:
    row = _automation(ctx, project_id, automation_id)
    changes = _checked(changes)
    if "extra" in changes:
        changes["extra"] = row.extra | changes["extra"]
    before = {k: getattr(row, k) for k in changes}
    for name, value in changes.items():
        setattr(row, name, value)
    diff = history.diff_of(before, changes)
    if diff:
        history.record(ctx, target_type=TARGET, target_id=row.id, project_id=project_id, action="change", diff=diff)
    ctx.session.flush()
    return row


def delete_automation(ctx: Context, project_id: int, automation_id: int) -> Automation:
    row = _automation(ctx, project_id, automation_id)
    history.record(ctx, target_type=TARGET, target_id=row.id, project_id=project_id, action="delete",
                   snapshot={"name": row.name})  # fmt: skip
    ctx.session.delete(row)
    ctx.session.flush()
    return row
