"""Claiming work from a queue table for one worker among many: the oldest due row that heads its queue
(no older open row of the same queue), changed in one UPDATE. On PostgreSQL the row is picked `FOR
UPDATE SKIP LOCKED`, so concurrent workers never claim the same row and never wait on each other; SQLite's
writers take turns, which makes the one statement atomic there. A claimed row stays open (it still
holds its queue) until its worker settles it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, select, update
from sqlalchemy.orm import Session, aliased

Condition = Callable[[Any], ColumnElement[bool]]  # a condition on one alias of the queue table


def claim_head(
    session: Session,
    model: Any,
    *,
    same_queue: Callable[[Any, Any], ColumnElement[bool]],
    is_open: Condition,
    is_due: Condition,
    values: Mapping[str, Any],
    returning: Sequence[Any],
) -> Row[Any] | None:
    """Claim one row of `model` (a mapped class with an integer `id`): due, heading its queue (no open
    row of `same_queue(earlier, row)` with a lower id), the oldest such; set `values` on it and give back
    its `returning` columns, or None when nothing is due."""
    row, earlier = aliased(model), aliased(model)
    waits_behind = select(earlier.id).where(same_queue(earlier, row), earlier.id < row.id, is_open(earlier)).exists()
    head = (
        select(row.id)
        .where(is_due(row), ~waits_behind)
        .order_by(row.id)
        .limit(1)
        .with_for_update(skip_locked=True, of=row)
    )
    statement = update(model).where(model.id == head.scalar_subquery()).values(**values).returning(*returning)
    return session.execute(statement).first()
