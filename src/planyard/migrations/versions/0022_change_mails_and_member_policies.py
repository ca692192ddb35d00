"""pending change mails; every member has a notify policy

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 17:00:00

- `pending_change_mails`: the change mail owed to each user, one row per (change entry, recipient), written
  with the change and removed once its batch is mailed (core/change_mails).
- Every membership with a user gets the "involved" project policy (a `watches` row of target `project`,
  `notify_level` 1) it lacks: members now get theirs when they join, as in Taiga, not on first listing.
  Downgrading keeps these policies (they cannot be told from policies made the old way).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from planyard.db.base import UTCDateTime

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

MEMBERSHIPS = sa.table("memberships", sa.column("id", sa.Integer), sa.column("project_id", sa.Integer), sa.column("user_id", sa.Integer),
                       sa.column("created_at", UTCDateTime()))  # fmt: skip
WATCHES = sa.table("watches", sa.column("target_type", sa.String), sa.column("target_id", sa.Integer),
                   sa.column("user_id", sa.Integer), sa.column("notify_level", sa.Integer),
                   sa.column("created_at", UTCDateTime()))  # fmt: skip


def _fk(name: str, target: str) -> sa.Column:
    key = sa.ForeignKey(f"{target}.id", name=f"fk_pending_change_mails_{name}_{target}", ondelete="CASCADE")
    return sa.Column(name, sa.Integer(), key, nullable=False)


def upgrade() -> None:
    op.create_table(
        "pending_change_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        _fk("change_id", "change_entries"),
        _fk("recipient_id", "users"),
        _fk("author_id", "users"),
        _fk("project_id", "projects"),
        sa.Column("target_type", sa.String(32), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pending_change_mails"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_pending_change_mails_batch",
        "pending_change_mails",
        ["recipient_id", "target_type", "target_id", "author_id", "action", "id"],
    )
    op.create_index("ix_pending_change_mails_due", "pending_change_mails", ["status", "created_at"])
    has_policy = (
        sa.select(WATCHES.c.user_id)
        .where(
            WATCHES.c.target_type == "project",
            WATCHES.c.target_id == MEMBERSHIPS.c.project_id,
            WATCHES.c.user_id == MEMBERSHIPS.c.user_id,
        )
        .exists()
    )
    members = (
        sa.select(
            sa.literal("project"),
            MEMBERSHIPS.c.project_id,
            MEMBERSHIPS.c.user_id,
            sa.literal(1),
            MEMBERSHIPS.c.created_at,
        )
        .where(MEMBERSHIPS.c.user_id.is_not(None), ~has_policy)
        .order_by(MEMBERSHIPS.c.id)  # one per (project, user); in joining order, the same on every database
    )
    op.execute(
        WATCHES.insert().from_select(["target_type", "target_id", "user_id", "notify_level", "created_at"], members)
    )


def downgrade() -> None:
    op.drop_index("ix_pending_change_mails_due", table_name="pending_change_mails")
    op.drop_index("ix_pending_change_mails_batch", table_name="pending_change_mails")
    op.drop_table("pending_change_mails")
