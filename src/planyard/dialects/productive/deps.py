"""The Productive dialect's route class: the shared unit of work with Productive's authentication (a
personal token in `X-Auth-Token`, the organization, that is the workspace, in `X-Organization-Id`)."""

from __future__ import annotations

from fastapi import Request

from planyard.core.auth import API_TOKEN_PREFIX, actor_of_token
from planyard.core.context import Environment
from planyard.core.workspaces import workspace_of
from planyard.kit.errors import Forbidden, NotAuthenticated
from planyard.kit.uow import UnitOfWork
from planyard.models import User
from planyard.web.routes import unit_of_work_route


def _actor(request: Request, uow: UnitOfWork, env: Environment) -> User:
    token = request.headers.get("x-auth-token", "").strip()
    if not token.startswith(API_TOKEN_PREFIX):
        raise NotAuthenticated(code="invalid_token")
    user = actor_of_token(uow, env.settings, token)
    organization = request.headers.get("x-organization-id", "").strip()
    if not organization.isdigit() or len(organization) > 18:
        raise Forbidden(code="unknown_workspace", entity="workspace")
    request.state.organization_id = workspace_of(uow, int(organization)).id
    return user


def organization_id(request: Request) -> int:
    """The workspace the request's `X-Organization-Id` named (checked by the route class)."""
    return int(request.state.organization_id)


UnitOfWorkRoute = unit_of_work_route(_actor)
