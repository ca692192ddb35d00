"""Migration 0010 turns the JSON tags of a 0007 database into rows: each project's palette in its order
with its colors (plus, at its end, what items carried that it lacked), each item's tags in order, the
tags a project itself carries; the JSON columns go and SQLite keeps AUTOINCREMENT and its highest id.
Run on SQLite, and on PostgreSQL in a scratch database when the tests run there."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import JSON, Connection, column, create_engine, inspect, make_url, select, table, text
from sqlalchemy.orm import Session

from planyard.core.tags import store
from planyard.db.migrate import alembic_config, upgrade

NOW = "2026-01-01 00:00:00"
PROJECT = {"description": "", "is_private": False, "is_featured": False, "is_looking_for_people": False,
           "looking_for_people_note": "", "is_epics_activated": False, "is_backlog_activated": True,
           "is_kanban_activated": False, "is_wiki_activated": True, "is_issues_activated": True,
           "is_archived": False, "anon_permissions": [], "public_permissions": [], "modules_config": {},
           "extra": {}, "version": 1, "created_date": NOW, "modified_date": NOW}  # fmt: skip
ITEM = {"kind": "story", "description": "", "is_closed": False, "is_blocked": False, "blocked_note": "",
        "color": "", "client_requirement": False, "team_requirement": False, "is_iocaine": False,
        "backlog_order": 1, "sprint_order": 1, "kanban_order": 1, "parent_order": 1, "board_order": 1,
        "epics_order": 1, "due_date_reason": "", "extra": {}, "version": 1, "created_date": NOW,
        "modified_date": NOW}  # fmt: skip
JSON_COLUMNS = {"anon_permissions", "public_permissions", "modules_config", "extra", "tags", "tags_colors"}


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database at revision 0007."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
        command.upgrade(alembic_config(url), "0007")
        yield url
        return
    server = os.environ.get("PLANYARD_TEST_DATABASE_URL", "")
    if not server.startswith("postgresql"):
        pytest.skip("PostgreSQL runs when PLANYARD_TEST_DATABASE_URL names it")
    scratch = f"{make_url(server).database}_tags_migration"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}"'))
        conn.execute(text(f'CREATE DATABASE "{scratch}"'))
    url = make_url(server).set(database=scratch).render_as_string(hide_password=False)
    command.upgrade(alembic_config(url), "0007")
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
    admin.dispose()


def _insert(conn: Connection, table: str, row: dict[str, Any]) -> int:
    postgres = conn.dialect.name == "postgresql"
    values = ", ".join(f"CAST(:{k} AS JSONB)" if postgres and k in JSON_COLUMNS else f":{k}" for k in row)
    params = {k: json.dumps(v) if k in JSON_COLUMNS else v for k, v in row.items()}
    sql = f"INSERT INTO {table} ({', '.join(row)}) VALUES ({values}) RETURNING id"  # noqa: S608 (test data)
    return int(conn.execute(text(sql), params).scalar_one())


def test_tags_come_back_as_rows_in_the_same_order(old_database: str) -> None:
    engine = create_engine(old_database)
    with engine.begin() as conn:
        workspace = _insert(conn, "workspaces", {"name": "w", "slug": "w", "created_at": NOW})
        palette = [["ui", "#f00"], ["api", None], ["db", "#0f0"]]
        project = PROJECT | {"workspace_id": workspace}
        first = _insert(conn, "projects", project | {"name": "P1", "slug": "p1", "tags": ["Alpha", "beta", "Alpha"],
                                                     "tags_colors": palette})  # fmt: skip
        second = _insert(conn, "projects", project | {"name": "P2", "slug": "p2", "tags": ["beta"], "tags_colors": []})
        lists = [["db", "ui"], [], ["api", "db", "ui"], ["ui", "ui"]]
        items = [_insert(conn, "work_items", ITEM | {"project_id": first, "ref": n, "subject": f"S{n}", "tags": tags})
                 for n, tags in enumerate(lists, 1)]  # fmt: skip
        stray = _insert(conn, "work_items", ITEM | {"project_id": second, "ref": 1, "subject": "x", "tags": ["x", "y"]})
        gone = _insert(conn, "work_items", ITEM | {"project_id": second, "ref": 2, "subject": "gone", "tags": ["z"]})
        conn.execute(text("DELETE FROM work_items WHERE id = :id"), {"id": gone})
    upgrade(old_database)

    with Session(engine) as session:
        palettes = store.palette_pairs(session, [first, second])
        assert palettes[first] == [("ui", "#f00"), ("api", None), ("db", "#0f0")]
        assert palettes[second] == [("x", None), ("y", None)]  # what the items carried joins the palette
        carried = store.item_tags(session, [*items, stray])
        assert [[name for name, _ in carried[i]] for i in items] == [["db", "ui"], [], ["api", "db", "ui"], ["ui"]]
        assert carried[items[0]] == [("db", "#0f0"), ("ui", "#f00")] and carried[stray] == [("x", None), ("y", None)]
        assert store.project_tags(session, [first, second]) == {first: ["Alpha", "beta", "Alpha"], second: ["beta"]}
    columns = inspect(engine)
    assert "tags" not in {c["name"] for c in columns.get_columns("work_items")}
    assert not {"tags", "tags_colors"} & {c["name"] for c in columns.get_columns("projects")}
    with engine.begin() as conn:
        story_type = conn.scalar(text("SELECT id FROM item_types WHERE project_id = :p AND profile = 'story'"),
                                 {"p": second})  # fmt: skip
        new = _insert(conn, "work_items", ITEM | {"project_id": second, "ref": 3, "subject": "new",
                                                  "item_type_id": story_type})  # fmt: skip
        assert new > gone  # the deleted item's id is not given out again
        if conn.dialect.name == "sqlite":
            sql = dict(conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all())
            assert all("AUTOINCREMENT" in sql[t] for t in ("work_items", "projects", "tags"))

    command.downgrade(alembic_config(old_database), "0007")  # the JSON columns again, from the rows
    projects = table("projects", column("id"), column("tags", JSON), column("tags_colors", JSON))
    item_rows = table("work_items", column("id"), column("tags", JSON))
    with engine.connect() as conn:
        assert conn.execute(select(projects).order_by(projects.c.id)).all() == [
            (first, ["Alpha", "beta", "Alpha"], palette),
            (second, ["beta"], [["x", None], ["y", None]]),
        ]
        lists = [["db", "ui"], [], ["api", "db", "ui"], ["ui"]]
        assert dict(conn.execute(select(item_rows.c.id, item_rows.c.tags)).all()) == {
            **dict(zip(items, lists, strict=True)),
            stray: ["x", "y"],
            new: [],
        }
    engine.dispose()
