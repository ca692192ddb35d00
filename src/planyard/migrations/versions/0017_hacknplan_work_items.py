"""what HacknPlan's work items need

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 14:20:00

New columns (docs/mapping.md, Work items and Attachments): `work_items.start_date` (date),
`work_items.estimate` (double; Kaiten size, HacknPlan estimatedCost) and `attachments.is_cover` (Kaiten card cover,
HacknPlan card picture); two indexes for ranks on a board or in the backlog. Existing rows get no dates,
no estimate, no design element and no cover.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from planyard.migrations.rebuild import altered_table

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# A rank on a board or in the backlog (HacknPlan `boardIndex`) counts the items before it on these.
ORDER_INDEXES = {
    "ix_work_items_project_sprint_sprint_order": "sprint_order",
    "ix_work_items_project_sprint_backlog_order": "backlog_order",
}


def upgrade() -> None:
    with altered_table("work_items") as batch:
        batch.add_column(sa.Column("start_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("estimate", sa.Double(), nullable=True))
    for name, order in ORDER_INDEXES.items():
        op.create_index(name, "work_items", ["project_id", "sprint_id", order, "id"], unique=False)
    op.add_column("attachments", sa.Column("is_cover", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with altered_table("attachments") as batch:
        batch.drop_column("is_cover")
    for name in ORDER_INDEXES:
        op.drop_index(name, table_name="work_items")
    with altered_table("work_items") as batch:
        batch.drop_column("estimate")
        batch.drop_column("start_date")
