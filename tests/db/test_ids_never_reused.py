"""Ids are never given out twice (SQLite AUTOINCREMENT, PostgreSQL sequences): nothing written for a
deleted row (its history, comments) ever shows under a new row's id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Connection, create_engine, inspect, text

from planyard.db.migrate import alembic_config, upgrade


def test_a_new_story_never_shows_a_deleted_projects_comment(client: Any, world: Any) -> None:
    owner = world.user()
    h = world.auth(owner)
    secret = world.project(owner, private=True)
    story = client.post("/api/v1/userstories", json={"project": secret.id, "subject": "s"}, headers=h).json()
    patched = client.patch(f"/api/v1/userstories/{story['id']}", json={"comment": "the secret plan"}, headers=h)
    assert patched.status_code == 200
    assert client.delete(f"/api/v1/projects/{secret.id}", headers=h).status_code == 204
    other = world.project(owner)
    new = client.post("/api/v1/userstories", json={"project": other.id, "subject": "n"}, headers=h).json()
    assert other.id != secret.id and new["id"] != story["id"]
    history = client.get(f"/api/v1/history/userstory/{new['id']}", headers=h).json()
    assert all(entry["comment"] != "the secret plan" for entry in history)


def test_every_sqlite_table_with_an_integer_id_autoincrements(db: Connection) -> None:
    if db.dialect.name != "sqlite":
        pytest.skip("PostgreSQL sequences never reuse an id")
    tables = {
        name: sql
        for name, sql in db.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
        if inspect(db).get_pk_constraint(name)["constrained_columns"] == ["id"]
    }
    assert len(tables) > 20
    assert [name for name, sql in tables.items() if "AUTOINCREMENT" not in sql] == []


def test_migrating_an_existing_database_keeps_its_rows_and_never_reuses_an_id(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    command.upgrade(alembic_config(url), "0006")
    engine = create_engine(url)
    with engine.begin() as conn:
        for n in (1, 2, 3):
            conn.execute(text("INSERT INTO workspaces (name, slug, created_at) VALUES (:n, :n, '2026-01-01')"),
                         {"n": f"w{n}"})  # fmt: skip
        # workspace 3 is gone, but a change entry still names id 3 (as a deleted story's history does)
        columns = "target_type, target_id, action, version, diff, snapshot, comment, comment_versions, created_at"
        values = "'workspace', 3, 'delete', 1, '{}', '{}', '', '[]', '2026-01-01'"
        conn.execute(text(f"INSERT INTO change_entries ({columns}) VALUES ({values})"))
        conn.execute(text("DELETE FROM workspaces WHERE name = 'w3'"))
    upgrade(url)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT id, name FROM workspaces ORDER BY id")).all() == [(1, "w1"), (2, "w2")]
        conn.execute(text("INSERT INTO workspaces (name, slug, created_at) VALUES ('w4', 'w4', '2026-01-01')"))
        conn.execute(text("DELETE FROM workspaces WHERE name = 'w4'"))
        conn.execute(text("INSERT INTO workspaces (name, slug, created_at) VALUES ('w5', 'w5', '2026-01-01')"))
        assert conn.execute(text("SELECT id, name FROM workspaces WHERE id > 2")).all() == [(5, "w5")]
    engine.dispose()
