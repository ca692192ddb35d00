"""work item indexes for lists at scale

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 17:35:00

- (project_id, kind, id): lists ordered by id (issues, newest first) read a page off the index.
- (project_id, kind, sprint_id): the backlog count (stories in no sprint) is answered from the index.
- (project_id, kind, lane_id): "any story without a swimlane" seeks instead of scanning the project.
- (generated_from_id): the stories promoted from a page of issues or tasks, without a table scan.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_work_items_project_kind_id": ["project_id", "kind", "id"],
    "ix_work_items_project_kind_sprint": ["project_id", "kind", "sprint_id"],
    "ix_work_items_project_kind_lane": ["project_id", "kind", "lane_id"],
    "ix_work_items_generated_from_id": ["generated_from_id"],
}


def upgrade() -> None:
    with op.batch_alter_table("work_items", schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("work_items", schema=None) as batch_op:
        for name in reversed(INDEXES):
            batch_op.drop_index(name)
