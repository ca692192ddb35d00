"""The migration runner: the head it reads from the file names is Alembic's head, and a database is
brought to it once (a second run finds it current and leaves it alone)."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from planyard.db.migrate import alembic_config, current_revision, head_revision, upgrade


def test_head_from_file_names_is_alembics_head(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'any.sqlite3'}"
    assert head_revision() == ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def test_upgrade_brings_an_empty_database_to_head_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    assert current_revision(url) is None
    upgrade(url)
    assert current_revision(url) == head_revision()
    engine = create_engine(url)
    assert {"users", "projects", "work_items"} <= set(inspect(engine).get_table_names())
    engine.dispose()
    upgrade(url)
    assert current_revision(url) == head_revision()
