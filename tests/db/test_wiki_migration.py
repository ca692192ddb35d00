"""Migration 0012 adds the wiki, due date level, application and feedback tables and the policy columns of
watches, keeping every watch; downgrade takes them away again. SQLite, and PostgreSQL in a scratch
database when the tests run there."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, make_url, text

from planyard.db.migrate import alembic_config

NEW_TABLES = {"wiki_pages", "wiki_links", "due_date_levels", "applications", "application_tokens", "feedback_entries"}


@pytest.fixture(params=["sqlite", "postgresql"])
def database_at_0010(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
        command.upgrade(alembic_config(url), "0010")
        yield url
        return
    server = os.environ.get("PLANYARD_TEST_DATABASE_URL", "")
    if not server.startswith("postgresql"):
        pytest.skip("PostgreSQL runs when PLANYARD_TEST_DATABASE_URL names it")
    scratch = f"{make_url(server).database}_wiki_migration"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}"'))
        conn.execute(text(f'CREATE DATABASE "{scratch}"'))
    url = make_url(server).set(database=scratch).render_as_string(hide_password=False)
    command.upgrade(alembic_config(url), "0010")
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
    admin.dispose()


def test_up_and_down_keep_the_watches(database_at_0010: str) -> None:
    engine = create_engine(database_at_0010)
    with engine.begin() as conn:
        user = conn.execute(text(
            "INSERT INTO users (username, email, full_name, password_hash, bio, color, lang, theme, timezone, "
            "is_active, is_superuser, verified_email, accepted_terms, read_new_terms, date_joined, extra) VALUES "
            "('u', 'u@x', '', '', '', '', '', '', '', true, false, true, true, false, '2026-01-01', '{}') "
            "RETURNING id")).scalar_one()  # fmt: skip
        conn.execute(text("INSERT INTO watches (target_type, target_id, user_id, notify_level, created_at) "
                          "VALUES ('project', 7, :u, 2, '2026-01-01')"), {"u": user})  # fmt: skip
    command.upgrade(alembic_config(database_at_0010), "0012")
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) >= NEW_TABLES
        row = conn.execute(text("SELECT target_id, notify_level, live_notify_level, web_notify FROM watches")).one()
        assert tuple(row) == (7, 2, None, None)
        if conn.dialect.name == "sqlite":
            sql = dict(conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all())
            assert all("AUTOINCREMENT" in sql[t] for t in NEW_TABLES)
    command.downgrade(alembic_config(database_at_0010), "0010")
    with engine.connect() as conn:
        assert not NEW_TABLES & set(inspect(conn).get_table_names())
        assert {c["name"] for c in inspect(conn).get_columns("watches")} >= {"notify_level", "target_id"}
        assert "web_notify" not in {c["name"] for c in inspect(conn).get_columns("watches")}
        assert conn.execute(text("SELECT target_id, notify_level FROM watches")).one() == (7, 2)
    engine.dispose()
