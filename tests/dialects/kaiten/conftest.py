"""Kaiten requests carry a personal API token: `kaiten_auth(user)` makes one and returns its header."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from planyard.core.auth import create_api_token
from planyard.models import User
from tests.factories import World

API = "/kaiten/api/v1"


@pytest.fixture
def kaiten_auth(world: World) -> Callable[[User], dict[str, str]]:
    def header(user: User) -> dict[str, str]:
        token: Any = world.run(lambda ctx: create_api_token(ctx.session, user, "kaiten"))
        return {"Authorization": f"Bearer {token}"}

    return header
