"""HacknPlan requests carry a personal API key: `hnp_auth(user)` makes one and returns its header. Webhook
tests get `local` (a client of an app that delivers to loopback), `hook_receiver` and `deliver(app)`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from planyard.core.auth import create_api_token
from planyard.core.webhooks.engine import DeliveryEngine
from planyard.models import User
from tests.factories import World

API = "/hacknplan/v0"


@pytest.fixture
def hnp_auth(world: World) -> Callable[[User], dict[str, str]]:
    def header(user: User) -> dict[str, str]:
        token: Any = world.run(lambda ctx: create_api_token(ctx.session, user, "hacknplan"))
        return {"Authorization": f"ApiKey {token}"}

    return header


def deliver(app: Any) -> int:
    return DeliveryEngine(app.state.session_factory, app.state.env).run_until_idle()
