"""Migration 0022 adds the change mail queue and gives every member the involved project policy they
lack (on the Taiga wire fixture's database, whose members had none); downgrade drops the queue and keeps
the policies. SQLite, and up and down on PostgreSQL in a scratch database when the tests run there."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, make_url, text

from planyard.db.migrate import alembic_config
from tests.db.test_existing_database import FIXTURES, REVISION

WITHOUT_POLICY = (
    "SELECT count(*) FROM memberships m WHERE m.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM watches w "
    "WHERE w.target_type = 'project' AND w.target_id = m.project_id AND w.user_id = m.user_id)"
)
POLICIES = "SELECT count(*) FROM watches WHERE target_type = 'project' AND notify_level = 1"


def test_members_get_their_policy_and_downgrade_keeps_it(tmp_path: Path) -> None:
    database = tmp_path / "wire.sqlite3"
    database.write_bytes(gzip.decompress((FIXTURES / f"{REVISION}.sqlite3.gz").read_bytes()))
    url = f"sqlite:///{database}"
    command.upgrade(alembic_config(url), "0018")
    engine = create_engine(url)
    with engine.connect() as conn:
        lacking, policies = conn.execute(text(WITHOUT_POLICY)).scalar(), conn.execute(text(POLICIES)).scalar()
    assert lacking
    command.upgrade(alembic_config(url), "0022")
    with engine.connect() as conn:
        assert conn.execute(text(WITHOUT_POLICY)).scalar() == 0
        assert conn.execute(text(POLICIES)).scalar() == policies + lacking
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'pending_change_mails'")).scalar()
        assert "AUTOINCREMENT" in sql
    command.downgrade(alembic_config(url), "0018")
    with engine.connect() as conn:
        assert "pending_change_mails" not in inspect(conn).get_table_names()
        assert conn.execute(text(WITHOUT_POLICY)).scalar() == 0
    engine.dispose()


def test_up_and_down_on_postgresql() -> None:
    server = os.environ.get("PLANYARD_TEST_DATABASE_URL", "")
    if not server.startswith("postgresql"):
        pytest.skip("PostgreSQL runs when PLANYARD_TEST_DATABASE_URL names it")
    scratch = f"{make_url(server).database}_change_mails_migration"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}"'))
        conn.execute(text(f'CREATE DATABASE "{scratch}"'))
    url = make_url(server).set(database=scratch).render_as_string(hide_password=False)
    try:
        command.upgrade(alembic_config(url), "0022")
        command.downgrade(alembic_config(url), "0018")
        engine = create_engine(url)
        with engine.connect() as conn:
            assert "pending_change_mails" not in inspect(conn).get_table_names()
        engine.dispose()
        command.upgrade(alembic_config(url), "0022")
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        admin.dispose()
