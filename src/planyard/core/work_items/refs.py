"""The per-project ref sequence shared by every kind of work item (and wiki pages later)."""

from __future__ import annotations

from sqlalchemy import update

from planyard.core.context import Context
from planyard.models import Project


def next_ref(ctx: Context, project_id: int) -> int:
    return take_refs(ctx, project_id, 1)[0]


def take_refs(ctx: Context, project_id: int, count: int) -> range:
    """Atomically take the next `count` refs as one block: one UPDATE ... RETURNING, safe under concurrent
    writers."""
    stmt = update(Project).where(Project.id == project_id).values(last_ref=Project.last_ref + count)
    last = int(ctx.session.execute(stmt.returning(Project.last_ref)).scalar_one())
    return range(last - count + 1, last + 1)
