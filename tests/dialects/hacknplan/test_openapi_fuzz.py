"""Schemathesis over the HacknPlan sub-app's own OpenAPI document (served at /hacknplan/v0/openapi.json):
whatever input the schema allows, and the invalid variants schemathesis derives from it, no operation
answers with a 5xx. Requests go in-process through the real app, as the owner of the fuzzed project (its
id 1 resolves, as do a board, a milestone, a design element type and an element with id 1)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from sqlalchemy import Connection

from planyard.config import Settings
from planyard.core.auth import create_api_token
from planyard.core.design_elements import NewElement, create_element, create_type
from planyard.core.releases import create_release
from planyard.core.sprints import create_sprint
from planyard.main import create_app
from tests.conftest import joined
from tests.factories import World

HACKNPLAN_OPENAPI = "/hacknplan/v0/openapi.json"
FUZZED_EXAMPLES = 3  # random cases per operation, besides the coverage cases
BUDGET = SchemathesisConfig.from_dict({"phases": {"coverage": {"generation": {"mode": "negative"}}}})


def load_schema() -> Any:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(data_dir=Path(tmp), secret_key="schema-only-" + "x" * 32))
        return schemathesis.openapi.from_asgi(HACKNPLAN_OPENAPI, app, config=BUDGET)


schema = load_schema()


@pytest.fixture(scope="module")
def fuzzed_world(app: Any) -> Iterator[tuple[Connection, dict[str, str]]]:
    with joined(app, restart_ids=True) as conn:
        world = World(app)
        owner = world.user("fuzzer")
        project = world.project(owner, name="Fuzzed project")

        def furnish(ctx: Any) -> str:
            day = date(2026, 1, 1)
            create_sprint(ctx, project.id, {"name": "Board", "estimated_start": day, "estimated_finish": day}, None)
            create_release(ctx, project.id, {"name": "Milestone"})
            kind = create_type(ctx, project.id, "Type")
            create_element(ctx, project.id, NewElement(kind.id, "Element"))
            return create_api_token(ctx.session, owner, "fuzz")

        key = world.run(furnish, actor=owner)
        yield conn, {"Authorization": f"ApiKey {key}"}


@pytest.fixture
def db(fuzzed_world: tuple[Connection, dict[str, str]]) -> Iterator[Connection]:
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
