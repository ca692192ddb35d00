"""The Taiga dialect's route class: the shared unit of work with Taiga's authentication (a `Bearer` login
or personal token, or an `Application` token)."""

from __future__ import annotations

from fastapi import Request

from planyard.core.auth import actor_of_token
from planyard.core.context import Environment
from planyard.kit.errors import NotAuthenticated
from planyard.kit.uow import UnitOfWork
from planyard.models import User
from planyard.web.routes import unit_of_work_route


def _actor(request: Request, uow: UnitOfWork, env: Environment) -> User | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() not in ("bearer", "application") or not token.strip():
        raise NotAuthenticated("Invalid token header. No credentials provided.")
    return actor_of_token(uow, env.settings, token.strip())


UnitOfWorkRoute = unit_of_work_route(_actor)
