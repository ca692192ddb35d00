"""The HacknPlan dialect's route class: the shared unit of work with HacknPlan's authentication, a personal
API token as `Authorization: ApiKey <key>` (HacknPlan's documented scheme); every route needs one."""

from __future__ import annotations

from fastapi import Request

from planyard.core.auth import API_TOKEN_PREFIX, actor_of_token
from planyard.core.context import Environment
from planyard.kit.errors import NotAuthenticated
from planyard.kit.uow import UnitOfWork
from planyard.models import User
from planyard.web.routes import unit_of_work_route


def _actor(request: Request, uow: UnitOfWork, env: Environment) -> User:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    key = key.strip()
    if scheme.lower() != "apikey" or not key.startswith(API_TOKEN_PREFIX):
        raise NotAuthenticated(code="invalid_token")
    return actor_of_token(uow, env.settings, key)


UnitOfWorkRoute = unit_of_work_route(_actor)
