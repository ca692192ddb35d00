"""Test harness: a real database (a SQLite file, or PostgreSQL via PLANYARD_TEST_DATABASE_URL),
migrated once per run and emptied between tests; HTTP goes through the real app."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from starlette.testclient import TestClient

from planyard.config import Settings
from planyard.core.context import Context
from planyard.core.projects import service as projects
from planyard.core.projects.templates import ensure_default_templates
from planyard.core.users import create_user
from planyard.db.base import Base
from planyard.db.migrate import upgrade
from planyard.kit.security import use_password_cost
from planyard.kit.uow import UnitOfWork, run_in_unit_of_work
from planyard.main import create_app
from planyard.models import Project, User

PASSWORD = "secret-pass-1"
# Real argon2, at a cost that keeps hundreds of user factories fast (production keeps the defaults).
use_password_cost(time_cost=1, memory_kib=1024)
_seq = itertools.count(1)


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data_dir = tmp_path_factory.mktemp("planyard")
    url = os.environ.get("PLANYARD_TEST_DATABASE_URL") or f"sqlite:///{data_dir / 'test.sqlite3'}"
    s = Settings(
        data_dir=data_dir,
        database_url=url,
        secret_key="test-secret-key-that-is-long-enough-xx",
        max_body_bytes=64 * 1024,
        max_upload_bytes=256 * 1024,
    )
    upgrade(url)
    return s


@pytest.fixture(scope="session")
def app(settings: Settings) -> Any:
    return create_app(settings)


@pytest.fixture(autouse=True)
def clean_db(app: Any) -> Iterator[None]:
    yield
    engine = app.state.engine
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as conn:
        for name in tables:
            conn.execute(text(f"DELETE FROM {name}"))
        if engine.dialect.name == "postgresql":  # ids restart like a fresh database (TRUNCATE is far slower)
            conn.execute(text("SELECT setval(c.oid, 1, false) FROM pg_class c WHERE c.relkind = 'S'"))
        else:
            conn.execute(text("DELETE FROM sqlite_sequence"))
    mail_log: Path = app.state.env.settings.mail_log
    mail_log.unlink(missing_ok=True)


@pytest.fixture
def client(app: Any) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def world(app: Any) -> World:
    return World(app)


class World:
    """Factories that write through the core, in their own transaction, like a real request."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.env = app.state.env
        self.factory = app.state.session_factory
        self.run(lambda ctx: ensure_default_templates(ctx.session))

    def run(self, work: Any, actor: User | None = None) -> Any:
        return run_in_unit_of_work(self.factory, lambda uow: work(Context(uow=uow, env=self.env, actor=actor)))

    def user(self, username: str | None = None, *, superuser: bool = False, password: str = PASSWORD) -> User:
        name = username or f"user{next(_seq)}"
        return self.run(
            lambda ctx: create_user(
                ctx.session,
                username=name,
                email=f"{name}@example.com",
                password=password,
                full_name=name.title(),
                is_superuser=superuser,
            )
        )

    def project(self, owner: User, *, private: bool = False, name: str | None = None, **fields: Any) -> Project:
        values = {
            "name": name or f"Project {next(_seq)}",
            "description": "A test project",
            "is_private": private,
        }
        return self.run(lambda ctx: projects.create_project(ctx, values | fields), actor=owner)

    def member(self, project: Project, user: User, *, role_slug: str = "back", admin: bool = False) -> None:
        from sqlalchemy import select

        from planyard.models import Membership, Role

        def work(ctx: Context) -> None:
            role = ctx.session.scalar(select(Role).where(Role.project_id == project.id, Role.slug == role_slug))
            ctx.session.add(
                Membership(project_id=project.id, user_id=user.id, role_id=role.id, email=user.email, is_admin=admin)
            )

        self.run(work)

    def token(self, user: User) -> str:
        from planyard.core.auth import issue_tokens

        return issue_tokens(self.env.settings, user).access

    def auth(self, user: User) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user)}"}

    def session(self) -> UnitOfWork:
        return UnitOfWork(self.factory())


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
def team(world: World) -> tuple[Any, ...]:
    """A private project with its owner, a member and an outsider: (world, project, owner, member, outsider)."""
    owner, member, outsider = world.user(), world.user(), world.user()
    project = world.project(owner, private=True)
    world.member(project, member)
    return world, project, owner, member, outsider


@pytest.fixture
def admin_team(world: World) -> tuple[Any, ...]:
    """`team` with a project admin too: (world, project, owner, admin, member, outsider)."""
    owner, admin, member, outsider = world.user(), world.user(), world.user(), world.user()
    project = world.project(owner, private=True)
    world.member(project, admin, admin=True)
    world.member(project, member)
    return world, project, owner, admin, member, outsider
