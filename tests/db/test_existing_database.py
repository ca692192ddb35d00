"""An existing database migrates and its Taiga wire does not change: tests/data/taiga_wire holds a
database filled through the Taiga API by the build of its revision (`bench/wire_snapshot.py fixture`),
and the record of what a catalog of GETs answers on it (bench/wire/snapshot.py: status, headers,
body bytes; tokens and counts over windows ending now masked). The record was taken anew, on the same
database, when issue 21 changed Taiga answers on purpose to match taiga-back (milliseconds in dates,
`project_id` in embedded rows, custom attribute history...), and again when every member got a notify
policy on joining, which makes them the project's watchers as in taiga-back; the database is never refilled.
The database is upgraded to head and served by this build; every answer must be the same, byte for byte.

On PostgreSQL (PLANYARD_TEST_DATABASE_URL), a fresh database (on the same server) is built by the migrations up to the
fixture's revision, the fixture's rows are copied into it, then it is upgraded and compared the same way."""

from __future__ import annotations

import gzip
import json
import os
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from bench.wire import local
from bench.wire.api import Api
from bench.wire.snapshot import replay
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
    """Migrates the database as `planyard serve` does, serves it with this build and asks the recorded requests."""
    settings = local.settings(data_dir, database_url)
    local.prepare(settings)
    assert current_revision(settings.resolved_database_url) == head_revision()
    with local.client(settings) as client:
        try:
            return replay(Api(client), recorded())
        finally:
            client.app.state.engine.dispose()  # type: ignore[attr-defined]


def assert_same(before: list[dict[str, Any]], after: list[dict[str, Any]], postgres: bool = False) -> None:
    """Each answer equal to the recorded one (on PostgreSQL, but for what differs by design, below); on a
    failure, the first differing answers side by side."""
    recorded, now = keyed(before), keyed(after)
    assert list(now) == list(recorded)
    differing = [key for key, answer in recorded.items() if not same(answer, now[key], postgres)]
    shown = "\n\n".join(f"{user} {request}\nbefore: {recorded[user, request, n]}\nafter:  {now[user, request, n]}"
                        for user, request, n in differing[:3])  # fmt: skip
    assert not differing, f"{len(differing)} of {len(before)} answers differ:\n\n{shown}"


def keyed(answers: list[dict[str, Any]]) -> dict[tuple[str, str, int], dict[str, Any]]:
    """The answers by (user, request, how many times the user asked it before), in the order asked."""
    seen: Counter[tuple[str, str]] = Counter()
    result = {}
    for answer in answers:
        key = (answer["user"], answer["request"])
        result[(*key, seen[key])] = answer
        seen[key] += 1
    return result


# What differs by database, by design, between the SQLite-made record and the same rows on PostgreSQL:
# - jsonb gives an object's keys in its own order (shorter keys first), not in the order they were
#   written: the answers that show stored JSON objects (history and timeline diffs, templates, modules);
JSONB_KEY_ORDER = ("GET /history/", "GET /timeline/", "GET /project-templates", "GET /projects/*/modules")
# - NULLs sort first on SQLite and last on PostgreSQL (ascending; the reverse descending): the lists
#   ordered on a column that is null for some of their rows (pending invitations have no member name).
NULLS_ORDER = ("GET /memberships?project=*", "GET /issues?*order_by=assigned_to", "GET /issues?*order_by=-due_date",
               "GET /tasks?*order_by=-finish_date")  # fmt: skip


def same(before: dict[str, Any], after: dict[str, Any], postgres: bool) -> bool:
    if before == after:
        return True
    request = before["request"]
    if not postgres or (before["status"], before["headers"]) != (after["status"], after["headers"]):
        return False
    if any(fnmatch(request, pattern + "*") for pattern in JSONB_KEY_ORDER):
        return bool(json.loads(before["body"]) == json.loads(after["body"]))  # dicts: key order aside
    if any(fnmatch(request, pattern + "*") for pattern in NULLS_ORDER):
        rows = [sorted(json.dumps(row, sort_keys=True) for row in json.loads(a["body"])) for a in (before, after)]
        return rows[0] == rows[1]
    return False


def test_the_fixture_is_at_its_revision(fixture_database: Path) -> None:
    assert current_revision(f"sqlite:///{fixture_database}") == REVISION


def test_a_filled_sqlite_database_migrates_and_answers_the_same_bytes(fixture_database: Path) -> None:
    assert_same(recorded(), answers_of(fixture_database.parent))


@pytest.mark.skipif(not POSTGRES, reason="PLANYARD_TEST_DATABASE_URL is not set")
def test_a_filled_postgresql_database_migrates_and_answers_the_same_bytes(
    fixture_database: Path, postgres_database: str
) -> None:
    command.upgrade(alembic_config(postgres_database), REVISION)
    source, target = create_engine(f"sqlite:///{fixture_database}"), create_engine(postgres_database)
    try:
        copy_rows(source, target)
    finally:
        source.dispose()
        target.dispose()
    assert_same(recorded(), answers_of(fixture_database.parent / "pg", postgres_database), postgres=True)


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """The URL of a new, empty database on the test database's server, dropped afterwards."""
    assert POSTGRES
    name = f"planyard_wire_{uuid.uuid4().hex[:12]}"
    server = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name}"))
        server.dispose()


def copy_rows(source: Engine, target: Engine) -> None:
    """Every row of every table (but Alembic's own) from `source` into the same tables of `target`, parents
    first; then each id sequence continues after the highest id SQLite ever gave (ids are never reused)."""
    tables, theirs = MetaData(), MetaData()
    tables.reflect(target)
    theirs.reflect(source)
    with source.connect() as read, target.begin() as write:
        given: dict[str, int] = {name: seq for name, seq in read.execute(text("SELECT name, seq FROM sqlite_sequence"))}
        for table in tables.sorted_tables:
            if table.name == "alembic_version":
                continue
            aware = [c.name for c in table.columns if isinstance(c.type, DateTime) and c.type.timezone]
            rows = [_utc(dict(row._mapping), aware) for row in read.execute(theirs.tables[table.name].select())]
            if rows:
                write.execute(table.insert(), rows)
            if inspect(write).get_pk_constraint(table.name)["constrained_columns"] == ["id"] and given.get(table.name):
                write.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), :n)"),
                              {"n": given[table.name]})  # fmt: skip


def _utc(row: dict[str, Any], aware: list[str]) -> dict[str, Any]:
    """SQLite keeps datetimes naive, in UTC: say so, whatever the PostgreSQL session's time zone."""
    for name in aware:
        if isinstance(row[name], datetime):
            row[name] = row[name].replace(tzinfo=UTC)
    return row
