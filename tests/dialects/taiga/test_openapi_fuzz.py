"""Schemathesis over the Taiga sub-app's own OpenAPI document (served at /api/v1/openapi.json):
whatever input the schema allows, and the invalid variants schemathesis derives from it, no
operation answers with a 5xx. Requests go in-process through the real app, as a real user."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from planyard.config import Settings
from planyard.main import create_app

TAIGA_OPENAPI = "/api/v1/openapi.json"


def load_taiga_schema() -> Any:
    # The document is read once at collection from a throwaway app; the calls go to the test app.
    # (schemathesis.pytest.from_fixture would be the natural loader, but it does not run on pytest 9.2.)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(data_dir=Path(tmp), secret_key="schema-only-" + "x" * 32))
        return schemathesis.openapi.from_asgi(TAIGA_OPENAPI, app)


schema = load_taiga_schema()


@pytest.fixture
def owner_headers(world: Any) -> dict[str, str]:
    """A real user owning a public and a private project, so ids 1 and 2 resolve to something."""
    owner = world.user("fuzzer")
    world.project(owner, name="Fuzzed project")
    world.project(owner, private=True, name="Fuzzed private project")
    return world.auth(owner)


@schema.parametrize()
@settings(
    max_examples=10,
    derandomize=True,
    deadline=timedelta(seconds=5),
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_with_a_server_error(case: Any, app: Any, owner_headers: dict[str, str]) -> None:
    case.call_and_validate(app=app, headers=owner_headers, checks=[schemathesis.checks.not_a_server_error])
