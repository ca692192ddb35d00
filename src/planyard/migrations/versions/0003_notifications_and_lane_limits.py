"""notifications and per-lane WIP limits

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import planyard.db.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("target_type", sa.String(length=32), nullable=True),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("snapshot", JSON, nullable=False),
        sa.Column("created_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", planyard.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_notifications_actor_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_notifications_project_id_projects"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notifications_project_id"), ["project_id"], unique=False)
        batch_op.create_index("ix_notifications_user_read", ["user_id", "read_at", "created_at"], unique=False)

    op.create_table(
        "lane_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lane_id", sa.Integer(), nullable=False),
        sa.Column("status_id", sa.Integer(), nullable=False),
        sa.Column("wip_limit", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["lane_id"], ["lanes.id"], name=op.f("fk_lane_statuses_lane_id_lanes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["status_id"], ["statuses.id"], name=op.f("fk_lane_statuses_status_id_statuses"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lane_statuses")),
        sa.UniqueConstraint("lane_id", "status_id", name=op.f("uq_lane_statuses_lane_id_status_id")),
    )
    with op.batch_alter_table("lane_statuses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lane_statuses_status_id"), ["status_id"], unique=False)

    _fill_lane_statuses()


def _fill_lane_statuses() -> None:
    """Every existing lane lists every story status of its project; the project's default lane keeps the
    statuses' own WIP limits (what the swimlanes list showed before this revision), the others have none."""
    bind = op.get_bind()
    projects = sa.table("projects", sa.column("id", sa.Integer()), sa.column("extra", JSON))
    lanes = sa.table("lanes", sa.column("id", sa.Integer()), sa.column("project_id", sa.Integer()))
    statuses = sa.table(
        "statuses",
        sa.column("id", sa.Integer()),
        sa.column("project_id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("wip_limit", sa.Integer()),
    )
    lane_statuses = sa.table(
        "lane_statuses",
        sa.column("lane_id", sa.Integer()),
        sa.column("status_id", sa.Integer()),
        sa.column("wip_limit", sa.Integer()),
    )
    defaults = {pid: (extra or {}).get("default_lane_id") for pid, extra in bind.execute(sa.select(projects))}
    pairs = bind.execute(
        sa.select(lanes.c.id, lanes.c.project_id, statuses.c.id, statuses.c.wip_limit)
        .join(statuses, sa.and_(statuses.c.project_id == lanes.c.project_id, statuses.c.kind == "story"))
        .order_by(lanes.c.id, statuses.c.id)
    ).all()
    rows = [
        {"lane_id": lane_id, "status_id": status_id, "wip_limit": limit if defaults.get(pid) == lane_id else None}
        for lane_id, pid, status_id, limit in pairs
    ]
    if rows:
        op.bulk_insert(lane_statuses, rows)


def downgrade() -> None:
    with op.batch_alter_table("lane_statuses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lane_statuses_status_id"))
    op.drop_table("lane_statuses")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_user_read")
        batch_op.drop_index(batch_op.f("ix_notifications_project_id"))
    op.drop_table("notifications")
