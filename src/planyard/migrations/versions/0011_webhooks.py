"""webhooks, their delivery queue and their logs

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 14:30:00

`webhooks` (a project's receivers, each with the payload format of one API), `webhook_deliveries` (the
payloads still owed to each webhook, sent in id order, retried with backoff) and `webhook_logs` (one row per
attempt). Outbox events written before this revision are marked handed out: no webhook existed for them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from planyard.db.base import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, UTCDateTime(timezone=True), nullable=nullable)


def _fk(table: str, name: str, target: str, ondelete: str, nullable: bool = False) -> sa.Column:
    key = sa.ForeignKey(f"{target}.id", name=f"fk_{table}_{name}_{target}", ondelete=ondelete)
    return sa.Column(name, sa.Integer(), key, nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "webhooks",
        sa.Column("id", sa.Integer(), nullable=False),
        _fk("webhooks", "project_id", "projects", "CASCADE"), _fk("webhooks", "creator_id", "users", "SET NULL", True),
        sa.Column("name", sa.String(250), nullable=False), sa.Column("url", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False), sa.Column("format", sa.String(16), nullable=False),
        sa.Column("events", JSON, nullable=False), sa.Column("headers", JSON, nullable=False),
        sa.Column("is_enabled", sa.Boolean(), nullable=False), _at("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_webhooks"), sqlite_autoincrement=True,
    )
    op.create_index("ix_webhooks_project_id", "webhooks", ["project_id"])
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        _fk("webhook_deliveries", "webhook_id", "webhooks", "CASCADE"),
        _fk("webhook_deliveries", "change_id", "change_entries", "SET NULL", True),
        sa.Column("payload", JSON, nullable=False), sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False), _at("next_attempt_at"), _at("lease_until", True),
        _at("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_deliveries"), sqlite_autoincrement=True,
    )
    op.create_index("ix_webhook_deliveries_queue", "webhook_deliveries", ["webhook_id", "status", "id"])
    op.create_index("ix_webhook_deliveries_due", "webhook_deliveries", ["status", "next_attempt_at"])
    op.create_table(
        "webhook_logs",
        sa.Column("id", sa.Integer(), nullable=False),
        _fk("webhook_logs", "webhook_id", "webhooks", "CASCADE"),
        _fk("webhook_logs", "change_id", "change_entries", "SET NULL", True),
        sa.Column("url", sa.Text(), nullable=False), sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("request", JSON, nullable=False), sa.Column("response", JSON, nullable=False),
        sa.Column("duration", sa.Float(), nullable=False), _at("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_logs"), sqlite_autoincrement=True,
    )
    op.create_index("ix_webhook_logs_webhook", "webhook_logs", ["webhook_id", "id"])
    outbox = sa.table("outbox_events", sa.column("delivered_at", UTCDateTime()), sa.column("created_at", UTCDateTime()))
    op.execute(outbox.update().where(outbox.c.delivered_at.is_(None)).values(delivered_at=outbox.c.created_at))


def downgrade() -> None:
    op.drop_index("ix_webhook_logs_webhook", table_name="webhook_logs")
    op.drop_table("webhook_logs")
    op.drop_index("ix_webhook_deliveries_due", table_name="webhook_deliveries")
    op.drop_index("ix_webhook_deliveries_queue", table_name="webhook_deliveries")
    op.drop_table("webhook_deliveries")
    op.drop_index("ix_webhooks_project_id", table_name="webhooks")
    op.drop_table("webhooks")
