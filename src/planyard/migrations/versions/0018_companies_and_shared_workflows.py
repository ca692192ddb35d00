"""companies, project company/manager, shared workflows; a fresh server's defaults

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 14:30:00

- `companies`: a workspace's clients (Productive companies).
- `projects` gains `company_id` (FK companies) and `manager_id` (FK users) (`archived_at` came with 0016).
- `workflows` gains `is_shared`: a workflow of the workspace that any of its projects may use; its
  statuses have no owning project, so `statuses.project_id` becomes nullable.
- Every workspace (a fresh server gets one, "Default") has a company and a shared default workflow with
  three statuses, one of them closed.
SQLite rebuilds the altered tables, keeping AUTOINCREMENT and the highest id given out.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from planyard.migrations.rebuild import altered_table
from sqlalchemy.dialects import postgresql

import planyard.db.base

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
WORKSPACES = sa.table("workspaces", sa.column("id", sa.Integer), sa.column("name", sa.String),
                      sa.column("slug", sa.String), sa.column("created_at", planyard.db.base.UTCDateTime))  # fmt: skip
COMPANIES = sa.table("companies", sa.column("workspace_id", sa.Integer), sa.column("name", sa.String),
                     sa.column("extra", JSON), sa.column("created_at", planyard.db.base.UTCDateTime))  # fmt: skip
WORKFLOWS = sa.table("workflows", sa.column("id", sa.Integer), sa.column("workspace_id", sa.Integer),
                     sa.column("name", sa.String), sa.column("is_shared", sa.Boolean),
                     sa.column("created_at", planyard.db.base.UTCDateTime))  # fmt: skip
STATUSES = sa.table("statuses", *(sa.column(name, sa.Integer) for name in ("project_id", "workflow_id", "order")),
                    *(sa.column(name, sa.String) for name in ("kind", "name", "slug", "color", "category")),
                    sa.column("is_closed", sa.Boolean), sa.column("is_archived", sa.Boolean),
                    sa.column("extra", JSON))  # fmt: skip
# name, slug, color, category: the core's DEFAULT_STATUSES (core/workspaces.py)
DEFAULT_STATUSES = (("Not started", "not-started", "#999999", "todo"), ("In progress", "in-progress", "#ff9900", "doing"),
                    ("Done", "done", "#669900", "done"))  # fmt: skip


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql("PRAGMA foreign_keys=OFF")  # the rebuilds drop tables other tables refer to
    op.create_table(
        "companies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("archived_at", planyard.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("extra", JSON, nullable=False),
        sa.Column("created_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], name=op.f("fk_companies_workspace_id_workspaces"),
                                ondelete="CASCADE"),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_companies_workspace_id"), "companies", ["workspace_id"], unique=False)
    with altered_table("projects") as batch:
        batch.add_column(sa.Column("company_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("manager_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_projects_company_id_companies"), "companies", ["company_id"], ["id"],
                                 ondelete="SET NULL")  # fmt: skip
        batch.create_foreign_key(op.f("fk_projects_manager_id_users"), "users", ["manager_id"], ["id"],
                                 ondelete="SET NULL")  # fmt: skip
        batch.create_index(op.f("ix_projects_company_id"), ["company_id"], unique=False)
        batch.create_index(op.f("ix_projects_manager_id"), ["manager_id"], unique=False)
    with altered_table("workflows") as batch:
        batch.add_column(sa.Column("is_shared", sa.Boolean(), nullable=False, server_default=sa.false()))
    with altered_table("workflows") as batch:
        batch.alter_column("is_shared", existing_type=sa.Boolean(), server_default=None)
    with altered_table("statuses") as batch:
        batch.alter_column("project_id", existing_type=sa.Integer(), nullable=True)
    _defaults(bind)


def _defaults(bind: sa.Connection) -> None:
    now = planyard.db.base.utcnow()
    if bind.execute(sa.select(WORKSPACES.c.id).limit(1)).first() is None:
        bind.execute(WORKSPACES.insert().values(name="Default", slug="default", created_at=now))
    for workspace_id, name in bind.execute(sa.select(WORKSPACES.c.id, WORKSPACES.c.name)).all():
        bind.execute(COMPANIES.insert().values(workspace_id=workspace_id, name=name, extra={}, created_at=now))
        workflow_id = bind.execute(WORKFLOWS.insert().values(workspace_id=workspace_id, name="Default workflow",
                                                             is_shared=True, created_at=now)
                                   .returning(WORKFLOWS.c.id)).scalar_one()  # fmt: skip
        bind.execute(STATUSES.insert(), [
            {"project_id": None, "workflow_id": workflow_id, "order": order, "kind": "story", "name": status_name,
             "slug": slug, "color": color, "category": category, "is_closed": category == "done",
             "is_archived": False, "extra": {}}
            for order, (status_name, slug, color, category) in enumerate(DEFAULT_STATUSES, start=1)
        ])  # fmt: skip


def downgrade() -> None:
    """A shared workflow's statuses belong to the first project showing it again (unused ones go with
    their statuses); the new columns and table go."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql("PRAGMA foreign_keys=OFF")
    bind.execute(sa.text("UPDATE statuses SET project_id = (SELECT min(b.project_id) FROM boards b"
                         " WHERE b.workflow_id = statuses.workflow_id) WHERE project_id IS NULL"))  # fmt: skip
    bind.execute(sa.text("DELETE FROM statuses WHERE project_id IS NULL"))
    bind.execute(sa.text("DELETE FROM workflows WHERE is_shared AND id NOT IN (SELECT workflow_id FROM boards)"))
    with altered_table("statuses") as batch:
        batch.alter_column("project_id", existing_type=sa.Integer(), nullable=False)
    with altered_table("workflows") as batch:
        batch.drop_column("is_shared")
    with altered_table("projects") as batch:
        batch.drop_index(op.f("ix_projects_manager_id"))
        batch.drop_index(op.f("ix_projects_company_id"))
        batch.drop_constraint(op.f("fk_projects_manager_id_users"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_projects_company_id_companies"), type_="foreignkey")
        batch.drop_column("manager_id")
        batch.drop_column("company_id")
    op.drop_index(op.f("ix_companies_workspace_id"), table_name="companies")
    op.drop_table("companies")
