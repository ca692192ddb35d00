"""Test harness: a real database (a SQLite file, or PostgreSQL via PLANYARD_TEST_DATABASE_URL), migrated
once per run. Each test runs inside one transaction that is rolled back at its end: the app's sessions
join it, every unit of work in its own SAVEPOINT (its commit releases the savepoint), so the app's code
paths are the real ones. Tests marked `real_db` (threads, a served process, a lock held by another
connection) write for real, and every table is emptied after them. HTTP goes through the real app."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from starlette.testclient import TestClient

from planyard.config import Settings
from planyard.db.base import Base
from planyard.db.migrate import upgrade
from planyard.kit.security import use_password_cost
from planyard.main import create_app
from tests.factories import Team, World
from tests.webhook_receiver import Receiver, receiver

# Real argon2, at a cost that keeps hundreds of user factories fast (production keeps the defaults).
use_password_cost(time_cost=1, memory_kib=1024)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "real_db: the test needs real, separate connections (threads, a served process, a lock held by "
        "another connection): its writes are committed and every table is emptied after it",
    )
    config.addinivalue_line("markers", "team(name): the name of the `team` fixture's private project")


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data_dir = tmp_path_factory.mktemp("planyard")
    url = (
        _database_of_this_worker(os.environ.get("PLANYARD_TEST_DATABASE_URL"))
        or f"sqlite:///{data_dir / 'test.sqlite3'}"
    )
    s = Settings(
        data_dir=data_dir,
        database_url=url,
        secret_key="test-secret-key-that-is-long-enough-xx",
        max_body_bytes=64 * 1024,
        max_upload_bytes=256 * 1024,
        kaiten_rate_limit_enabled=False,  # on in the tests of the limit (tests/dialects/kaiten/test_rate_limit.py)
    )
    upgrade(url)
    return s


def _database_of_this_worker(url: str | None) -> str | None:
    """With pytest-xdist (`./dev test -n 2`) each worker gets a fresh PostgreSQL database of its own next to
    the given one (`<name>_gw0`, ...); SQLite files are per worker already (each has its own tmp dir)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    own = make_url(url).set(database=f"{make_url(url).database}_{worker}")
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{own.database}"'))
    server.dispose()
    return own.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def app(settings: Settings) -> Any:
    return create_app(settings)


@pytest.fixture(autouse=True)
def db(request: pytest.FixtureRequest, app: Any) -> Iterator[Connection | None]:
    """The connection whose transaction the test runs in (None for `real_db` tests)."""
    if request.node.get_closest_marker("real_db"):
        yield None
        _empty_every_table(app.state.engine)
    else:
        with joined(app) as conn:
            yield conn
    app.state.env.settings.mail_log.unlink(missing_ok=True)


@contextmanager
def joined(app: Any, *, restart_ids: bool = False) -> Iterator[Connection]:
    """One transaction, rolled back at the end, that the app's sessions join, each in a SAVEPOINT.
    `restart_ids`: ids start at 1 again, as in a fresh database (PostgreSQL sequences are not rolled back)."""
    factory = app.state.session_factory
    own_settings = factory.kw.copy()
    with app.state.engine.connect() as conn:
        conn.begin()  # on SQLite: BEGIN IMMEDIATE, the engine's begin for a connection that may write
        if restart_ids:
            _restart_ids(conn)
        _join(app, conn)
        try:
            yield conn
        finally:
            factory.kw = own_settings
            conn.rollback()


def _join(app: Any, conn: Connection) -> None:
    app.state.session_factory.configure(bind=conn, join_transaction_mode="create_savepoint")


def _restart_ids(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":  # past the rows a fresh database has (the migration's defaults)
        for table in Base.metadata.sorted_tables:
            if "id" in table.c:
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'),"
                                  f" coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"))  # fmt: skip
    else:
        conn.execute(text("DELETE FROM sqlite_sequence"))


def _empty_every_table(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
        _restart_ids(conn)  # like a fresh database (TRUNCATE is far slower on PostgreSQL)


@pytest.fixture
def app_with(settings: Settings, db: Connection | None) -> Iterator[Callable[..., Any]]:
    """Makes another app on the test database with some settings changed (`app_with(max_body_bytes=...)`);
    it joins the test's transaction like the main app."""
    made: list[Any] = []

    def make(**changes: Any) -> Any:
        other = create_app(settings.model_copy(update=changes))
        if db is not None:
            _join(other, db)
        made.append(other)
        return other

    yield make
    for other in made:
        other.state.engine.dispose()


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    """The app over HTTP; one event loop serves the test's requests (a client used outside `with`
    starts one per request)."""
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def world(app: Any) -> World:
    return World(app)


@pytest.fixture
def team(request: pytest.FixtureRequest, world: World) -> Team:
    """See `Team`; `@pytest.mark.team(name=...)` names its private project."""
    marker = request.node.get_closest_marker("team")
    return Team(world, **(marker.kwargs if marker else {}))


@pytest.fixture
def query_counter(app: Any) -> Iterator[list[str]]:
    """Statements the app runs while the test is in the block; count them to catch N+1."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(app.state.engine, "before_cursor_execute", record)
    yield statements
    event.remove(app.state.engine, "before_cursor_execute", record)


@pytest.fixture
def local(app_with: Callable[..., Any]) -> Iterator[tuple[TestClient, Any]]:
    """A client of an app that may deliver webhooks to loopback addresses, retrying at once (three tries)."""
    app = app_with(webhooks_allow_private=True, webhook_backoff_seconds=0, webhook_max_attempts=3)
    with TestClient(app, raise_server_exceptions=True) as client:
        yield client, app


@pytest.fixture
def hook_receiver() -> Iterator[Receiver]:
    """A real HTTP server recording every webhook request it gets."""
    with receiver() as rec:
        yield rec
