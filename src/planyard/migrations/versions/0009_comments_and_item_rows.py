"""comments as rows; checklists, time entries, blockers, design elements

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 12:00:00

Comments leave change_entries for a table of their own (design decision 4): every entry's comment
moves with its text, versions, dates, deleted state and author (the entry's user), `change_id` naming
the entry (Taiga addresses a comment by it). Comments of projects deleted before this revision were
reachable through no API; they go with their project as every comment now does (foreign key). The
index of shown comments moves with them; every blocked item gets its open blocker. New tables: checklists and their items, time entries,
blockers, design element types and design elements. On SQLite every new table says AUTOINCREMENT, and
change_entries is rebuilt without the comment columns keeping its AUTOINCREMENT and its sequence.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from planyard.migrations.rebuild import altered_table
from sqlalchemy.dialects import postgresql

from planyard.db.base import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
SHOWN = sa.text("text != '' AND deleted_at IS NULL")
OLD_SHOWN = sa.text("comment != '' AND comment_deleted_at IS NULL")
# An entry with comment state: a text, or an edit or deletion (Taiga's comment actions address any entry).
MOVED = "comment != '' OR comment_edited_at IS NOT NULL OR comment_deleted_at IS NOT NULL"


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _fk(column: str, table: str, ondelete: str | None = None, nullable: bool = True) -> sa.Column[int]:
    return sa.Column(column, sa.Integer(), sa.ForeignKey(f"{table}.id", ondelete=ondelete), nullable=nullable)


def _at(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, UTCDateTime(timezone=True), nullable=nullable)


def _create_tables() -> None:
    item = ("work_items", "CASCADE")
    op.create_table(
        "comments", _id(), _fk("project_id", "projects", "CASCADE", nullable=False),
        sa.Column("target_type", sa.String(32), nullable=False), sa.Column("target_id", sa.Integer(), nullable=False),
        _fk("change_id", "change_entries", "CASCADE", nullable=False), _fk("author_id", "users", "SET NULL"),
        sa.Column("text", sa.Text(), nullable=False), sa.Column("versions", JSON, nullable=False),
        _at("created_at"), _at("edited_at", True), _at("deleted_at", True), _fk("deleted_by_id", "users", "SET NULL"),
        sa.UniqueConstraint("change_id"), sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index("ix_comments_project_id", "comments", ["project_id"])
    op.create_index("ix_comments_target", "comments", ["target_type", "target_id"])
    op.create_table(
        "checklists", _id(), _fk("work_item_id", *item, nullable=False), sa.Column("name", sa.String(500), nullable=False),
        sa.Column("order", sa.Double(), nullable=False), _at("created_at"), _at("updated_at"), sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index("ix_checklists_work_item_id", "checklists", ["work_item_id"])
    op.create_table(
        "checklist_items", _id(), _fk("checklist_id", "checklists", "CASCADE", nullable=False),
        sa.Column("text", sa.Text(), nullable=False), sa.Column("checked", sa.Boolean(), nullable=False),
        _at("checked_at", True), _fk("checked_by_id", "users", "SET NULL"), sa.Column("order", sa.Double(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True), _fk("responsible_id", "users", "SET NULL"),
        _at("created_at"), _at("updated_at"), sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index("ix_checklist_items_checklist_id", "checklist_items", ["checklist_id"])
    op.create_table(
        "time_entries", _id(), _fk("work_item_id", *item, nullable=False),
        _fk("project_id", "projects", "CASCADE", nullable=False), _fk("user_id", "users", "SET NULL"),
        _fk("author_id", "users", "SET NULL"), sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False), _at("started_at", True), sa.Column("comment", sa.Text(), nullable=False),
        _fk("role_id", "roles", "SET NULL"), _at("created_at"), _at("updated_at"), sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index("ix_time_entries_work_item_id", "time_entries", ["work_item_id"])
    op.create_index("ix_time_entries_user_id", "time_entries", ["user_id"])
    op.create_index("ix_time_entries_project_date", "time_entries", ["project_id", "date"])
    op.create_table(
        "blockers", _id(), _fk("work_item_id", *item, nullable=False), _fk("blocking_item_id", "work_items", "SET NULL"),
        sa.Column("reason", sa.Text(), nullable=False), _fk("blocker_user_id", "users", "SET NULL"), _at("created_at"),
        _at("released_at", True), _fk("released_by_id", "users", "SET NULL"), sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index("ix_blockers_item_open", "blockers", ["work_item_id", "released_at"])
    op.create_index("ix_blockers_blocking_item_id", "blockers", ["blocking_item_id"])
    op.create_table(
        "design_element_types", _id(), _fk("project_id", "projects", "CASCADE", nullable=False),
        sa.Column("name", sa.String(255), nullable=False), sa.Column("icon", sa.String(255), nullable=False),
        sa.Column("color", sa.String(32), nullable=False), _at("created_at"), sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index("ix_design_element_types_project_id", "design_element_types", ["project_id"])
    op.create_table(
        "design_elements", _id(), _fk("project_id", "projects", "CASCADE", nullable=False),
        _fk("type_id", "design_element_types", nullable=False), _fk("parent_id", "design_elements", "CASCADE"),
        sa.Column("name", sa.String(500), nullable=False), sa.Column("description", sa.Text(), nullable=False),
        sa.Column("order", sa.Double(), nullable=False), _fk("owner_id", "users", "SET NULL"),
        _at("created_at"), _at("modified_at"), sqlite_autoincrement=True,
    )  # fmt: skip
    for column in ("project_id", "type_id", "parent_id"):
        op.create_index(f"ix_design_elements_{column}", "design_elements", [column])


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        bind.exec_driver_sql("PRAGMA foreign_keys=OFF")  # the rebuild drops a table others refer to
    _create_tables()
    bind.exec_driver_sql(
        "INSERT INTO comments (project_id, target_type, target_id, change_id, author_id, text, versions, created_at,"
        " edited_at, deleted_at, deleted_by_id)"
        " SELECT project_id, target_type, target_id, id, user_id, comment, comment_versions, created_at,"
        " comment_edited_at, comment_deleted_at, comment_deleted_by_id FROM change_entries"
        f" WHERE ({MOVED}) AND project_id IN (SELECT id FROM projects) ORDER BY id"
    )
    # Items blocked today get their open blocker, the note as its reason (Taiga's flags and blockers agree).
    bind.exec_driver_sql("INSERT INTO blockers (work_item_id, reason, created_at)"
                         " SELECT id, blocked_note, modified_date FROM work_items WHERE is_blocked ORDER BY id")  # fmt: skip
    op.drop_index("ix_change_entries_comments", "change_entries")
    with altered_table("change_entries") as batch:
        batch.drop_constraint("fk_change_entries_comment_deleted_by_id_users", type_="foreignkey")
        for column in ("comment", "comment_versions", "comment_edited_at", "comment_deleted_at", "comment_deleted_by_id"):
            batch.drop_column(column)
    op.create_index("ix_comments_shown", "comments", ["target_type", "target_id"],
                    sqlite_where=SHOWN, postgresql_where=SHOWN)  # fmt: skip


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        bind.exec_driver_sql("PRAGMA foreign_keys=OFF")
    with altered_table("change_entries") as batch:
        batch.add_column(sa.Column("comment", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("comment_versions", JSON, nullable=False, server_default="[]"))
        batch.add_column(_at("comment_edited_at", True))
        batch.add_column(_at("comment_deleted_at", True))
        batch.add_column(sa.Column("comment_deleted_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_change_entries_comment_deleted_by_id_users", "users", ["comment_deleted_by_id"],
                                 ["id"], ondelete="SET NULL")  # fmt: skip
    of = "FROM comments WHERE comments.change_id = change_entries.id"
    bind.exec_driver_sql(
        f"UPDATE change_entries SET comment = (SELECT text {of}), comment_versions = (SELECT versions {of}),"
        f" comment_edited_at = (SELECT edited_at {of}), comment_deleted_at = (SELECT deleted_at {of}),"
        f" comment_deleted_by_id = (SELECT deleted_by_id {of}) WHERE id IN (SELECT change_id FROM comments)"
    )
    op.create_index("ix_change_entries_comments", "change_entries", ["target_type", "target_id"],
                    sqlite_where=OLD_SHOWN, postgresql_where=OLD_SHOWN)  # fmt: skip
    for table in ("design_elements", "design_element_types", "blockers", "time_entries", "checklist_items",
                  "checklists", "comments"):  # fmt: skip
        op.drop_table(table)

