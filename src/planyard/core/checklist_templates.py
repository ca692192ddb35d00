"""A project's template checklists (checklists with no item, Kaiten space template checklists) and their
items. Anyone who sees the project reads them; its admins (`admin_project_values`) write them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.kit.errors import Invalid, NotFound
from planyard.models import Checklist, ChecklistItem, User

TEMPLATE, TEMPLATE_ITEM = "checklist_template", "checklist_template_item"
PERMISSION = "admin_project_values"


def list_templates(ctx: Context, project_id: int) -> list[tuple[Checklist, list[ChecklistItem]]]:
    """The project's templates with their items, each in order (two queries)."""
    load_project(ctx, project_id)
    templates = ctx.session.scalars(select(Checklist).where(Checklist.project_id == project_id,
                                                            Checklist.work_item_id.is_(None))
                                    .order_by(Checklist.order, Checklist.id)).all()  # fmt: skip
    items: dict[int, list[ChecklistItem]] = {t.id: [] for t in templates}
    if items:
        rows = ctx.session.scalars(select(ChecklistItem).where(ChecklistItem.checklist_id.in_(items))
                                   .order_by(ChecklistItem.order, ChecklistItem.id))  # fmt: skip
        for row in rows:
            items[row.checklist_id].append(row)
    return [(t, items[t.id]) for t in templates]


def _text(field: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid(code="blank", field=field)
    return value


def _template(ctx: Context, project_id: int, template_id: int) -> Checklist:
    load_project(ctx, project_id, PERMISSION)
    template = ctx.session.get(Checklist, template_id)
    if template is None or template.project_id != project_id or template.work_item_id is not None:
        raise NotFound(entity="checklist_template")
    return template


def create_template(ctx: Context, project_id: int, name: str, order: float | None) -> Checklist:
    load_project(ctx, project_id, PERMISSION)
    if order is None:
        last = ctx.session.scalar(select(func.max(Checklist.order)).where(Checklist.project_id == project_id))
        order = (last or 0) + 1
    template = Checklist(project_id=project_id, work_item_id=None, name=_text("name", name), order=order)
    ctx.session.add(template)
    ctx.session.flush()
    history.record(ctx, target_type=TEMPLATE, target_id=template.id, project_id=project_id, action="create",
                   snapshot={"name": template.name})  # fmt: skip
    return template


def update_template(ctx: Context, project_id: int, template_id: int, changes: dict[str, Any]) -> Checklist:
    template = _template(ctx, project_id, template_id)
    changes = {k: v for k, v in changes.items() if k in ("name", "order") and v is not None}
    if "name" in changes:
        _text("name", changes["name"])
    before = {k: getattr(template, k) for k in changes}
    for name, value in changes.items():
        setattr(template, name, value)
    diff = history.diff_of(before, changes)
    if diff:
        history.record(ctx, target_type=TEMPLATE, target_id=template.id, project_id=project_id, action="change",
                       diff=diff)  # fmt: skip
    ctx.session.flush()
    return template


def delete_template(ctx: Context, project_id: int, template_id: int) -> Checklist:
    template = _template(ctx, project_id, template_id)
    history.record(ctx, target_type=TEMPLATE, target_id=template.id, project_id=project_id, action="delete",
                   snapshot={"name": template.name})  # fmt: skip
    ctx.session.delete(template)
    ctx.session.flush()
    return template


def _responsible(ctx: Context, user_id: Any) -> int | None:
    if user_id is None:
        return None
    if isinstance(user_id, bool) or not isinstance(user_id, int) or ctx.session.get(User, user_id) is None:
        raise Invalid(code="does_not_exist", field="user_id", params={"pk": user_id})
    return user_id


def add_item(ctx: Context, project_id: int, template_id: int, values: dict[str, Any]) -> ChecklistItem:
    template = _template(ctx, project_id, template_id)
    order = values.get("order")
    if order is None:
        last = ctx.session.scalar(
            select(func.max(ChecklistItem.order)).where(ChecklistItem.checklist_id == template.id)
        )
        order = (last or 0) + 1
    row = ChecklistItem(checklist_id=template.id, text=_text("text", values.get("text")), order=order,
                        responsible_id=_responsible(ctx, values.get("responsible_id")))  # fmt: skip
    ctx.session.add(row)
    ctx.session.flush()
    history.record(ctx, target_type=TEMPLATE_ITEM, target_id=row.id, project_id=project_id, action="create",
                   snapshot={"checklist": template.id, "text": row.text})  # fmt: skip
    return row


def _item(ctx: Context, project_id: int, template_id: int, item_id: int) -> ChecklistItem:
    template = _template(ctx, project_id, template_id)
    row = ctx.session.get(ChecklistItem, item_id)
    if row is None or row.checklist_id != template.id:
        raise NotFound(entity="checklist_template_item")
    return row


def update_item(
    ctx: Context, project_id: int, template_id: int, item_id: int, changes: dict[str, Any]
) -> ChecklistItem:
    row = _item(ctx, project_id, template_id, item_id)
    changes = {k: v for k, v in changes.items() if k in ("text", "order", "responsible_id")}
    changes = {k: v for k, v in changes.items() if v is not None or k == "responsible_id"}
    if "text" in changes:
        _text("text", changes["text"])
    if "responsible_id" in changes:
        changes["responsible_id"] = _responsible(ctx, changes["responsible_id"])
    before = {k: getattr(row, k) for k in changes}
    for name, value in changes.items():
        setattr(row, name, value)
    diff = history.diff_of(before, changes)
    if diff:
        history.record(ctx, target_type=TEMPLATE_ITEM, target_id=row.id, project_id=project_id, action="change",
                       diff=diff)  # fmt: skip
    ctx.session.flush()
    return row


def delete_item(ctx: Context, project_id: int, template_id: int, item_id: int) -> ChecklistItem:
    row = _item(ctx, project_id, template_id, item_id)
    history.record(ctx, target_type=TEMPLATE_ITEM, target_id=row.id, project_id=project_id, action="delete",
                   snapshot={"text": row.text})  # fmt: skip
    ctx.session.delete(row)
    ctx.session.flush()
    return row
