"""Run the Alembic migrations shipped inside the package.

Alembic is imported only when the database is behind: a restart on an up-to-date database reads
one row (`alembic_version`) instead of loading Alembic and every migration script, which keeps the
cold start and the server's memory small."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, inspect, pool, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def head_revision() -> str:
    """The newest revision id: migration files are named `<revision>_<what>.py`, ids in ascending order."""
    return max(path.name.split("_", 1)[0] for path in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def current_revision(database_url: str) -> str | None:
    engine = create_engine(database_url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def alembic_config(database_url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str) -> None:
    if current_revision(database_url) == head_revision():
        return
    from alembic import command

    command.upgrade(alembic_config(database_url), "head")
