"""Schemathesis over the Taiga sub-app's own OpenAPI document (served at /api/v1/openapi.json):
whatever input the schema allows, and the invalid variants schemathesis derives from it, no
operation answers with a 5xx. Requests go in-process through the real app, as a real user.

Budget: every operation gets schemathesis' negative coverage cases (each parameter's and field's
invalid variants: wrong types, out of bounds, missing, unexpected methods and content types; all of
them, deterministic) and `FUZZED_EXAMPLES` random cases, valid and invalid, derandomized so that a
run repeats. The fuzzed user and projects are made once for the module; each operation's test rolls
back to them."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from sqlalchemy import Connection

from planyard.config import Settings
from planyard.main import create_app
from tests.conftest import joined
from tests.factories import World

TAIGA_OPENAPI = "/api/v1/openapi.json"
FUZZED_EXAMPLES = 5  # random cases per operation, besides the coverage cases
BUDGET = SchemathesisConfig.from_dict({"phases": {"coverage": {"generation": {"mode": "negative"}}}})


def load_taiga_schema() -> Any:
    # The document is read once at collection from a throwaway app; the calls go to the test app.
    # (schemathesis.pytest.from_fixture would be the natural loader, but it does not run on pytest 9.2.)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(data_dir=Path(tmp), secret_key="schema-only-" + "x" * 32))
        return schemathesis.openapi.from_asgi(TAIGA_OPENAPI, app, config=BUDGET)


schema = load_taiga_schema()


@pytest.fixture(scope="module")
def fuzzed_world(app: Any) -> Iterator[tuple[Connection, dict[str, str]]]:
    """One transaction for the module holding a real user who owns a public and a private project;
    ids start at 1 so that ids 1 and 2 resolve to something."""
    with joined(app, restart_ids=True) as conn:
        world = World(app)
        owner = world.user("fuzzer")
        world.project(owner, name="Fuzzed project")
        world.project(owner, private=True, name="Fuzzed private project")
        yield conn, world.auth(owner)


@pytest.fixture
def db(fuzzed_world: tuple[Connection, dict[str, str]]) -> Iterator[Connection]:
    """Each operation's test runs in a savepoint of the module's transaction, rolled back after it."""
    conn, _ = fuzzed_world
    savepoint = conn.begin_nested()
    yield conn
    savepoint.rollback()


@pytest.fixture
def owner_headers(fuzzed_world: tuple[Connection, dict[str, str]]) -> dict[str, str]:
    return fuzzed_world[1]


@schema.parametrize()
@settings(
    max_examples=FUZZED_EXAMPLES,
    derandomize=True,
    deadline=timedelta(seconds=5),
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_with_a_server_error(case: Any, app: Any, owner_headers: dict[str, str]) -> None:
    case.call_and_validate(app=app, headers=owner_headers, checks=[schemathesis.checks.not_a_server_error])
