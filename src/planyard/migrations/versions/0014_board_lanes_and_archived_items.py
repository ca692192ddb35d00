"""board lanes keep their own settings; items can be archived

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-06 14:30:00

`lanes.extra` holds what a board's lane carries beyond its name and order (Kaiten `row_count`, `wip_limit`,
`default_card_type_id`, `condition`); `work_items.archived_at` is when an item was archived (Kaiten
`condition` 2), null while it is live. Both columns are added in place: no id is given out again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sqlalchemy.dialects import postgresql

revision = "0014"
down_revision = "0010"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.add_column("lanes", sa.Column("extra", JSON, nullable=False, server_default=sa.text("'{}'")))
    op.add_column("work_items", sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Dropped in place too (SQLite 3.35+ drops a column without rebuilding the table)."""
    for table, column in (("work_items", "archived_at"), ("lanes", "extra")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
