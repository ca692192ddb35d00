"""Bulk creation (the bulk_create endpoints): many items of one kind in one project, all in the same
status, sprint, lane or story. The shared values are checked once, the refs taken as one block, and
each table written in one statement whatever the number of lines. Every row is what `create_item`
writes for one line: the same columns and default orders, the story's points per role, the create
entry and its outbox row. The lines carry no assignee, watcher, description nor comment, so they
notify nobody."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert, select

from planyard.core import history, item_types, notifications
from planyard.core.context import Context
from planyard.core.work_items import closing
from planyard.core.work_items.kinds import ItemProfile
from planyard.core.work_items.refs import take_refs
from planyard.core.work_items.service import (
    ItemChanges,
    new_item_fields,
    status_closes,
    validate,
    with_default_points,
)
from planyard.db.base import utcnow
from planyard.models import Project, RolePoints, WorkItem


def create_items(
    ctx: Context, kind: ItemProfile, project: Project, lines: Sequence[Mapping[str, Any]], shared: Mapping[str, Any]
) -> list[WorkItem]:
    """One item per line (its own fields: subject, color ...), each with the `shared` fields; in line order."""
    if any(notifications.TRIGGERS & line.keys() for line in [shared, *lines]):
        raise ValueError("a bulk creation takes no field that may notify")
    fields = new_item_fields(project, kind, dict(shared))
    changes = ItemChanges(fields, role_points=with_default_points(ctx, project, {}) if kind.holds_subitems else None)
    validate(ctx, project, kind, fields, changes)
    now, closed = utcnow(), status_closes(ctx, fields["status_id"])  # a new story has no tasks: its status decides
    item_type = ctx.session.scalar(select(item_types.default_type(project.id, kind)))
    own = {"project_id": project.id, "kind": kind.name, "item_type_id": item_type, "owner_id": ctx.actor_id,
           "created_date": now,
           "modified_date": now, "is_closed": closed, "finish_date": now if closed else None}  # fmt: skip
    refs = take_refs(ctx, project.id, len(lines))
    rows = [own | fields | dict(line) | {"ref": ref} for line, ref in zip(lines, refs, strict=True)]
    # RETURNING gives no order for many rows (an order asked for costs one INSERT per row): the refs give it.
    items = sorted(ctx.session.scalars(insert(WorkItem).returning(WorkItem), rows), key=lambda item: item.ref)
    if changes.role_points:
        points = [{"work_item_id": item.id, "role_id": role_id, "points_id": points_id}
                  for item in items for role_id, points_id in changes.role_points.items()]  # fmt: skip
        ctx.session.execute(insert(RolePoints), points)
    if not kind.groups_items:
        closing.settle(ctx, [fields.get("parent_id")] if kind.is_subitem else [], [fields.get("sprint_id")])
    entries = [history.NewEntry(item.id, item.version, snapshot={"ref": item.ref, "subject": item.subject})
               for item in items]  # fmt: skip
    history.record_many(ctx, target_type=kind.target_type, action="create", project_id=project.id, entries=entries)
    return items
