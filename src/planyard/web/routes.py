"""The per-request context (unit of work + actor) for every dialect's routes.

A route's whole request runs in one thread-pool call: the `Ctx` dependency only notes the request
(async, on the event loop, no I/O), and the route class made by `unit_of_work_route` opens the unit of
work, authenticates with the dialect's own scheme, runs the route and commits in the route's own thread.
A generator dependency cost two more thread hops per request (entered and left in the pool apart from
the route)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.routing import APIRoute
from starlette.responses import Response

from planyard.core.context import Context, Environment
from planyard.kit.live_bus import origin_session
from planyard.kit.uow import UnitOfWork, run_in_unit_of_work
from planyard.kit.wire import CheckedRequest
from planyard.models import User

# A dialect's authentication: the acting user from the request's credentials (None: anonymous).
ActorOf = Callable[[Request, UnitOfWork, Environment], User | None]


class _ContextToOpen:
    """Stands for the route's `Context` until the route class opens it."""

    def __init__(self, request: Request) -> None:
        self.request = request


async def _context_to_open(request: Request) -> _ContextToOpen:
    return _ContextToOpen(request)


Ctx = Annotated[Context, Depends(_context_to_open)]


def unit_of_work_route(actor_of: ActorOf) -> type[APIRoute]:
    """A route class whose `Ctx` parameter gets one transaction for the request: committed if the route
    returns, rolled back if it raises (the error is then rendered as usual). Its request is a
    `CheckedRequest`: text no database can hold is refused before the route runs."""

    class UnitOfWorkRoute(APIRoute):
        def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
            super().__init__(path, _in_unit_of_work(endpoint, actor_of), **kwargs)

        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handle = super().get_route_handler()

            async def checked(request: Request) -> Response:
                return await handle(CheckedRequest(request.scope, request.receive))

            return checked

    return UnitOfWorkRoute


def _in_unit_of_work(endpoint: Callable[..., Any], actor_of: ActorOf) -> Callable[..., Any]:
    @functools.wraps(endpoint)
    def run(**params: Any) -> Any:
        name = next((k for k, v in params.items() if isinstance(v, _ContextToOpen)), None)
        if name is None:
            return endpoint(**params)
        request = params[name].request
        state = request.app.state
        origin_session.set(request.headers.get("x-session-id"))  # this thread's copy of the context

        def work(uow: UnitOfWork) -> Any:
            ctx = Context(uow=uow, env=state.env, actor=actor_of(request, uow, state.env))
            return endpoint(**(params | {name: ctx}))

        return run_in_unit_of_work(state.session_factory, work)

    return run
