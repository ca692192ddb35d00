"""The Productive v2 sub-app: its routers, JSON:API error shape and body guard."""

from __future__ import annotations

from fastapi import FastAPI

from planyard.core.context import Environment
from planyard.dialects.productive import errors
from planyard.dialects.productive.routes import ROUTERS
from planyard.kit.asgi import BodyGuard

JSON_API = "application/vnd.api+json"


def create_productive_app(env: Environment, session_factory: object) -> FastAPI:
    app = FastAPI(
        title="Planyard — Productive API v2", version="2", redirect_slashes=False,
        openapi_url=None, docs_url=None, redoc_url=None,
    )  # fmt: skip
    app.state.env = env
    app.state.session_factory = session_factory
    errors.install(app)
    for router in ROUTERS:
        app.router.routes.extend(router.routes)
    app.add_middleware(
        BodyGuard,
        max_bytes=env.settings.max_body_bytes,
        max_multipart_bytes=env.settings.max_body_bytes,
        accepted=(JSON_API,),
        render=errors.render_plain,
    )
    return app
