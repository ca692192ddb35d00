"""Schemathesis over the HacknPlan sub-app's own OpenAPI document (served at /hacknplan/v0/openapi.json):
whatever input the schema allows, and the invalid variants schemathesis derives from it, no operation
answers with a 5xx. Requests go in-process through the real app, as the owner of the fuzzed project (its
id 1 resolves, as do a board, a milestone, a design element type and an element with id 1)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Connection

from planyard.core.auth import create_api_token
from planyard.core.design_elements import NewElement, create_element, create_type
from planyard.core.releases import create_release
from planyard.core.sprints import create_sprint
from tests.conftest import joined
from tests.factories import World
from tests.fuzzing import db, fuzzed, load_schema, no_server_error  # noqa: F401 (db: a fixture)

HACKNPLAN_OPENAPI = "/hacknplan/v0/openapi.json"
FUZZED_EXAMPLES = 3  # random cases per operation, besides the coverage cases


schema = load_schema(HACKNPLAN_OPENAPI)


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


@fuzzed(schema, FUZZED_EXAMPLES)
def test_no_operation_answers_with_a_server_error(case: Any, app: Any, fuzzed_world: Any) -> None:
    no_server_error(case, app, fuzzed_world[1])
