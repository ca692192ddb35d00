"""Schemathesis over the Kaiten sub-app's OpenAPI document, for the board and card operations (boards,
columns, lanes, card types, cards and what hangs on them, tags, checklists, blockers, time logs,
sprints): whatever input the schema allows, and the invalid variants schemathesis derives from it, no
operation answers with a 5xx. Requests go in-process through the real app as a real user with a space,
a board with columns, a lane and a card (ids start at 1, so 1 and 2 resolve to something)."""

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
from planyard.core import boards
from planyard.core.auth import create_api_token
from planyard.core.work_items import board_items
from planyard.core.work_items.board_items import Placement
from planyard.core.work_items.service import ItemChanges
from planyard.main import create_app
from tests.conftest import joined
from tests.factories import World

KAITEN_OPENAPI = "/kaiten/api/v1/openapi.json"
MINE = (r"^/(boards|columns|cards|card-types|tags|checklists|blockers|categories|time-logs|sprints)(/|$)"
        r"|^/spaces/\{space_id\}/boards|^/users/current/blockers")  # fmt: skip
FUZZED_EXAMPLES = 3
BUDGET = SchemathesisConfig.from_dict({"phases": {"coverage": {"generation": {"mode": "negative"}}}})


def load_kaiten_schema() -> Any:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(data_dir=Path(tmp), secret_key="schema-only-" + "x" * 32))
        return schemathesis.openapi.from_asgi(KAITEN_OPENAPI, app, config=BUDGET).include(path_regex=MINE)


schema = load_kaiten_schema()


@pytest.fixture(scope="module")
def fuzzed_world(app: Any) -> Iterator[tuple[Connection, dict[str, str]]]:
    with joined(app, restart_ids=True) as conn:
        world = World(app)
        owner = world.user("fuzzer")
        project = world.project(owner, private=True, name="Fuzzed space")

        def board_and_card(ctx: Any) -> None:
            board = boards.create_board(ctx, project.id, "Fuzzed board", {})
            for name in ("Queue", "Done"):
                boards.add_column(ctx, board.id, {"name": name, "is_closed": name == "Done"})
            boards.add_lane(ctx, board.id, "Lane")
            board_items.create_on_board(ctx, Placement(board_id=board.id), ItemChanges(fields={"subject": "Card"}))

        world.run(board_and_card, actor=owner)
        token = world.run(lambda ctx: create_api_token(ctx.session, owner, "fuzz"))
        yield conn, {"Authorization": f"Bearer {token}"}


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
@settings(max_examples=FUZZED_EXAMPLES, derandomize=True, deadline=timedelta(seconds=5),
          suppress_health_check=list(HealthCheck))  # fmt: skip
def test_no_board_or_card_operation_answers_with_a_server_error(case: Any, app: Any, owner_headers: Any) -> None:
    case.call_and_validate(app=app, headers=owner_headers, checks=[schemathesis.checks.not_a_server_error])
