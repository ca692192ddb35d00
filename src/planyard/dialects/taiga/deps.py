"""Request plumbing for the Taiga dialect: the per-request context (unit of work + actor)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from planyard.core.auth import authenticate
from planyard.core.context import Context, Environment
from planyard.kit.errors import NotAuthenticated
from planyard.kit.uow import UnitOfWork


def _context(request: Request) -> Iterator[Context]:
    state = request.app.state
    env: Environment = state.env
    uow = UnitOfWork(state.session_factory())
    try:
        ctx = Context(uow=uow, env=env, actor=_actor(request, uow, env))
        yield ctx
        uow.commit()
    except BaseException:
        uow.rollback()
        raise
    finally:
        uow.close()


def _actor(request: Request, uow: UnitOfWork, env: Environment):  # type: ignore[no-untyped-def]
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() not in ("bearer", "application") or not token.strip():
        raise NotAuthenticated("Invalid token header. No credentials provided.")
    return authenticate(uow.session, env.settings, token.strip())


Ctx = Annotated[Context, Depends(_context, scope="function")]
