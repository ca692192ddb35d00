"""Schemathesis over the Kaiten sub-app's own OpenAPI document (served at /kaiten/api/v1/openapi.json):
whatever input the schema allows, and the invalid variants schemathesis derives from it, no operation
answers with a 5xx. Requests go in-process through the real app, as a real user (a superuser, so that
the company's admin routes run their writes too), budgeted like the Taiga fuzzing
(tests/dialects/taiga/test_openapi_fuzz.py): the negative coverage cases and `FUZZED_EXAMPLES`
derandomized random cases per operation, each rolled back to the module's world."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection

from planyard.core.auth import create_api_token
from tests.conftest import joined
from tests.factories import World
from tests.fuzzing import db, fuzzed, load_schema, no_server_error  # noqa: F401 (db: a fixture)

KAITEN_OPENAPI = "/kaiten/api/v1/openapi.json"
FUZZED_EXAMPLES = 5  # random cases per operation, besides the coverage cases


schema = load_schema(KAITEN_OPENAPI)


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


@fuzzed(schema, FUZZED_EXAMPLES)
def test_no_operation_answers_with_a_server_error(case: Any, app: Any, fuzzed_world: Any) -> None:
    no_server_error(case, app, fuzzed_world[1])
