"""Read side of work items: which projects' items the actor may see, per permission."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, or_, select

from planyard.core.access import standings
from planyard.core.context import Context
from planyard.core.work_items.kinds import ItemProfile
from planyard.models import Project, WorkItem


def viewable_project_ids(ctx: Context, permission: str) -> list[int] | None:
    """Ids of the projects where the actor holds `permission`; None means every project (superuser)."""
    actor = ctx.actor
    if actor is not None and actor.is_superuser:
        return None
    ids: set[int] = set()
    member_of: set[int] = set()
    if actor is not None:
        for project_id, standing in standings(ctx.session, actor.id).items():
            member_of.add(project_id)
            if permission in standing.granted():
                ids.add(project_id)
        owned = ctx.session.scalars(select(Project.id).where(Project.owner_id == actor.id))
        ids.update(owned)
    stmt = select(Project.id, Project.anon_permissions, Project.public_permissions).where(
        or_(Project.is_private.is_(False), Project.id.in_(member_of))
    )
    for project_id, anon, public in ctx.session.execute(stmt):
        granted = set(anon or []) | (set(public or []) if actor is not None else set())
        if permission in granted:
            ids.add(project_id)
    return sorted(ids)


def items_query(ctx: Context, kind: ItemProfile, columns: Sequence[Any] = ()) -> Select[Any]:
    """Items of `kind` in every project where the actor may view them (ORM objects, or rows of `columns`);
    archived items are left out (they stay readable by id)."""
    stmt = select(*columns or [WorkItem]).where(WorkItem.kind == kind.name, WorkItem.archived_at.is_(None))
    ids = viewable_project_ids(ctx, kind.view)
    if ids is not None:
        stmt = stmt.where(WorkItem.project_id.in_(ids))
    return stmt
