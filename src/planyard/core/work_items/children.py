"""An item's children and parents across the three relations that say so (docs/mapping.md, Relations):
sub-items by `parent_id` (Taiga tasks of a story), an epic's stories (`epic_story` links) and any other
pair (`parent_child` links). Adding picks the relation that fits the two profiles; removing deletes the
one found. Reading needs the item's view permission, writing its modify permission; writes are logged."""

from __future__ import annotations

from sqlalchemy import or_, select

from planyard.core.context import Context
from planyard.core.work_items import epic_stories
from planyard.core.work_items.item_rows import readable_item, record, writable_item
from planyard.core.work_items.kinds import KINDS, STORY
from planyard.core.work_items.service import ItemChanges, update_item
from planyard.kit.errors import Invalid, NotFound
from planyard.models import WorkItem, WorkItemLink

EPIC_STORY, PARENT_CHILD = "epic_story", "parent_child"
TARGET = "work_item_link"


def children(ctx: Context, item_id: int) -> list[WorkItem]:
    item, _ = readable_item(ctx, item_id)
    linked = select(WorkItemLink.to_id).where(WorkItemLink.from_id == item.id,
                                              WorkItemLink.kind.in_((EPIC_STORY, PARENT_CHILD)))  # fmt: skip
    stmt = select(WorkItem).where(or_(WorkItem.parent_id == item.id, WorkItem.id.in_(linked)))
    return list(ctx.session.scalars(stmt.order_by(WorkItem.id)))


def parents(ctx: Context, item_id: int) -> list[WorkItem]:
    item, _ = readable_item(ctx, item_id)
    linked = select(WorkItemLink.from_id).where(WorkItemLink.to_id == item.id,
                                                WorkItemLink.kind.in_((EPIC_STORY, PARENT_CHILD)))  # fmt: skip
    stmt = select(WorkItem).where(or_(WorkItem.id == item.parent_id, WorkItem.id.in_(linked)))
    return list(ctx.session.scalars(stmt.order_by(WorkItem.id)))


def add_child(ctx: Context, parent_id: int, child_id: int) -> WorkItem:
    parent = writable_item(ctx, parent_id)
    try:
        child, _ = readable_item(ctx, child_id)
    except NotFound:
        raise Invalid(code="does_not_exist", field="card_id", params={"pk": child_id}) from None
    if child.id == parent.id:
        raise Invalid(code="self_reference", entity="relation", field="card_id")
    if child.id in {c.id for c in children(ctx, parent.id)} or parent.id in {c.id for c in children(ctx, child.id)}:
        raise Invalid(code="already_related", field="card_id")
    parent_kind, child_kind = KINDS[parent.kind], KINDS[child.kind]
    if parent_kind.groups_items and child.kind == STORY.name:
        epic_stories.create_link(ctx, parent.id, child.id, None)
    elif (parent_kind.holds_subitems and child_kind.is_subitem and child.parent_id is None
          and child.project_id == parent.project_id):  # fmt: skip
        update_item(ctx, child_kind, child.id, ItemChanges(fields={"parent_id": parent.id}))
    else:
        link = WorkItemLink(kind=PARENT_CHILD, from_id=parent.id, to_id=child.id)
        ctx.session.add(link)
        ctx.session.flush()
        record(ctx, parent, TARGET, link.id, "create", {"kind": [None, PARENT_CHILD], "to_id": [None, child.id]})
    return child


def remove_child(ctx: Context, parent_id: int, child_id: int) -> None:
    parent = writable_item(ctx, parent_id)
    child = ctx.session.get(WorkItem, child_id)
    if child is None:
        raise NotFound(entity="child")
    if child.parent_id == parent.id:
        update_item(ctx, KINDS[child.kind], child.id, ItemChanges(fields={"parent_id": None}))
        return
    kinds = WorkItemLink.kind.in_((EPIC_STORY, PARENT_CHILD))
    link = ctx.session.scalar(select(WorkItemLink).where(WorkItemLink.from_id == parent.id,
                                                         WorkItemLink.to_id == child.id, kinds))  # fmt: skip
    if link is None:
        raise NotFound(entity="child")
    if link.kind == EPIC_STORY:
        epic_stories.delete_link(ctx, parent.id, child.id)
        return
    record(ctx, parent, TARGET, link.id, "delete", {"kind": [PARENT_CHILD, None], "to_id": [child.id, None]})
    ctx.session.delete(link)
    ctx.session.flush()
