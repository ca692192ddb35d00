"""Migration 0008 turns a database of 0007 into item types, workflows and boards with nothing lost: every
project gets one item type, one workflow and one board per profile, its statuses of that kind in that
workflow with a category, its lanes on its story board, every item its type; positions keep their value."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import JSON, Boolean, DateTime, Engine, Integer, MetaData, Table, create_engine, text
from sqlalchemy.dialects.postgresql import JSONB

from planyard.db.migrate import alembic_config

BIG = 2**53 - 1  # the largest position a double holds exactly
SCHEMA = "migration_0008"


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database at revision 0007: a SQLite file, or a schema of the PostgreSQL test database."""
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


def insert(engine: Engine, table_name: str, **values: Any) -> int:
    """One row through SQL, the columns not given filled with a plain value of their type."""
    table = Table(table_name, MetaData(), autoload_with=engine)
    for column in table.columns:
        if column.name in values or column.nullable or column.primary_key:
            continue
        kind = column.type
        values[column.name] = (
            {} if isinstance(kind, JSON | JSONB) else False if isinstance(kind, Boolean)
            else datetime(2026, 1, 1, tzinfo=UTC) if isinstance(kind, DateTime) else 0 if isinstance(kind, Integer)
            else ""
        )  # fmt: skip
    with engine.begin() as conn:
        return int(conn.execute(table.insert().values(values).returning(table.c.id)).scalar_one())


def status(engine: Engine, project: int, kind: str, name: str, order: int, closed: bool = False) -> int:
    return insert(engine, "statuses", project_id=project, kind=kind, name=name, slug=name.lower(), order=order,
                  is_closed=closed, color="#fff", extra={})  # fmt: skip


def test_every_project_gets_its_item_types_workflows_and_boards(old_database: str) -> None:
    command.upgrade(alembic_config(old_database), "0007")
    engine = create_engine(old_database)
    space = insert(engine, "workspaces", name="w", slug="w")
    one = insert(engine, "projects", workspace_id=space, name="One", slug="one")
    two = insert(engine, "projects", workspace_id=space, name="Two", slug="two")
    doing = status(engine, one, "story", "Doing", 2)
    new = status(engine, one, "story", "New", 1)
    done = status(engine, one, "story", "Done", 3, closed=True)
    task_new, task_done = status(engine, one, "task", "New", 1), status(engine, one, "task", "Closed", 2, closed=True)
    epic_new, issue_new = status(engine, one, "epic", "New", 1), status(engine, one, "issue", "New", 1)
    other = status(engine, two, "story", "Open", 5)
    lanes = [insert(engine, "lanes", project_id=one, name=n, order=i) for i, n in enumerate(("A", "B"))]
    positions = {"backlog_order": BIG, "sprint_order": 1_700_000_000_000, "kanban_order": 3,
                 "parent_order": 0, "board_order": 2**40 + 1, "epics_order": 1_764_000_000_123}  # fmt: skip
    items = [(project, kind, insert(engine, "work_items", project_id=project, kind=kind, ref=ref, subject=kind,
                                    status_id=status_id, lane_id=lanes[1] if kind == "story" else None,
                                    tags=["x"], **positions))
             for ref, (kind, project, status_id) in enumerate((
                 ("story", one, doing), ("task", one, task_new), ("epic", one, epic_new), ("issue", one, issue_new),
                 ("story", two, other)), start=1)]  # fmt: skip
    with engine.connect() as conn:
        before = {table: conn.execute(text(f"SELECT * FROM {table} ORDER BY id")).mappings().all()
                  for table in ("work_items", "statuses", "lanes")}  # fmt: skip
    engine.dispose()

    command.upgrade(alembic_config(old_database), "0008")  # what 0008 alone does (0010 moves tags out)

    engine = create_engine(old_database)
    with engine.connect() as conn:
        after = {table: conn.execute(text(f"SELECT * FROM {table} ORDER BY id")).mappings().all()
                 for table in ("work_items", "statuses", "lanes")}  # fmt: skip
        for table, rows in before.items():  # nothing lost, every value equal
            assert [{k: row[k] for k in old} for row, old in zip(after[table], rows, strict=True)] == rows
        assert conn.execute(text("SELECT backlog_order FROM work_items")).scalars().all() == [float(BIG)] * 5
        types = conn.execute(text("SELECT project_id, profile, id FROM item_types ORDER BY id")).all()
        assert [(p, profile) for p, profile, _ in types] == [
            (project, profile) for project in (one, two) for profile in ("epic", "story", "task", "issue")
        ]
        type_of = {(p, profile): type_id for p, profile, type_id in types}
        assert {row["id"]: row["item_type_id"] for row in after["work_items"]} == {
            item: type_of[(project, kind)] for project, kind, item in items
        }
        boards = conn.execute(text("SELECT project_id, profile, workflow_id, id FROM boards ORDER BY id")).all()
        assert [(p, profile) for p, profile, _, _ in boards] == [(p, profile) for p, profile, _ in types]
        workflow_of = {(p, profile): workflow for p, profile, workflow, _ in boards}
        assert len(set(workflow_of.values())) == 8
        statuses = {row["id"]: (row["workflow_id"], row["category"]) for row in after["statuses"]}
        assert statuses == {
            new: (workflow_of[(one, "story")], "todo"), doing: (workflow_of[(one, "story")], "doing"),
            done: (workflow_of[(one, "story")], "done"), task_new: (workflow_of[(one, "task")], "todo"),
            task_done: (workflow_of[(one, "task")], "done"), epic_new: (workflow_of[(one, "epic")], "todo"),
            issue_new: (workflow_of[(one, "issue")], "todo"), other: (workflow_of[(two, "story")], "todo"),
        }  # fmt: skip
        story_board = next(b for p, profile, _, b in boards if (p, profile) == (one, "story"))
        assert [row["board_id"] for row in after["lanes"]] == [story_board, story_board]
    engine.dispose()
