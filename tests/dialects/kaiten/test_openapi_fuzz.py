"""Schemathesis over the Kaiten sub-app's own OpenAPI document (served at /kaiten/api/v1/openapi.json):
whatever input the schema allows, and the invalid variants schemathesis derives from it, no operation
answers with a 5xx. Requests go in-process through the real app, as a real user (a superuser, so that
the company's admin routes run their writes too), budgeted like the Taiga fuzzing
(tests/dialects/taiga/test_openapi_fuzz.py): the negative coverage cases and `FUZZED_EXAMPLES`
derandomized random cases per operation, each rolled back to the module's world."""

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
from planyard.core.auth import create_api_token
from planyard.main import create_app
from tests.conftest import joined
from tests.factories import World

KAITEN_OPENAPI = "/kaiten/api/v1/openapi.json"
FUZZED_EXAMPLES = 5  # random cases per operation, besides the coverage cases
BUDGET = SchemathesisConfig.from_dict({"phases": {"coverage": {"generation": {"mode": "negative"}}}})


def load_kaiten_schema() -> Any:
    # Read once at collection from a throwaway app; the calls go to the test app (see the Taiga fuzzing).
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            Settings(data_dir=Path(tmp), secret_key="schema-only-" + "x" * 32, kaiten_rate_limit_enabled=False)
        )
        return schemathesis.openapi.from_asgi(KAITEN_OPENAPI, app, config=BUDGET)


schema = load_kaiten_schema()


@pytest.fixture(scope="module")
def fuzzed_world(app: Any) -> Iterator[tuple[Connection, dict[str, str]]]:
    """One transaction for the module: a superuser who owns a public and a private space with a card each;
    ids start at 1 so that ids 1 and 2 resolve to something."""
    with joined(app, restart_ids=True) as conn:
        world = World(app)
        owner = world.user("fuzzer", superuser=True)
        for private in (False, True):
            project = world.project(owner, private=private, name=f"Fuzzed {'private' if private else 'public'}")
            world.item(owner, "story", project, subject="Fuzzed card")
        token = world.run(lambda ctx: create_api_token(ctx.session, owner, "fuzz"))
        yield conn, {"Authorization": f"Bearer {token}"}


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
