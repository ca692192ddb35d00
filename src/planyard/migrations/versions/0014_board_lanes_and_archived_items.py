"""board lanes keep their own settings; items can be archived; external links, blocker users and categories

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-06 14:30:00

`lanes.extra` holds what a board's lane carries beyond its name and order (Kaiten `row_count`, `wip_limit`,
`default_card_type_id`, `condition`); `work_items.archived_at` is when an item was archived (Kaiten
`condition` 2), null while it is live. Both columns are added in place: no id is given out again.
New tables: `external_links` (an item's links elsewhere), `blocker_categories` (a workspace's kinds of
blocker) with `blocker_category_links`, `blocker_users` (whom a blocker waits for) and `jobs` (bulk
writes a client follows by id).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sqlalchemy.dialects import postgresql

from planyard.db.base import UTCDateTime

revision = "0014"
down_revision = "0012"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.add_column("lanes", sa.Column("extra", JSON, nullable=False, server_default=sa.text("'{}'")))
    op.add_column("work_items", sa.Column("archived_at", UTCDateTime(timezone=True), nullable=True))
    op.create_table(
        "external_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("work_item_id", sa.Integer(), sa.ForeignKey("work_items.id", name="fk_external_links_work_item_id_work_items", ondelete="CASCADE"), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index("ix_external_links_work_item_id", "external_links", ["work_item_id"])
    op.create_table(
        "blocker_categories",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("workspace_id", sa.Integer(), sa.ForeignKey("workspaces.id", name="fk_blocker_categories_workspace_id_workspaces", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("color", sa.String(20), nullable=False),
        sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index("ix_blocker_categories_workspace_id", "blocker_categories", ["workspace_id"])
    op.create_table(
        "blocker_category_links",
        sa.Column("blocker_id", sa.Integer(), sa.ForeignKey("blockers.id", name="fk_blocker_category_links_blocker_id_blockers", ondelete="CASCADE"), primary_key=True),
        sa.Column("category_id", sa.Integer(), sa.ForeignKey("blocker_categories.id", name="fk_blocker_category_links_category_id_blocker_categories", ondelete="CASCADE"), primary_key=True),
    )  # fmt: skip
    op.create_index("ix_blocker_category_links_category_id", "blocker_category_links", ["category_id"])
    op.create_table(
        "blocker_users",
        sa.Column("blocker_id", sa.Integer(), sa.ForeignKey("blockers.id", name="fk_blocker_users_blocker_id_blockers", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", name="fk_blocker_users_user_id_users", ondelete="CASCADE"), primary_key=True),
    )  # fmt: skip
    op.create_index("ix_blocker_users_user_id", "blocker_users", ["user_id"])
    op.create_table(
        "jobs",
        sa.Column("uuid", sa.String(36), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", name="fk_jobs_user_id_users", ondelete="CASCADE"), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("result", JSON, nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", UTCDateTime(timezone=True), nullable=True),
    )  # fmt: skip
    op.create_index("ix_jobs_user_id", "jobs", ["user_id"])


def downgrade() -> None:
    """Dropped in place too (SQLite 3.35+ drops a column without rebuilding the table)."""
    for table in ("jobs", "blocker_users", "blocker_category_links", "blocker_categories", "external_links"):
        op.drop_table(table)
    for table, column in (("work_items", "archived_at"), ("lanes", "extra")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
