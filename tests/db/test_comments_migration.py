"""Migration 0009 on a database written at revision 0007: every comment leaves change_entries for the
comments table with its text, versions, dates, deleted state and author, addressed by the same entry;
the entries keep their ids and their AUTOINCREMENT counter; a blocked item gets its open blocker.
Runs on SQLite, and on PostgreSQL in a scratch database when the tests run there."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import JSON, Boolean, Connection, DateTime, Integer, create_engine, inspect, make_url, select, text
from sqlalchemy.orm import Session

from planyard.db.migrate import alembic_config, upgrade
from planyard.models import Blocker, Comment


@pytest.fixture
def old_database(tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a scratch PostgreSQL database next to the test one."""
    test_url = os.environ.get("PLANYARD_TEST_DATABASE_URL", "")
    if not test_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    base = make_url(test_url)
    name = f"{base.database}_m0009"
    server = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 12, 0, tzinfo=UTC)


def insert(conn: Connection, table: str, **values: Any) -> int:
    """A row with the given values, every other required column filled with a plain value."""
    for column in inspect(conn).get_columns(table):
        name, kind = column["name"], column["type"]
        if name in values or name == "id" or column["nullable"] or column.get("default") is not None:
            continue
        if isinstance(kind, Boolean):
            values[name] = False
        elif isinstance(kind, DateTime):
            values[name] = at(1)
        elif isinstance(kind, JSON) or "JSON" in str(kind).upper():
            values[name] = "{}"
        elif isinstance(kind, Integer):
            values[name] = 0
        else:
            values[name] = ""
    names = ", ".join(f'"{n}"' for n in values)
    cast = {n: f"CAST(:{n} AS JSONB)" if conn.dialect.name == "postgresql" and isinstance(v, str)
            and _is_json(inspect(conn), table, n) else f":{n}" for n, v in values.items()}  # fmt: skip
    row = conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(cast.values())}) RETURNING id"), values)
    return int(row.scalar_one())


def _is_json(inspector: Any, table: str, name: str) -> bool:
    return any(c["name"] == name and "JSON" in str(c["type"]).upper() for c in inspector.get_columns(table))


def entry(conn: Connection, project: int, story: int, user: int, day: int, **fields: Any) -> int:
    """A change entry as revision 0007 wrote it, its comment columns in `fields`."""
    fields = {"comment": "", "comment_versions": "[]", "diff": "{}"} | fields
    return insert(conn, "change_entries", project_id=project, target_type="story", target_id=story, action="change",
                  user_id=user, snapshot="{}", created_at=at(day), **fields)  # fmt: skip


def test_every_comment_moves_to_its_own_row(old_database: str) -> None:
    url = old_database
    command.upgrade(alembic_config(url), "0007")
    engine = create_engine(url)
    versions = [{"date": at(2).isoformat(), "comment": "orignal", "user": {"id": 1}}]
    with engine.begin() as conn:
        workspace = insert(conn, "workspaces", name="w", slug="w", created_at=at(1))
        ann, bob = (insert(conn, "users", username=n, email=f"{n}@x.org", date_joined=at(1)) for n in ("ann", "bob"))
        kept, gone = (insert(conn, "projects", workspace_id=workspace, name=n, slug=n) for n in ("kept", "gone"))
        blocked = insert(conn, "work_items", project_id=kept, kind="story", ref=1, subject="s", is_blocked=True,
                         blocked_note="waiting for legal", modified_date=at(3))  # fmt: skip
        free = insert(conn, "work_items", project_id=kept, kind="story", ref=2, subject="t")
        lost = insert(conn, "work_items", project_id=gone, kind="story", ref=1, subject="u")
        plain = entry(conn, kept, blocked, ann, 2, comment="first **words**")
        edited = entry(conn, kept, blocked, bob, 3, comment="better text", comment_versions=json.dumps(versions),
                       comment_edited_at=at(4))  # fmt: skip
        deleted = entry(conn, kept, free, bob, 5, comment="oops", comment_deleted_at=at(6), comment_deleted_by_id=ann)
        entry(conn, kept, free, ann, 6, diff='{"subject": ["a", "b"]}')  # no comment: nothing moves
        emptied = entry(conn, kept, free, ann, 7, comment_deleted_at=at(8), comment_deleted_by_id=ann)
        entry(conn, gone, lost, ann, 8, comment="in a project deleted since")
        last = entry(conn, kept, free, ann, 9)
        conn.execute(text("DELETE FROM change_entries WHERE id = :id"), {"id": last})
        conn.execute(text("DELETE FROM work_items WHERE id = :id"), {"id": lost})
        conn.execute(text("DELETE FROM projects WHERE id = :id"), {"id": gone})
    upgrade(url)
    with Session(engine) as session:
        comments = session.scalars(select(Comment).order_by(Comment.id)).all()
        assert [(c.change_id, c.project_id, c.target_type, c.target_id, c.author_id, c.text, c.versions, c.created_at,
                 c.edited_at, c.deleted_at, c.deleted_by_id) for c in comments] == [
            (plain, kept, "story", blocked, ann, "first **words**", [], at(2), None, None, None),
            (edited, kept, "story", blocked, bob, "better text", versions, at(3), at(4), None, None),
            (deleted, kept, "story", free, bob, "oops", [], at(5), None, at(6), ann),
            (emptied, kept, "story", free, ann, "", [], at(7), None, at(8), ann),
        ]  # fmt: skip
        open_blockers = session.execute(select(Blocker.work_item_id, Blocker.reason, Blocker.released_at)).all()
        assert open_blockers == [(blocked, "waiting for legal", None)]
    inspector = inspect(engine)
    assert not {c["name"] for c in inspector.get_columns("change_entries")} & {"comment", "comment_versions"}
    assert "ix_comments_shown" in {i["name"] for i in inspector.get_indexes("comments")}
    with engine.begin() as conn:
        assert entry_ids_continue(conn, kept, free, ann) > last
    engine.dispose()


def entry_ids_continue(conn: Connection, project: int, story: int, user: int) -> int:
    return insert(conn, "change_entries", project_id=project, target_type="story", target_id=story, action="change",
                  user_id=user, diff="{}", snapshot="{}", created_at=at(10))  # fmt: skip
