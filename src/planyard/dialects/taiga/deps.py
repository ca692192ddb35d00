"""Request plumbing for the Taiga dialect: the per-request context (unit of work + actor).

A route's whole request runs in one thread-pool call: the `Ctx` dependency only notes the request
(async, on the event loop, no I/O), and `UnitOfWorkRoute` opens the unit of work, authenticates, runs
the route and commits in the route's own thread. A generator dependency cost two more thread hops
per request (entered and left in the pool apart from the route)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.routing import APIRoute
from starlette.responses import Response

from planyard.core.auth import authenticate
from planyard.core.context import Context, Environment
from planyard.kit.errors import NotAuthenticated
from planyard.kit.uow import UnitOfWork, run_in_unit_of_work
from planyard.kit.wire import CheckedRequest


class _ContextToOpen:
    """Stands for the route's `Context` until `UnitOfWorkRoute` opens it."""

    def __init__(self, request: Request) -> None:
        self.request = request


async def _context_to_open(request: Request) -> _ContextToOpen:
    return _ContextToOpen(request)


Ctx = Annotated[Context, Depends(_context_to_open)]


class UnitOfWorkRoute(APIRoute):
    """A route whose `Ctx` parameter gets one transaction for the request: committed if the route returns,
    rolled back if it raises (the error is then rendered as usual). Its request is a `CheckedRequest`:
    text no database can hold is refused before the route runs."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, _in_unit_of_work(endpoint), **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def checked(request: Request) -> Response:
            return await handle(CheckedRequest(request.scope, request.receive))

        return checked


def _in_unit_of_work(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(endpoint)
    def run(**params: Any) -> Any:
        name = next((k for k, v in params.items() if isinstance(v, _ContextToOpen)), None)
        if name is None:
            return endpoint(**params)
        request = params[name].request
        state = request.app.state

        def work(uow: UnitOfWork) -> Any:
            ctx = Context(uow=uow, env=state.env, actor=_actor(request, uow, state.env))
            return endpoint(**(params | {name: ctx}))

        return run_in_unit_of_work(state.session_factory, work)

    return run


def _actor(request: Request, uow: UnitOfWork, env: Environment):  # type: ignore[no-untyped-def]
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() not in ("bearer", "application") or not token.strip():
        raise NotAuthenticated("Invalid token header. No credentials provided.")
    return authenticate(uow.session, env.settings, token.strip())
