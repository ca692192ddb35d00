"""ids are never reused on SQLite

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 12:00:00

SQLite hands the id of a deleted row to the next insert unless the table says AUTOINCREMENT, and
history, comments, attachments and notifications keyed by (target_type, target_id) outlive their item:
a new story could show a deleted one's comments. Every table with an integer id is rebuilt with
AUTOINCREMENT, its rows and ids kept; its next id starts above every id that rows keyed by
(target_type, target_id) name, so no id that was given out before (and deleted) is given out again.
PostgreSQL's sequences never reuse an id: nothing to do.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SHOWN = sa.text("comment != '' AND comment_deleted_at IS NULL")
KEYED = ("change_entries", "attachments", "votes", "watches", "notifications")  # (target_type, target_id)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    bind.exec_driver_sql("PRAGMA foreign_keys=OFF")  # the rebuild drops tables other tables refer to
    named = max(_scalar(bind, f"SELECT coalesce(max(target_id), 0) FROM {t}") for t in KEYED)
    for table in sa.inspect(bind).get_table_names():
        if _has_integer_id(bind, table) and not _autoincrements(bind, table):
            with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}):
                pass
            bind.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
            highest = _scalar(bind, f"SELECT coalesce(max(id), 0) FROM {table}")
            bind.exec_driver_sql("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, max(highest, named)))
    # The rebuild made the indexes again in another order; SQLite's planner, without statistics, takes the
    # first that fits: the partial index of shown comments (0005) is made last again, as before.
    op.drop_index("ix_change_entries_comments", "change_entries")
    op.create_index("ix_change_entries_comments", "change_entries", ["target_type", "target_id"], sqlite_where=SHOWN)


def downgrade() -> None:
    """AUTOINCREMENT is kept: giving ids out again is what this revision exists to stop."""


def _has_integer_id(bind: sa.Connection, table: str) -> bool:
    columns = sa.inspect(bind).get_columns(table)
    keys = sa.inspect(bind).get_pk_constraint(table)["constrained_columns"]
    return keys == ["id"] and any(c["name"] == "id" and isinstance(c["type"], sa.Integer) for c in columns)


def _autoincrements(bind: sa.Connection, table: str) -> bool:
    sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar()
    return "AUTOINCREMENT" in (sql or "").upper()


def _scalar(bind: sa.Connection, sql: str) -> int:
    return int(bind.exec_driver_sql(sql).scalar() or 0)
