"""What every dialect's sub-app is made of: its routes in one flat list, the environment its unit-of-work
routes read, its error handlers, and the body guard (size and media type) that answers in its shape."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from fastapi import APIRouter, FastAPI

from planyard.core.context import Environment
from planyard.kit.asgi import BodyGuard


def dialect_app(env: Environment, session_factory: object, routers: Iterable[APIRouter],
                install_errors: Callable[[FastAPI], None], **fastapi: Any) -> FastAPI:  # fmt: skip
    app = FastAPI(redirect_slashes=False, **fastapi)
    app.state.env = env
    app.state.session_factory = session_factory
    install_errors(app)
    for router in routers:
        # The routers have no prefix or dependencies of their own: their routes join the app's flat
        # route list, which keeps matching one plain scan and lets route-walking tools see them.
        app.router.routes.extend(router.routes)
    return app


def guard_bodies(
    app: FastAPI, *, accepted: tuple[str, ...], render: Any, max_multipart_bytes: int, typed_only: bool = False
) -> None:
    """Refuse bodies over the size limits or in a media type the API does not take (`typed_only`: or in
    none) (added last, so that it runs first)."""
    settings = app.state.env.settings
    app.add_middleware(BodyGuard, max_bytes=settings.max_body_bytes, max_multipart_bytes=max_multipart_bytes,
                       accepted=accepted, render=render, typed_only=typed_only)  # fmt: skip
