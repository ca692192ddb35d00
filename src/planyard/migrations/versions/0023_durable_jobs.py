"""background jobs survive a restart: what each needs to run, who runs it, how often it was started

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 16:55:00

`jobs.params` holds what a background job needs to run again (a dump's project and file), `jobs.runner`
the process running it (`host:pid:token`, null while queued) and `jobs.attempts` how many times a process
took it up: a job whose runner is gone is taken up again at the next start, at most twice in all
(core/dumps/jobs.py). Columns added in place: no id is given out again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.add_column("jobs", sa.Column("params", JSON, nullable=False, server_default=sa.text("'{}'")))
    op.add_column("jobs", sa.Column("runner", sa.String(200), nullable=True))
    op.add_column("jobs", sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    """Dropped in place too (SQLite 3.35+ drops a column without rebuilding the table)."""
    for column in ("attempts", "runner", "params"):
        op.execute(f"ALTER TABLE jobs DROP COLUMN {column}")
