"""item types, workflows, boards; positions in double precision

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 12:00:00

- `item_types`: every project gets one type per item profile (epic, story, task, issue) and every work
  item names its project's type of its kind (`work_items.item_type_id`).
- `workflows` and `boards`: every project gets one workflow and one board per profile; the workflow holds
  the project's statuses of that kind. Statuses gain `workflow_id`, `parent_id` (sub-columns) and
  `category`: `done` when closed, `todo` for the first open status of its workflow (by order, name, id),
  `doing` for the others. Lanes gain `board_id`: their project's story board.
- The six order columns of `work_items` become double precision: Taiga's millisecond stamps (below
  2**53) keep their value exactly, and other APIs' float positions fit.
SQLite rebuilds the three altered tables, keeping AUTOINCREMENT (0007); the new tables have it too.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from planyard.migrations.rebuild import altered_table
from sqlalchemy.dialects import postgresql

import planyard.db.base

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# profile -> (item type name, letter, board and workflow name); the names the core gives a new project
PROFILES = {
    "epic": ("Epic", "E", "Epics"),
    "story": ("User story", "US", "Kanban"),
    "task": ("Task", "T", "Taskboard"),
    "issue": ("Issue", "I", "Issues"),
}
ORDERS = ("backlog_order", "sprint_order", "kanban_order", "parent_order", "board_order", "epics_order")
AUTOINCREMENT = {"sqlite_autoincrement": True}



def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql("PRAGMA foreign_keys=OFF")  # the rebuilds drop tables other tables refer to
    _create_tables()
    op.add_column("statuses", sa.Column("workflow_id", sa.Integer(), nullable=True))
    op.add_column("statuses", sa.Column("parent_id", sa.Integer(), nullable=True))
    op.add_column("statuses", sa.Column("category", sa.String(length=8), nullable=False, server_default="doing"))
    op.add_column("lanes", sa.Column("board_id", sa.Integer(), nullable=True))
    op.add_column("work_items", sa.Column("item_type_id", sa.Integer(), nullable=True))
    _fill(bind)
    with altered_table("statuses") as batch:
        batch.alter_column("workflow_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("category", existing_type=sa.String(length=8), server_default=None)
        batch.create_foreign_key(op.f("fk_statuses_workflow_id_workflows"), "workflows", ["workflow_id"], ["id"],
                                 ondelete="CASCADE")  # fmt: skip
        batch.create_foreign_key(op.f("fk_statuses_parent_id_statuses"), "statuses", ["parent_id"], ["id"],
                                 ondelete="SET NULL")  # fmt: skip
        batch.create_index(op.f("ix_statuses_workflow_id"), ["workflow_id"], unique=False)
    with altered_table("lanes") as batch:
        batch.create_foreign_key(op.f("fk_lanes_board_id_boards"), "boards", ["board_id"], ["id"], ondelete="CASCADE")
        batch.create_index(op.f("ix_lanes_board_id"), ["board_id"], unique=False)
    with altered_table("work_items") as batch:
        batch.alter_column("item_type_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(op.f("fk_work_items_item_type_id_item_types"), "item_types", ["item_type_id"], ["id"])
        batch.create_index(op.f("ix_work_items_item_type_id"), ["item_type_id"], unique=False)
        for name in ORDERS:
            batch.alter_column(name, existing_type=sa.BigInteger(), type_=sa.Double(), existing_nullable=False,
                               postgresql_using=f"{name}::double precision")  # fmt: skip


def downgrade() -> None:
    """Positions go back to integers (a fractional one loses its fraction); the new tables and columns go."""
    with altered_table("work_items") as batch:
        for name in ORDERS:
            batch.alter_column(name, existing_type=sa.Double(), type_=sa.BigInteger(), existing_nullable=False,
                               postgresql_using=f"{name}::bigint")  # fmt: skip
        batch.drop_index(op.f("ix_work_items_item_type_id"))
        batch.drop_constraint(op.f("fk_work_items_item_type_id_item_types"), type_="foreignkey")
        batch.drop_column("item_type_id")
    with altered_table("lanes") as batch:
        batch.drop_index(op.f("ix_lanes_board_id"))
        batch.drop_constraint(op.f("fk_lanes_board_id_boards"), type_="foreignkey")
        batch.drop_column("board_id")
    with altered_table("statuses") as batch:
        batch.drop_index(op.f("ix_statuses_workflow_id"))
        batch.drop_constraint(op.f("fk_statuses_parent_id_statuses"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_statuses_workflow_id_workflows"), type_="foreignkey")
        for name in ("category", "parent_id", "workflow_id"):
            batch.drop_column(name)
    for table in ("boards", "workflows", "item_types"):
        op.drop_table(table)


def _create_tables() -> None:
    op.create_table(
        "item_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("profile", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("letter", sa.String(length=8), nullable=False),
        sa.Column("color", sa.String(length=20), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.Column("is_archived", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_item_types_project_id_projects"),
                                ondelete="CASCADE"),  # fmt: skip
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], name=op.f("fk_item_types_workspace_id_workspaces")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_types")),
        **AUTOINCREMENT,
    )
    op.create_index(op.f("ix_item_types_project_id"), "item_types", ["project_id"], unique=False)
    op.create_index(op.f("ix_item_types_workspace_id"), "item_types", ["workspace_id"], unique=False)
    op.create_table(
        "workflows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("created_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], name=op.f("fk_workflows_workspace_id_workspaces")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workflows")),
        **AUTOINCREMENT,
    )
    op.create_index(op.f("ix_workflows_workspace_id"), "workflows", ["workspace_id"], unique=False)
    op.create_table(
        "boards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("workflow_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("profile", sa.String(length=16), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.Column("extra", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_boards_project_id_projects"),
                                ondelete="CASCADE"),  # fmt: skip
        sa.ForeignKeyConstraint(["workflow_id"], ["workflows.id"], name=op.f("fk_boards_workflow_id_workflows"),
                                ondelete="CASCADE"),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_boards")),
        **AUTOINCREMENT,
    )
    op.create_index(op.f("ix_boards_project_id"), "boards", ["project_id"], unique=False)
    op.create_index(op.f("ix_boards_workflow_id"), "boards", ["workflow_id"], unique=False)


def _fill(bind: sa.Connection) -> None:
    item_types = sa.table("item_types", *map(sa.column, ("workspace_id", "project_id", "profile", "name", "letter",
                                                         "color", "order", "is_archived")))  # fmt: skip
    workflows = sa.table("workflows", sa.column("id"), sa.column("workspace_id"), sa.column("name"),
                         sa.column("created_at", planyard.db.base.UTCDateTime()))  # fmt: skip
    boards = sa.table("boards", *map(sa.column, ("project_id", "workflow_id", "name", "profile", "order")),
                      sa.column("extra", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")))  # fmt: skip
    now = planyard.db.base.utcnow()
    projects = bind.execute(sa.text("SELECT id, workspace_id FROM projects ORDER BY id")).all()
    for project_id, workspace_id in projects:
        for order, (profile, (type_name, letter, board_name)) in enumerate(PROFILES.items(), start=1):
            bind.execute(item_types.insert().values(
                workspace_id=workspace_id, project_id=project_id, profile=profile, name=type_name, letter=letter,
                color="#999999", order=order, is_archived=False))  # fmt: skip
            workflow_id = bind.execute(workflows.insert().values(workspace_id=workspace_id, name=board_name,
                                                                 created_at=now).returning(workflows.c.id)).scalar_one()  # fmt: skip
            bind.execute(boards.insert().values(project_id=project_id, workflow_id=workflow_id, name=board_name,
                                                profile=profile, order=order, extra={}))  # fmt: skip
    bind.execute(sa.text(
        "UPDATE statuses SET workflow_id = (SELECT b.workflow_id FROM boards b"
        " WHERE b.project_id = statuses.project_id AND b.profile = statuses.kind)"))  # fmt: skip
    bind.execute(sa.text(
        "UPDATE lanes SET board_id = (SELECT b.id FROM boards b WHERE b.project_id = lanes.project_id"
        " AND b.profile = 'story')"))  # fmt: skip
    bind.execute(sa.text(
        "UPDATE work_items SET item_type_id = (SELECT t.id FROM item_types t"
        " WHERE t.project_id = work_items.project_id AND t.profile = work_items.kind)"))  # fmt: skip
    _categorize(bind)


def _categorize(bind: sa.Connection) -> None:
    rows = bind.execute(sa.text('SELECT id, workflow_id, is_closed FROM statuses ORDER BY "order", name, id')).all()
    category: dict[int, str] = {}  # the rest stay `doing`
    has_todo: set[int] = set()
    for status_id, workflow_id, is_closed in rows:
        if is_closed:
            category[status_id] = "done"
        elif workflow_id not in has_todo:
            category[status_id] = "todo"
            has_todo.add(workflow_id)
    for value in ("todo", "done"):
        ids = [status_id for status_id, c in category.items() if c == value]
        if ids:
            bind.execute(sa.text("UPDATE statuses SET category = :c WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)), {"c": value, "ids": ids})  # fmt: skip
