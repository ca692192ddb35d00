"""The Taiga v1 sub-app: its routers, error shape and body guard."""

from __future__ import annotations

from fastapi import FastAPI

from planyard.core.context import Environment
from planyard.dialects.taiga import errors
from planyard.dialects.taiga.routes import ROUTERS
from planyard.kit.asgi import BodyGuard


def create_taiga_app(env: Environment, session_factory: object) -> FastAPI:
    app = FastAPI(title="Planyard — Taiga API v1", version="1", redirect_slashes=False)
    app.state.env = env
    app.state.session_factory = session_factory
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)
    app.add_middleware(
        BodyGuard,
        max_bytes=env.settings.max_body_bytes,
        accepted=("application/json", "multipart/form-data", "application/x-www-form-urlencoded"),
        render=errors.render_plain,
    )
    return app
