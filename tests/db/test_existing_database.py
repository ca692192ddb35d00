"""An existing database migrates and its Taiga wire does not change: tests/data/taiga_wire holds a
database filled through the Taiga API by the build of its revision (`bench/wire_snapshot.py fixture`),
and the record of what a catalog of GETs answered on it then (bench/wire/snapshot.py: status, headers,
body bytes; tokens and counts over windows ending now masked). The database is upgraded to head and
served by this build; every answer must be the same, byte for byte.

On PostgreSQL (PLANYARD_TEST_DATABASE_URL), a fresh schema is built by the migrations up to the
fixture's revision, the fixture's rows are copied into it, then it is upgraded and compared the same way."""

from __future__ import annotations

import gzip
import json
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from bench.wire import local
from bench.wire.api import Api
from bench.wire.snapshot import take
from sqlalchemy import DateTime, Engine, MetaData, create_engine, inspect, make_url, text

from planyard.db.migrate import alembic_config, current_revision, head_revision

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "taiga_wire"
REVISION = "0007"  # the build that filled the fixture
POSTGRES = os.environ.get("PLANYARD_TEST_DATABASE_URL")


@pytest.fixture
def fixture_database(tmp_path: Path) -> Path:
    """A copy of the fixture's SQLite database, in a fresh data dir."""
    database = tmp_path / "planyard.sqlite3"
    database.write_bytes(gzip.decompress((FIXTURES / f"{REVISION}.sqlite3.gz").read_bytes()))
    return database


def recorded() -> list[dict[str, Any]]:
    return list(json.loads(gzip.decompress((FIXTURES / f"{REVISION}.snapshot.json.gz").read_bytes())))


def answers_of(data_dir: Path, database_url: str | None = None) -> list[dict[str, Any]]:
    """Migrates the database as `planyard serve` does, serves it with this build and records the catalog."""
    settings = local.settings(data_dir, database_url)
    local.prepare(settings)
    assert current_revision(settings.resolved_database_url) == head_revision()
    with local.client(settings) as client:
        try:
            return take(Api(client))
        finally:
            client.app.state.engine.dispose()  # type: ignore[attr-defined]


def assert_same(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> None:
    """Each answer equal to the recorded one; on a failure, the first differing answers side by side."""
    assert [(a["user"], a["request"]) for a in after] == [(b["user"], b["request"]) for b in before]
    differing = [(b, a) for b, a in zip(before, after, strict=True) if a != b]
    shown = "\n\n".join(f"{b['user']} {b['request']}\nbefore: {b['status']} {b['headers']} {b['body'][:2000]}\n"
                        f"after:  {a['status']} {a['headers']} {a['body'][:2000]}"
                        for b, a in differing[:3])  # fmt: skip
    assert not differing, f"{len(differing)} of {len(before)} answers differ:\n\n{shown}"


def test_the_fixture_is_at_its_revision(fixture_database: Path) -> None:
    assert current_revision(f"sqlite:///{fixture_database}") == REVISION


def test_a_filled_sqlite_database_migrates_and_answers_the_same_bytes(fixture_database: Path) -> None:
    assert_same(recorded(), answers_of(fixture_database.parent))


@pytest.mark.skipif(not POSTGRES, reason="PLANYARD_TEST_DATABASE_URL is not set")
def test_a_filled_postgresql_database_migrates_and_answers_the_same_bytes(
    fixture_database: Path, postgres_schema: str
) -> None:
    command.upgrade(alembic_config(postgres_schema), REVISION)
    source, target = create_engine(f"sqlite:///{fixture_database}"), create_engine(postgres_schema)
    try:
        copy_rows(source, target)
    finally:
        source.dispose()
        target.dispose()
    assert_same(recorded(), answers_of(fixture_database.parent / "pg", postgres_schema))


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """The URL of a new, empty schema in the test database (its own search_path), dropped afterwards."""
    assert POSTGRES
    schema = f"wire_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        url = make_url(POSTGRES).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def copy_rows(source: Engine, target: Engine) -> None:
    """Every row of every table (but Alembic's own) from `source` into the same tables of `target`, parents
    first; then each id sequence continues after the highest id SQLite ever gave (ids are never reused)."""
    tables, theirs = MetaData(), MetaData()
    tables.reflect(target)
    theirs.reflect(source)
    with source.connect() as read, target.begin() as write:
        given = dict(read.execute(text("SELECT name, seq FROM sqlite_sequence")).all())
        for table in tables.sorted_tables:
            if table.name == "alembic_version":
                continue
            aware = [c.name for c in table.columns if isinstance(c.type, DateTime) and c.type.timezone]
            rows = [_utc(dict(row._mapping), aware) for row in read.execute(theirs.tables[table.name].select())]
            if rows:
                write.execute(table.insert(), rows)
            if inspect(write).get_pk_constraint(table.name)["constrained_columns"] == ["id"] and table.name in given:
                write.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), :n)"),
                              {"n": given[table.name]})  # fmt: skip


def _utc(row: dict[str, Any], aware: list[str]) -> dict[str, Any]:
    """SQLite keeps datetimes naive, in UTC: say so, whatever the PostgreSQL session's time zone."""
    for name in aware:
        if isinstance(row[name], datetime):
            row[name] = row[name].replace(tzinfo=UTC)
    return row
