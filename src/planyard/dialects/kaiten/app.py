"""The Kaiten v1 sub-app: its routers, error shape and body guard."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount

from planyard.core.context import Environment
from planyard.core.webhooks import formats
from planyard.dialects.kaiten import errors
from planyard.dialects.kaiten.rate_limit import RateLimit
from planyard.dialects.kaiten.routes import ROUTERS
from planyard.dialects.kaiten.webhook_payloads import KAITEN_PAYLOADS
from planyard.web.app import dialect_app, guard_bodies


def create_kaiten_app(env: Environment, session_factory: object) -> FastAPI:
    formats.register(KAITEN_PAYLOADS)  # webhooks in the "kaiten" format get Kaiten's payloads
    app = dialect_app(env, session_factory, ROUTERS, errors.install, title="Planyard — Kaiten API v1", version="1")
    guard_bodies(app, accepted=("application/json", "application/scim+json", "multipart/form-data"),
                 render=errors.message_response,
                 max_multipart_bytes=env.settings.max_upload_bytes + 64 * 1024)  # fmt: skip
    if env.settings.kaiten_rate_limit_enabled:  # added last: runs first, so every answer carries the headers
        app.add_middleware(
            RateLimit, session_factory=session_factory, per_second=env.settings.kaiten_requests_per_second
        )
    return app


def kaiten_at_root(kaiten: FastAPI) -> Starlette:
    """Kaiten's API where its clients look for it on a host of its own: `/api/v1` and `/api/latest`."""

    async def not_found(_: Request, __: Exception) -> Response:
        return errors.message_response(404, "Not found")

    return Starlette(
        routes=[Mount("/api/v1", kaiten), Mount("/api/latest", kaiten)], exception_handlers={404: not_found}
    )
