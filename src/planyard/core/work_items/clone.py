"""A copy of an item (HacknPlan's clone): a new item of the same type in the same project with its
subject, description, status, sprint, parent, priority, dates, estimate, design element, tags,
assignees and check items. Comments, files, time and relations stay with the original."""

from __future__ import annotations

from planyard.core.context import Context
from planyard.core.tags import store as tag_store
from planyard.core.work_items.checklists import NewCheckItem, add_check_item, create_checklist, list_checklists
from planyard.core.work_items.facts import ASSIGNEES
from planyard.core.work_items.item_rows import readable_item
from planyard.core.work_items.kinds import KINDS
from planyard.core.work_items.service import ItemChanges, create_item
from planyard.kit.sql import plain_rows
from planyard.models import WorkItem

COPIED = (
    "subject", "description", "status_id", "sprint_id", "parent_id", "type_id", "priority_id", "severity_id",
    "due_date", "start_date", "estimate", "design_element_id", "color",
)  # fmt: skip


def clone_item(ctx: Context, item_id: int) -> WorkItem:
    source, _ = readable_item(ctx, item_id)
    kind = KINDS[source.kind]
    assignees = [user_id for _, user_id in plain_rows(ctx.session, ASSIGNEES, {"ids": [source.id]})]
    fields = {name: getattr(source, name) for name in COPIED}
    changes = ItemChanges(fields=fields, assignees=assignees, item_type_id=source.item_type_id,
                          extra=dict(source.extra))  # fmt: skip
    copy = create_item(ctx, kind, source.project_id, changes)
    tag_ids = [tag_id for tag_id, _ in tag_store.item_tag_ids(ctx.session, source.id)]
    if tag_ids:
        tag_store.set_item_tags(ctx.session, copy.id, tag_ids)
    for group in list_checklists(ctx, source.id):
        checklist = create_checklist(ctx, copy.id, group.checklist.name, group.checklist.order)
        for row in group.items:
            new = NewCheckItem(text=row.text, checked=row.checked, order=row.order, due_date=row.due_date,
                               responsible_id=row.responsible_id)  # fmt: skip
            add_check_item(ctx, checklist.id, new)
    ctx.session.flush()
    return copy
