"""What the OpenAPI fuzz tests of the four dialects share. Each module builds its world once (a
`fuzzed_world` fixture: the module's transaction and the headers of its user), reads its API's document
with `load_schema`, and fuzzes every operation with `fuzzed`: the negative coverage cases and
`examples` derandomized random cases per operation, each in a savepoint rolled back after it (the `db`
fixture below), none answering with a 5xx."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
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

BUDGET = SchemathesisConfig.from_dict({"phases": {"coverage": {"generation": {"mode": "negative"}}}})


def load_schema(openapi_path: str) -> Any:
    """The document, read once at collection from a throwaway app; the calls go to the test app.
    (schemathesis.pytest.from_fixture would be the natural loader, but it does not run on pytest 9.2.)"""
    with tempfile.TemporaryDirectory() as tmp:
        throwaway = Settings(data_dir=Path(tmp), secret_key="schema-only-" + "x" * 32, kaiten_rate_limit_enabled=False)
        return schemathesis.openapi.from_asgi(openapi_path, create_app(throwaway), config=BUDGET)


def fuzzed(schema: Any, examples: int) -> Callable[[Callable[..., Any]], Any]:
    """The test, once per operation of `schema` and case."""

    def wrap(test: Callable[..., Any]) -> Any:
        budget = settings(max_examples=examples, derandomize=True, deadline=timedelta(seconds=5),
                          suppress_health_check=list(HealthCheck))  # fmt: skip
        return schema.parametrize()(budget(test))

    return wrap


def no_server_error(case: Any, app: Any, headers: dict[str, str]) -> None:
    case.call_and_validate(app=app, headers=headers, checks=[schemathesis.checks.not_a_server_error])


@pytest.fixture
def db(fuzzed_world: tuple[Connection, dict[str, str]]) -> Iterator[Connection]:
    """Each case runs in a savepoint of the module's transaction, rolled back after it."""
    conn, _ = fuzzed_world
    savepoint = conn.begin_nested()
    yield conn
    savepoint.rollback()
