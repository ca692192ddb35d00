"""Schemathesis over the Taiga sub-app's own OpenAPI document (served at /api/v1/openapi.json):
whatever input the schema allows, and the invalid variants schemathesis derives from it, no
operation answers with a 5xx. Requests go in-process through the real app, as a real user.

Budget: every operation gets schemathesis' negative coverage cases (each parameter's and field's
invalid variants: wrong types, out of bounds, missing, unexpected methods and content types; all of
them, deterministic) and `FUZZED_EXAMPLES` random cases, valid and invalid, derandomized so that a
run repeats. The fuzzed user and projects are made once for the module; each operation's test rolls
back to them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection

from tests.conftest import joined
from tests.factories import World
from tests.fuzzing import db, fuzzed, load_schema, no_server_error  # noqa: F401 (db: a fixture)

TAIGA_OPENAPI = "/api/v1/openapi.json"
FUZZED_EXAMPLES = 5  # random cases per operation, besides the coverage cases


schema = load_schema(TAIGA_OPENAPI)


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


@fuzzed(schema, FUZZED_EXAMPLES)
def test_no_operation_answers_with_a_server_error(case: Any, app: Any, fuzzed_world: Any) -> None:
    no_server_error(case, app, fuzzed_world[1])
