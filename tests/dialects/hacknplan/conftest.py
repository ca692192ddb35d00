"""HacknPlan requests carry a personal API key: `hnp_auth(user)` makes one and returns its header. Webhook
tests get `local` (a client of an app that delivers to loopback), `hook_receiver` and `deliver(app)`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from planyard.core.auth import create_api_token
from planyard.core.webhooks.engine import DeliveryEngine
from planyard.models import User
from tests.factories import World
from tests.webhook_receiver import Receiver, receiver

API = "/hacknplan/v0"


@pytest.fixture
def hnp_auth(world: World) -> Callable[[User], dict[str, str]]:
    def header(user: User) -> dict[str, str]:
        token: Any = world.run(lambda ctx: create_api_token(ctx.session, user, "hacknplan"))
        return {"Authorization": f"ApiKey {token}"}

    return header


@pytest.fixture
def local(app_with: Any) -> Iterator[tuple[TestClient, Any]]:
    """A client of an app that may deliver to loopback addresses, retrying at once."""
    app = app_with(webhooks_allow_private=True, webhook_backoff_seconds=0, webhook_max_attempts=3)
    with TestClient(app, raise_server_exceptions=True) as client:
        yield client, app


@pytest.fixture
def hook_receiver() -> Iterator[Receiver]:
    with receiver() as rec:
        yield rec


def deliver(app: Any) -> int:
    return DeliveryEngine(app.state.session_factory, app.state.env).run_until_idle()
