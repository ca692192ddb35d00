"""Kaiten's company half: workspace members, teams (groups) with members and grants, workspace roles,
the tree of spaces and folders, workspace-wide custom fields with options and votes, automations, SLAs,
service-desk services and items' external recipients

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 14:08:46

Every project gets its `tree_entities` row (a space at the root, sorted by id, its title, archive flag and
access). `custom_fields.project_id` may be null (a workspace-wide field, `workspace_id` set); on SQLite
the table is rebuilt keeping AUTOINCREMENT. `checklists.work_item_id` may be null too (a project's template
checklist, `project_id` set). Downgrade drops the workspace-wide fields and the template checklists.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import planyard.db.base
from planyard.migrations.rebuild import altered_table

PROJECTS = sa.table("projects", sa.column("id", sa.Integer), sa.column("workspace_id", sa.Integer),
                    sa.column("name", sa.String), sa.column("is_archived", sa.Boolean),
                    sa.column("is_private", sa.Boolean), sa.column("created_date", sa.DateTime))  # fmt: skip
TREE = sa.table("tree_entities", sa.column("workspace_id", sa.Integer), sa.column("entity_type", sa.String),
                sa.column("project_id", sa.Integer), sa.column("title", sa.String), sa.column("sort_order", sa.Float),
                sa.column("archived", sa.Boolean), sa.column("access", sa.String),
                sa.column("created_at", sa.DateTime), sa.column("updated_at", sa.DateTime))  # fmt: skip
FIELDS = sa.table("custom_fields", sa.column("id", sa.Integer), sa.column("project_id", sa.Integer))
CHECKLISTS = sa.table("checklists", sa.column("id", sa.Integer), sa.column("work_item_id", sa.Integer))
BATCH = 1000

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("rules", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False),
        sa.Column(
            "notification_settings",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name=op.f("fk_slas_workspace_id_workspaces"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slas")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("slas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slas_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("permissions", sa.Integer(), nullable=False),
        sa.Column("add_to_cards_and_spaces_enabled", sa.Boolean(), nullable=False),
        sa.Column("creator_id", sa.Integer(), nullable=True),
        sa.Column("created_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["users.id"], name=op.f("fk_teams_creator_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name=op.f("fk_teams_workspace_id_workspaces"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teams_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "workspace_members",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("is_guest", sa.Boolean(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("permissions", sa.Integer(), nullable=False),
        sa.Column("extra", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False),
        sa.Column("created_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_workspace_members_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_workspace_members_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "user_id", name=op.f("pk_workspace_members")),
    )
    with op.batch_alter_table("workspace_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workspace_members_user_id"), ["user_id"], unique=False)

    op.create_table(
        "workspace_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("created_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_workspace_roles_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspace_roles")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("workspace_roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workspace_roles_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "automations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column(
            "trigger", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False
        ),
        sa.Column(
            "actions", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False
        ),
        sa.Column("sort_order", planyard.db.base.Position(), nullable=False),
        sa.Column("created_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("extra", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_automations_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_automations")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("automations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_automations_project_id"), ["project_id"], unique=False)

    op.create_table(
        "team_members",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_team_members_team_id_teams"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_team_members_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("team_id", "user_id", name=op.f("pk_team_members")),
    )
    with op.batch_alter_table("team_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_members_user_id"), ["user_id"], unique=False)

    op.create_table(
        "tree_entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("sort_order", planyard.db.base.Position(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("access", sa.String(length=32), nullable=False),
        sa.Column("for_everyone_role_uid", sa.String(length=64), nullable=True),
        sa.Column("created_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["tree_entities.id"],
            name=op.f("fk_tree_entities_parent_id_tree_entities"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_tree_entities_project_id_projects"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_tree_entities_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tree_entities")),
        sa.UniqueConstraint("project_id", name=op.f("uq_tree_entities_project_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("tree_entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tree_entities_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "custom_field_options",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("custom_field_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("color", sa.String(length=32), nullable=True),
        sa.Column("order", sa.Double(), nullable=False),
        sa.Column("is_archived", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False),
        sa.Column("created_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["custom_field_id"],
            ["custom_fields.id"],
            name=op.f("fk_custom_field_options_custom_field_id_custom_fields"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_field_options")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("custom_field_options", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_custom_field_options_custom_field_id"), ["custom_field_id"], unique=False)

    op.create_table(
        "team_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("tree_entity_id", sa.Integer(), nullable=False),
        sa.Column(
            "role_uids", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False
        ),
        sa.Column("access_mod", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_team_grants_team_id_teams"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tree_entity_id"],
            ["tree_entities.id"],
            name=op.f("fk_team_grants_tree_entity_id_tree_entities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_grants")),
        sa.UniqueConstraint("team_id", "tree_entity_id", name=op.f("uq_team_grants_team_id_tree_entity_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("team_grants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_grants_tree_entity_id"), ["tree_entity_id"], unique=False)

    op.create_table(
        "service_desk_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=True),
        sa.Column("status_id", sa.Integer(), nullable=True),
        sa.Column("lane_id", sa.Integer(), nullable=True),
        sa.Column("item_type_id", sa.Integer(), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column(
            "settings", sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["board_id"], ["boards.id"], name=op.f("fk_service_desk_services_board_id_boards"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["item_type_id"],
            ["item_types.id"],
            name=op.f("fk_service_desk_services_item_type_id_item_types"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["lane_id"], ["lanes.id"], name=op.f("fk_service_desk_services_lane_id_lanes"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["status_id"],
            ["statuses.id"],
            name=op.f("fk_service_desk_services_status_id_statuses"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_service_desk_services_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_desk_services")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("service_desk_services", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_desk_services_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "custom_field_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("custom_field_id", sa.Integer(), nullable=False),
        sa.Column("work_item_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("number_vote", sa.Integer(), nullable=True),
        sa.Column("emoji_vote", sa.String(length=64), nullable=True),
        sa.Column("created_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["custom_field_id"],
            ["custom_fields.id"],
            name=op.f("fk_custom_field_votes_custom_field_id_custom_fields"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_custom_field_votes_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["work_item_id"],
            ["work_items.id"],
            name=op.f("fk_custom_field_votes_work_item_id_work_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_field_votes")),
        sa.UniqueConstraint(
            "custom_field_id",
            "work_item_id",
            "user_id",
            name=op.f("uq_custom_field_votes_custom_field_id_work_item_id_user_id"),
        ),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("custom_field_votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_custom_field_votes_work_item_id"), ["work_item_id"], unique=False)

    op.create_table(
        "item_external_recipients",
        sa.Column("work_item_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("created_at", planyard.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["work_item_id"],
            ["work_items.id"],
            name=op.f("fk_item_external_recipients_work_item_id_work_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("work_item_id", "email", name=op.f("pk_item_external_recipients")),
    )
    op.create_table(
        "item_slas",
        sa.Column("work_item_id", sa.Integer(), nullable=False),
        sa.Column("sla_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["sla_id"], ["slas.id"], name=op.f("fk_item_slas_sla_id_slas"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["work_item_id"], ["work_items.id"], name=op.f("fk_item_slas_work_item_id_work_items"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("work_item_id", "sla_id", name=op.f("pk_item_slas")),
    )
    with op.batch_alter_table("item_slas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_slas_sla_id"), ["sla_id"], unique=False)

    with altered_table("custom_fields") as batch_op:
        batch_op.add_column(sa.Column("workspace_id", sa.Integer(), nullable=True))
        batch_op.alter_column("project_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_foreign_key(
            batch_op.f("fk_custom_fields_workspace_id_workspaces"),
            "workspaces",
            ["workspace_id"],
            ["id"],
            ondelete="CASCADE",
        )
    with altered_table("checklists") as batch_op:
        batch_op.add_column(sa.Column("project_id", sa.Integer(), nullable=True))
        batch_op.alter_column("work_item_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_foreign_key(
            batch_op.f("fk_checklists_project_id_projects"), "projects", ["project_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.create_index(batch_op.f("ix_checklists_project_id"), ["project_id"], unique=False)
    _fill_tree()


def _fill_tree() -> None:
    bind = op.get_bind()
    rows = [{"workspace_id": p.workspace_id, "entity_type": "space", "project_id": p.id, "title": p.name[:255],
             "sort_order": float(p.id), "archived": p.is_archived, "access": "by_invite" if p.is_private else "for_everyone",
             "created_at": p.created_date, "updated_at": p.created_date}
            for p in bind.execute(sa.select(PROJECTS).order_by(PROJECTS.c.id))]  # fmt: skip
    for start in range(0, len(rows), BATCH):
        bind.execute(TREE.insert(), rows[start : start + BATCH])


def downgrade() -> None:
    op.get_bind().execute(CHECKLISTS.delete().where(CHECKLISTS.c.work_item_id.is_(None)))
    with altered_table("checklists") as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklists_project_id"))
        batch_op.drop_constraint(batch_op.f("fk_checklists_project_id_projects"), type_="foreignkey")
        batch_op.alter_column("work_item_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("project_id")
    op.get_bind().execute(FIELDS.delete().where(FIELDS.c.project_id.is_(None)))
    with altered_table("custom_fields") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_custom_fields_workspace_id_workspaces"), type_="foreignkey")
        batch_op.alter_column("project_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("workspace_id")

    with op.batch_alter_table("item_slas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_slas_sla_id"))

    op.drop_table("item_slas")
    op.drop_table("item_external_recipients")
    with op.batch_alter_table("custom_field_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_custom_field_votes_work_item_id"))

    op.drop_table("custom_field_votes")
    with op.batch_alter_table("service_desk_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_desk_services_workspace_id"))

    op.drop_table("service_desk_services")
    with op.batch_alter_table("team_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_grants_tree_entity_id"))

    op.drop_table("team_grants")
    with op.batch_alter_table("custom_field_options", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_custom_field_options_custom_field_id"))

    op.drop_table("custom_field_options")
    with op.batch_alter_table("tree_entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tree_entities_workspace_id"))

    op.drop_table("tree_entities")
    with op.batch_alter_table("team_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_members_user_id"))

    op.drop_table("team_members")
    with op.batch_alter_table("automations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_automations_project_id"))

    op.drop_table("automations")
    with op.batch_alter_table("workspace_roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workspace_roles_workspace_id"))

    op.drop_table("workspace_roles")
    with op.batch_alter_table("workspace_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workspace_members_user_id"))

    op.drop_table("workspace_members")
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teams_workspace_id"))

    op.drop_table("teams")
    with op.batch_alter_table("slas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slas_workspace_id"))

    op.drop_table("slas")
