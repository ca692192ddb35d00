"""an index of the comments still shown, per item

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 02:00:00

A partial index on change_entries (target_type, target_id) of the entries with a comment that is not
deleted: a page's `total_comments` is counted off it instead of reading every change of every item.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SHOWN = sa.text("comment != '' AND comment_deleted_at IS NULL")


def upgrade() -> None:
    op.create_index("ix_change_entries_comments", "change_entries", ["target_type", "target_id"],
                    sqlite_where=SHOWN, postgresql_where=SHOWN)  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_change_entries_comments", "change_entries")
