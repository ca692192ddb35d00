"""login limits and used refresh tokens

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 10:00:00

- rate_counters: fixed-window counts (login and password-recovery attempts per client address and per
  account), shared by every worker process.
- used_refresh_tokens: the ids of refresh tokens already exchanged (each works once), until they expire.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import planyard.db.base

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_counters",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("window_end", sa.BigInteger(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "window_end", name=op.f("pk_rate_counters")),
    )
    op.create_index(op.f("ix_rate_counters_window_end"), "rate_counters", ["window_end"])
    op.create_table(
        "used_refresh_tokens",
        sa.Column("jti", sa.String(length=64), nullable=False),
        sa.Column("expires_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("jti", name=op.f("pk_used_refresh_tokens")),
    )
    op.create_index(op.f("ix_used_refresh_tokens_expires_at"), "used_refresh_tokens", ["expires_at"])


def downgrade() -> None:
    op.drop_table("used_refresh_tokens")
    op.drop_table("rate_counters")
