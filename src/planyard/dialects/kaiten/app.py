"""The Kaiten v1 sub-app: its routers, error shape and body guard."""

from __future__ import annotations

from fastapi import FastAPI

from planyard.core.context import Environment
from planyard.dialects.kaiten import errors
from planyard.dialects.kaiten.routes import ROUTERS
from planyard.kit.asgi import BodyGuard


def create_kaiten_app(env: Environment, session_factory: object) -> FastAPI:
    app = FastAPI(title="Planyard — Kaiten API v1", version="1", redirect_slashes=False)
    app.state.env = env
    app.state.session_factory = session_factory
    errors.install(app)
    for router in ROUTERS:
        app.router.routes.extend(router.routes)
    app.add_middleware(
        BodyGuard,
        max_bytes=env.settings.max_body_bytes,
        max_multipart_bytes=env.settings.max_upload_bytes + 64 * 1024,
        accepted=("application/json",),
        render=errors.message_response,
    )
    return app
