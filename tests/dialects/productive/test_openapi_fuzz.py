"""Schemathesis over the Productive sub-app's own OpenAPI document (served at
/productive/api/v2/openapi.json, request bodies in `application/vnd.api+json`): whatever input the
schema allows, and the invalid variants schemathesis derives from it, no operation answers with a 5xx.
Requests go in-process through the real app, as a real user of the organization.

Budget: as the Taiga fuzz test: every operation gets schemathesis' negative coverage cases and
`FUZZED_EXAMPLES` random cases, derandomized so that a run repeats. The fuzzed user, its projects (one
on the organization's default workflow, with a task list) and a company are made once for the module;
each operation's test rolls back to them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection

from planyard.core import lanes, workflow_changes
from planyard.core.auth import create_api_token
from planyard.core.workspaces import default_workflow
from tests.conftest import joined
from tests.factories import World
from tests.fuzzing import db, fuzzed, load_schema, no_server_error  # noqa: F401 (db: a fixture)

PRODUCTIVE_OPENAPI = "/productive/api/v2/openapi.json"
FUZZED_EXAMPLES = 5  # random cases per operation, besides the coverage cases


schema = load_schema(PRODUCTIVE_OPENAPI)


@pytest.fixture(scope="module")
def fuzzed_world(app: Any) -> Iterator[tuple[Connection, dict[str, str]]]:
    with joined(app, restart_ids=True) as conn:
        world = World(app)
        owner = world.user("fuzzer")
        project = world.project(owner, name="Fuzzed project")
        world.project(owner, private=True, name="Fuzzed private project")

        def prepare(ctx: Any) -> None:
            workflow = default_workflow(ctx.session, project.workspace_id)
            assert workflow is not None
            workflow_changes.switch_workflow(ctx, project.id, workflow.id, None, mapped=False)
            lanes.create_lane(ctx, project.id, "Fuzzed list")

        world.run(prepare, actor=owner)
        token = world.run(lambda ctx: create_api_token(ctx.session, owner, "fuzz"))
        yield conn, {"X-Auth-Token": token, "X-Organization-Id": str(project.workspace_id)}


@fuzzed(schema, FUZZED_EXAMPLES)
def test_no_operation_answers_with_a_server_error(case: Any, app: Any, fuzzed_world: Any) -> None:
    no_server_error(case, app, fuzzed_world[1])
