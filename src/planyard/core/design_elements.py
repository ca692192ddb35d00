"""A project's game design model (HacknPlan design elements): typed elements in a tree. An element
moves under another of its project, never under itself or its own subtree; deleting an element deletes
its subtree, or lifts its children to its parent (HacknPlan's `deleteDesignElementValues`, see
docs/mapping.md). Deleting a type moves its elements to
another type of the project (HacknPlan's `targetDesignElementTypeId`). Reading needs view_us, writing
modify_us: the permissions of the items the model organizes (docs/mapping.md). Every write is logged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import case, func, select, update

from planyard.core import history
from planyard.core.access import load_project, require
from planyard.core.context import Context
from planyard.core.work_items.item_rows import changes_to
from planyard.kit.errors import Invalid, NotFound
from planyard.models import DesignElement, DesignElementType, WorkItem

VIEW, WRITE = "view_us", "modify_us"
TYPE_TARGET, ELEMENT_TARGET = "design_element_type", "design_element"
TYPE_FIELDS = frozenset({"name", "icon", "color"})
ELEMENT_FIELDS = frozenset({"name", "description", "type_id", "order", "start_date", "due_date", "extra"})


@dataclass
class NewElement:
    type_id: int
    name: str
    description: str = ""
    parent_id: int | None = None
    order: float | None = None
    start_date: date | None = None
    due_date: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def list_types(ctx: Context, project_id: int) -> list[DesignElementType]:
    load_project(ctx, project_id, VIEW)
    stmt = select(DesignElementType).where(DesignElementType.project_id == project_id).order_by(DesignElementType.id)
    return list(ctx.session.scalars(stmt))


def create_type(ctx: Context, project_id: int, name: str, icon: str = "", color: str = "") -> DesignElementType:
    load_project(ctx, project_id, WRITE)
    _check_name(name)
    row = DesignElementType(project_id=project_id, name=name, icon=icon, color=color)
    ctx.session.add(row)
    ctx.session.flush()
    _record(ctx, project_id, TYPE_TARGET, row.id, "create", {"name": [None, name]})
    return row


def update_type(ctx: Context, type_id: int, changes: dict[str, Any]) -> DesignElementType:
    row = _type(ctx, type_id, WRITE)
    if "name" in changes:
        _check_name(changes["name"])
    diff = changes_to(row, TYPE_FIELDS, changes)
    if diff:
        _record(ctx, row.project_id, TYPE_TARGET, row.id, "change", diff)
    ctx.session.flush()
    return row


def delete_type(ctx: Context, type_id: int, move_to: int | None = None) -> None:
    """Its elements move to type `move_to` of the same project; without one, only an unused type goes."""
    row = _type(ctx, type_id, WRITE)
    used = ctx.session.scalar(select(func.count()).where(DesignElement.type_id == row.id)) or 0
    if move_to is not None:
        target = ctx.session.get(DesignElementType, move_to)
        if target is None or target.project_id != row.project_id or target.id == row.id:
            raise Invalid(code="invalid_move_to", entity="design_element_type", field="move_to")
        ctx.session.execute(update(DesignElement).where(DesignElement.type_id == row.id).values(type_id=target.id)
                            .execution_options(synchronize_session=False))  # fmt: skip
    elif used:
        raise Invalid(code="move_to_required", entity="design_element_type", field="move_to")
    _record(ctx, row.project_id, TYPE_TARGET, row.id, "delete", {"name": [row.name, None]})
    ctx.session.delete(row)
    ctx.session.flush()


def list_elements(ctx: Context, project_id: int) -> list[DesignElement]:
    """The project's elements, by parent then order: each level of the tree in order."""
    load_project(ctx, project_id, VIEW)
    stmt = select(DesignElement).where(DesignElement.project_id == project_id)
    return list(ctx.session.scalars(stmt.order_by(DesignElement.parent_id.nulls_first(), DesignElement.order,
                                                  DesignElement.id)))  # fmt: skip


def get_element(ctx: Context, element_id: int) -> DesignElement:
    return _element(ctx, element_id, VIEW)


def create_element(ctx: Context, project_id: int, new: NewElement) -> DesignElement:
    load_project(ctx, project_id, WRITE)
    _check_name(new.name)
    _check_type(ctx, project_id, new.type_id)
    if new.parent_id is not None:
        _check_parent(ctx, project_id, new.parent_id, None)
    parent = new.parent_id
    row = DesignElement(project_id=project_id, type_id=new.type_id, parent_id=parent, name=new.name,
                        description=new.description, order=_next_order(ctx, project_id, new.parent_id, new.order),
                        owner_id=ctx.actor_id, start_date=new.start_date, due_date=new.due_date,
                        extra=dict(new.extra))  # fmt: skip
    ctx.session.add(row)
    ctx.session.flush()
    _record(ctx, project_id, ELEMENT_TARGET, row.id, "create", {"name": [None, row.name], "parent_id": [None, parent]})
    return row


def update_element(ctx: Context, element_id: int, changes: dict[str, Any]) -> DesignElement:
    row = _element(ctx, element_id, WRITE)
    if "name" in changes:
        _check_name(changes["name"])
    if "type_id" in changes:
        _check_type(ctx, row.project_id, changes["type_id"])
    diff = changes_to(row, ELEMENT_FIELDS, changes)
    if diff:
        _record(ctx, row.project_id, ELEMENT_TARGET, row.id, "change", diff)
    ctx.session.flush()
    return row


def move_element(ctx: Context, element_id: int, parent_id: int | None, order: float | None = None) -> DesignElement:
    """Under another element (or to the top), at `order` (the end of its new siblings by default)."""
    row = _element(ctx, element_id, WRITE)
    if parent_id is not None:
        _check_parent(ctx, row.project_id, parent_id, row.id)
    fields = {"parent_id": parent_id, "order": _next_order(ctx, row.project_id, parent_id, order)}
    diff = changes_to(row, frozenset({"parent_id", "order"}), fields)
    if diff:
        _record(ctx, row.project_id, ELEMENT_TARGET, row.id, "change", diff)
    ctx.session.flush()
    return row


def delete_element(ctx: Context, element_id: int, *, keep_children: bool = False) -> list[int]:
    """The element and its subtree (the foreign key cascades), or with `keep_children` the element alone,
    its children lifted to its parent (after its siblings); returns the ids deleted, each logged. Items
    of a deleted element lose it (the foreign key sets null)."""
    row = _element(ctx, element_id, WRITE)
    if keep_children:
        for child in ctx.session.scalars(select(DesignElement).where(DesignElement.parent_id == row.id)
                                         .order_by(DesignElement.order, DesignElement.id)):  # fmt: skip
            move_element(ctx, child.id, row.parent_id)
    gone = subtree_ids(ctx, row.id)
    for removed in gone:
        _record(ctx, row.project_id, ELEMENT_TARGET, removed, "delete", {"subtree_of": [None, row.id]})
    ctx.session.delete(row)
    ctx.session.flush()
    return gone


def order_at_rank(ctx: Context, project_id: int, parent_id: int | None, rank: int, moving_id: int | None) -> float:
    """The order that puts an element at 1-based `rank` among its siblings under `parent_id` (between its
    new neighbours; after the last when `rank` runs past them)."""
    same_parent = DesignElement.parent_id.is_(None) if parent_id is None else DesignElement.parent_id == parent_id
    stmt = select(DesignElement.order).where(DesignElement.project_id == project_id, same_parent)
    if moving_id is not None:
        stmt = stmt.where(DesignElement.id != moving_id)
    orders = list(ctx.session.scalars(stmt.order_by(DesignElement.order, DesignElement.id)))
    if rank > len(orders):
        return (orders[-1] if orders else 0) + 1
    before = orders[rank - 2] if rank >= 2 else orders[0] - 1
    return (before + orders[rank - 1]) / 2


def item_counts(ctx: Context, element_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(items, closed items) linked to each element."""
    closed = func.coalesce(func.sum(case((WorkItem.is_closed.is_(True), 1), else_=0)), 0)
    rows = ctx.session.execute(select(WorkItem.design_element_id, func.count(WorkItem.id), closed)
                               .where(WorkItem.design_element_id.in_(element_ids))
                               .group_by(WorkItem.design_element_id))  # fmt: skip
    found = {int(element_id): (int(total), int(done)) for element_id, total, done in rows}
    return {element_id: found.get(element_id, (0, 0)) for element_id in element_ids}


def subtree_ids(ctx: Context, element_id: int) -> list[int]:
    """The element and every element under it, in one recursive query."""
    tree = select(DesignElement.id).where(DesignElement.id == element_id).cte(recursive=True)
    tree = tree.union_all(select(DesignElement.id).join(tree, DesignElement.parent_id == tree.c.id))
    return sorted(ctx.session.scalars(select(tree.c.id)))


def _check_parent(ctx: Context, project_id: int, parent_id: int, moving_id: int | None) -> None:
    parent = ctx.session.get(DesignElement, parent_id)
    if parent is None or parent.project_id != project_id:
        raise Invalid(code="does_not_exist", field="parent_id", params={"pk": parent_id})
    if moving_id is not None and parent_id in subtree_ids(ctx, moving_id):
        raise Invalid(code="tree_cycle", field="parent_id")


def _check_type(ctx: Context, project_id: int, type_id: Any) -> None:
    found = ctx.session.get(DesignElementType, type_id) if isinstance(type_id, int) else None
    if found is None or found.project_id != project_id:
        raise Invalid(code="does_not_exist", field="type_id", params={"pk": type_id})


def _next_order(ctx: Context, project_id: int, parent_id: int | None, order: float | None) -> float:
    if order is not None:
        return order
    same_parent = DesignElement.parent_id.is_(None) if parent_id is None else DesignElement.parent_id == parent_id
    siblings = select(func.max(DesignElement.order)).where(DesignElement.project_id == project_id, same_parent)
    return (ctx.session.scalar(siblings) or 0) + 1


def _type(ctx: Context, type_id: int, permission: str) -> DesignElementType:
    row = ctx.session.get(DesignElementType, type_id)
    if row is None:
        raise NotFound(entity="design_element_type")
    _in_project(ctx, row.project_id, permission, "design_element_type")
    return row


def _element(ctx: Context, element_id: int, permission: str) -> DesignElement:
    row = ctx.session.get(DesignElement, element_id)
    if row is None:
        raise NotFound(entity="design_element")
    _in_project(ctx, row.project_id, permission, "design_element")
    return row


def _in_project(ctx: Context, project_id: int, permission: str, entity: str) -> None:
    """Rows (of `entity`) of a project the actor cannot see are not found; seen but not writable, forbidden."""
    try:
        _, access = load_project(ctx, project_id)
    except NotFound:
        raise NotFound(entity=entity) from None
    if not access.can(VIEW):
        raise NotFound(entity=entity)
    require(ctx, access, permission)


def _record(ctx: Context, project_id: int, target: str, row_id: int, action: str, diff: dict[str, Any]) -> None:
    history.record(ctx, target_type=target, target_id=row_id, project_id=project_id, action=action, diff=diff)


def _check_name(name: Any) -> None:
    if not isinstance(name, str) or not name.strip():
        raise Invalid(code="blank", field="name")
