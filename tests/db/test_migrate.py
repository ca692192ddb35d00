"""The migration runner: the head it reads from the file names is Alembic's head, and a database is
brought to it once (a second run finds it current and leaves it alone), and the schema it builds is
the models' own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, event, inspect, text

from planyard.core.work_items.facts import COMMENT_COUNTS
from planyard.db.base import Base
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


def test_the_migrations_build_the_schema_the_models_describe(db: Connection) -> None:
    assert compare_metadata(MigrationContext.configure(db), Base.metadata) == []


def test_a_page_counts_its_shown_comments_off_their_partial_index(db: Connection) -> None:
    """`total_comments` of a page reads the index of shown comments, not every change of every item. The
    query runs as the app runs it (its own parameters), with EXPLAIN put before it."""
    postgres = db.dialect.name == "postgresql"

    def explain(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> tuple[str, Any]:
        return ("EXPLAIN " if postgres else "EXPLAIN QUERY PLAN ") + statement, parameters

    if postgres:
        db.execute(text("SET LOCAL enable_seqscan = off"))  # an empty table is scanned otherwise
    event.listen(db, "before_cursor_execute", explain, retval=True)
    try:
        rows = db.execute(COMMENT_COUNTS, {"target_type": "story", "ids": [1, 2]})
        plan = " ".join(str(value) for row in rows for value in row)
    finally:
        event.remove(db, "before_cursor_execute", explain)
    assert "ix_comments_shown" in plan
