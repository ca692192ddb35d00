"""The app of the build on the path, in this process, on a data dir or a database URL: what the wire
check fills and records without a server. Fixed settings, so that the answers (file URLs, page links)
depend on the database alone."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from planyard.config import Settings
from planyard.core import demo
from planyard.core.context import Context
from planyard.db.engine import make_engine, make_session_factory
from planyard.db.migrate import upgrade
from planyard.kit.uow import run_in_unit_of_work
from planyard.main import build_environment, create_app

PUBLIC_URL = "http://wire.test"  # where attachment URLs point
SECRET = "wire-check-secret-key-long-enough-for-hs256"


def settings(data_dir: Path, database_url: str | None = None) -> Settings:
    return Settings(data_dir=data_dir, database_url=database_url, secret_key=SECRET, public_url=PUBLIC_URL)


def prepare(s: Settings) -> None:
    """What `planyard serve` does before serving: migrate, default templates, the demo account on a new database."""
    s.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(s.resolved_database_url)
    engine = make_engine(s.resolved_database_url)
    env = build_environment(s)
    run_in_unit_of_work(make_session_factory(engine), lambda uow: demo.bootstrap(Context(uow=uow, env=env)))
    engine.dispose()


def client(s: Settings) -> TestClient:
    return TestClient(create_app(s), raise_server_exceptions=True)
