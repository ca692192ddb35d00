"""wiki pages and links, notify policies on project watches, due date levels, applications, feedback

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 14:00:00

New tables (AUTOINCREMENT on SQLite): wiki_pages, wiki_links, due_date_levels, applications (known
outside by a UUID `uid`), application_tokens, feedback_entries. A project's watch row
becomes the user's notification policy there: watches gains `live_notify_level` and `web_notify`
(null: Taiga's defaults, involved and on). Downgrade drops them again.
"""

from __future__ import annotations


import sqlalchemy as sa
from alembic import op

from planyard.db.base import UTCDateTime
from planyard.migrations.rebuild import altered_table

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _fk(column: str, table: str, ondelete: str, nullable: bool = True) -> sa.Column[int]:
    return sa.Column(column, sa.Integer(), sa.ForeignKey(f"{table}.id", ondelete=ondelete), nullable=nullable)


def _at(name: str) -> sa.Column[object]:
    return sa.Column(name, UTCDateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "wiki_pages", _id(), _fk("project_id", "projects", "CASCADE", nullable=False),
        sa.Column("slug", sa.String(500), nullable=False), sa.Column("content", sa.Text(), nullable=False),
        _fk("owner_id", "users", "SET NULL"), _fk("last_modifier_id", "users", "SET NULL"),
        sa.Column("version", sa.Integer(), nullable=False), _at("created_date"), _at("modified_date"),
        sa.UniqueConstraint("project_id", "slug", name="uq_wiki_pages_project_id_slug"), sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index("ix_wiki_pages_project_id", "wiki_pages", ["project_id"])
    op.create_table(
        "wiki_links", _id(), _fk("project_id", "projects", "CASCADE", nullable=False),
        sa.Column("title", sa.String(500), nullable=False), sa.Column("href", sa.String(500), nullable=False),
        sa.Column("order", sa.BigInteger(), nullable=False),
        sa.UniqueConstraint("project_id", "href", name="uq_wiki_links_project_id_href"), sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index("ix_wiki_links_project_id", "wiki_links", ["project_id"])
    op.create_table(
        "due_date_levels", _id(), _fk("project_id", "projects", "CASCADE", nullable=False),
        sa.Column("kind", sa.String(16), nullable=False), sa.Column("name", sa.String(255), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False), sa.Column("by_default", sa.Boolean(), nullable=False),
        sa.Column("color", sa.String(20), nullable=False), sa.Column("days_to_due", sa.Integer(), nullable=True),
        sa.UniqueConstraint("project_id", "kind", "name", name="uq_due_date_levels_project_id_kind_name"),
        sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index("ix_due_date_levels_project_id", "due_date_levels", ["project_id"])
    op.create_table(
        "applications", _id(), sa.Column("uid", sa.String(255), nullable=False),
        sa.Column("name", sa.String(255), nullable=False), sa.Column("icon_url", sa.Text(), nullable=True),
        sa.Column("web", sa.String(255), nullable=True), sa.Column("description", sa.Text(), nullable=True),
        sa.Column("next_url", sa.Text(), nullable=False), sa.Column("key", sa.String(255), nullable=False),
        sa.UniqueConstraint("uid", name="uq_applications_uid"), sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_table(
        "application_tokens", _id(), _fk("user_id", "users", "CASCADE", nullable=False),
        _fk("application_id", "applications", "CASCADE", nullable=False),
        sa.Column("auth_code", sa.String(255), nullable=True), sa.Column("state", sa.String(255), nullable=True),
        _fk("api_token_id", "api_tokens", "SET NULL"), _at("created_at"),
        sa.UniqueConstraint("application_id", "user_id", name="uq_application_tokens_application_id_user_id"),
        sqlite_autoincrement=True,
    )  # fmt: skip
    op.create_index("ix_application_tokens_user_id", "application_tokens", ["user_id"])
    op.create_table(
        "feedback_entries", _id(), sa.Column("full_name", sa.String(256), nullable=False),
        sa.Column("email", sa.String(255), nullable=False), sa.Column("comment", sa.Text(), nullable=False),
        _at("created_date"), sqlite_autoincrement=True,
    )  # fmt: skip
    op.add_column("watches", sa.Column("live_notify_level", sa.Integer(), nullable=True))
    op.add_column("watches", sa.Column("web_notify", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with altered_table("watches") as batch:
        batch.drop_column("web_notify")
        batch.drop_column("live_notify_level")
    for table in ("feedback_entries", "application_tokens", "applications", "due_date_levels", "wiki_links",
                  "wiki_pages"):  # fmt: skip
        op.drop_table(table)
