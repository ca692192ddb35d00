"""The Kaiten dialect's route class: the shared unit of work with Kaiten's authentication, a personal API
token as `Authorization: Bearer <token>` (Kaiten has no login token); every route needs one."""

from __future__ import annotations

from fastapi import Request

from planyard.core.auth import API_TOKEN_PREFIX, actor_of_token
from planyard.core.context import Environment
from planyard.kit.errors import NotAuthenticated
from planyard.kit.uow import UnitOfWork
from planyard.models import User
from planyard.web.routes import unit_of_work_route


def _actor(request: Request, uow: UnitOfWork, env: Environment) -> User:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token.startswith(API_TOKEN_PREFIX):
        raise NotAuthenticated("Invalid token")
    return actor_of_token(uow, env.settings, token)


UnitOfWorkRoute = unit_of_work_route(_actor)
