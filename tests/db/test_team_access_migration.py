"""Migration 0021 on a database at 0018: a team grant's role uids become the best access level they name
(none: null); time entries' project roles become null (no project role is a job title), and their role
now references workspace roles. The downgrade writes the level back as a one-uid list."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from planyard.db.migrate import alembic_config
from tests.db.test_boards_migration import insert

SCHEMA = "migration_0021"


def role(level: int) -> str:
    return f"{21:08x}-0000-4000-8000-{level:012x}"


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database to bring to 0018: a SQLite file, or a schema of the PostgreSQL test database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    base = os.environ.get("PLANYARD_TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        pytest.skip("PLANYARD_TEST_DATABASE_URL names no PostgreSQL database")
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{SCHEMA}"
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    admin.dispose()


def test_grants_get_their_best_level_and_time_entries_lose_project_roles(old_database: str) -> None:
    command.upgrade(alembic_config(old_database), "0018")
    engine = create_engine(old_database)
    space = insert(engine, "workspaces", name="w", slug="w")
    project = insert(engine, "projects", workspace_id=space, name="P", slug="p")
    entry = insert(engine, "tree_entities", workspace_id=space, project_id=project, entity_type="space", title="P",
                   sort_order=1.0, access="", archived=False)  # fmt: skip
    project_role = insert(engine, "roles", project_id=project, name="Dev", slug="dev", permissions=[])
    user = insert(engine, "users", username="u", email="u@x.io")
    workflow = insert(engine, "workflows", workspace_id=space, name="w", is_shared=False)
    status = insert(engine, "statuses", project_id=project, kind="story", name="New", slug="new", color="#fff",
                    extra={}, workflow_id=workflow)  # fmt: skip
    item_type = insert(engine, "item_types", project_id=project, workspace_id=space, name="Story")
    orders = dict.fromkeys(("backlog_order", "sprint_order", "kanban_order", "parent_order", "board_order",
                            "epics_order"), 0.0)  # fmt: skip
    item = insert(engine, "work_items", project_id=project, kind="story", ref=1, subject="s", status_id=status,
                  item_type_id=item_type, **orders)  # fmt: skip
    entry_id = insert(engine, "time_entries", work_item_id=item, project_id=project, user_id=user, minutes=5,
                      date=date(2026, 12, 1), role_id=project_role)  # fmt: skip
    grants = {}
    for name, uids in (("both", [role(1), role(2)]), ("none", []), ("junk", ["x", role(9)]), ("admin", [role(3)])):
        team = insert(engine, "teams", workspace_id=space, name=name, permissions=0)
        grants[name] = insert(engine, "team_grants", team_id=team, tree_entity_id=entry, role_uids=uids)
    engine.dispose()

    command.upgrade(alembic_config(old_database), "0021")
    engine = create_engine(old_database)
    with engine.connect() as conn:
        levels = dict(conn.execute(text("SELECT id, level FROM team_grants")).all())
        assert levels == {grants["both"]: 2, grants["none"]: None, grants["junk"]: None, grants["admin"]: 3}
        assert conn.execute(text(f"SELECT role_id FROM time_entries WHERE id = {entry_id}")).scalar() is None
    targets = {fk["referred_table"] for fk in inspect(engine).get_foreign_keys("time_entries")
               if fk["constrained_columns"] == ["role_id"]}  # fmt: skip
    assert targets == {"workspace_roles"}
    engine.dispose()

    command.downgrade(alembic_config(old_database), "0018")
    engine = create_engine(old_database)
    with engine.connect() as conn:
        uids = {row[0]: row[1] for row in conn.execute(text("SELECT id, role_uids FROM team_grants"))}
    back = {k: v if isinstance(v, list) else json.loads(v) for k, v in uids.items()}
    assert back == {grants["both"]: [role(2)], grants["none"]: [], grants["junk"]: [], grants["admin"]: [role(3)]}
    engine.dispose()
