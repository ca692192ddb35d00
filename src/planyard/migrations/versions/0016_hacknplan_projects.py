"""what HacknPlan's projects, boards, milestones, teams and design model need

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 14:00:00

New table `releases` (HacknPlan milestones; `teams` came with 0015). New columns: `projects.archived_at`; `sprints.description`, `closed_at`, `release_id`;
`design_elements.start_date`, `due_date`, `extra`; `workspaces.owner_id`, `extra`; `extra` on `roles`,
`item_options`, `item_types` and `tags` (docs/mapping.md, Conventions: extension columns);
`work_items.design_element_id` (a HacknPlan work item's design element). Existing rows get an empty
`extra`, no dates and no design element.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from planyard.migrations.rebuild import altered_table
from sqlalchemy.dialects import postgresql

import planyard.db.base

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

EXTRA_TABLES = ("design_elements", "roles", "item_options", "item_types", "tags")


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _time() -> sa.types.TypeEngine:
    return planyard.db.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("closed_at", _time(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _time(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_releases_owner_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_releases_project_id_projects"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_releases")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_releases_project_id"), "releases", ["project_id"], unique=False)
    op.add_column("projects", sa.Column("archived_at", _time(), nullable=True))
    with altered_table("sprints") as batch:
        batch.add_column(sa.Column("closed_at", _time(), nullable=True))
        batch.add_column(sa.Column("description", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("release_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_sprints_release_id_releases"), "releases", ["release_id"], ["id"],
                                 ondelete="SET NULL")  # fmt: skip
        batch.create_index(op.f("ix_sprints_release_id"), ["release_id"], unique=False)
    with altered_table("workspaces") as batch:
        batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("extra", _json(), nullable=False, server_default=sa.text("'{}'")))
        batch.create_foreign_key(op.f("fk_workspaces_owner_id_users"), "users", ["owner_id"], ["id"], ondelete="SET NULL")
    op.add_column("design_elements", sa.Column("start_date", sa.Date(), nullable=True))
    op.add_column("design_elements", sa.Column("due_date", sa.Date(), nullable=True))
    for table in EXTRA_TABLES:
        op.add_column(table, sa.Column("extra", _json(), nullable=False, server_default=sa.text("'{}'")))
    with altered_table("work_items") as batch:
        batch.add_column(sa.Column("design_element_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_work_items_design_element_id_design_elements"), "design_elements",
                                 ["design_element_id"], ["id"], ondelete="SET NULL")  # fmt: skip
        batch.create_index(op.f("ix_work_items_design_element_id"), ["design_element_id"], unique=False)


def downgrade() -> None:
    with altered_table("work_items") as batch:
        batch.drop_index(op.f("ix_work_items_design_element_id"))
        batch.drop_constraint(op.f("fk_work_items_design_element_id_design_elements"), type_="foreignkey")
        batch.drop_column("design_element_id")
    for table in EXTRA_TABLES:
        with altered_table(table) as batch:
            batch.drop_column("extra")
    with altered_table("design_elements") as batch:
        batch.drop_column("due_date")
        batch.drop_column("start_date")
    with altered_table("workspaces") as batch:
        batch.drop_constraint(op.f("fk_workspaces_owner_id_users"), type_="foreignkey")
        batch.drop_column("extra")
        batch.drop_column("owner_id")
    with altered_table("sprints") as batch:
        batch.drop_index(op.f("ix_sprints_release_id"))
        batch.drop_constraint(op.f("fk_sprints_release_id_releases"), type_="foreignkey")
        batch.drop_column("release_id")
        batch.drop_column("description")
        batch.drop_column("closed_at")
    with altered_table("projects") as batch:
        batch.drop_column("archived_at")
    op.drop_index(op.f("ix_releases_project_id"), table_name="releases")
    op.drop_table("releases")
