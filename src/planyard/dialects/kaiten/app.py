"""The Kaiten v1 sub-app: its routers, error shape and body guard."""

from __future__ import annotations

from fastapi import FastAPI

from planyard.core.context import Environment
from planyard.dialects.kaiten import errors
from planyard.dialects.kaiten.routes import ROUTERS
from planyard.web.app import dialect_app, guard_bodies


def create_kaiten_app(env: Environment, session_factory: object) -> FastAPI:
    app = dialect_app(env, session_factory, ROUTERS, errors.install, title="Planyard — Kaiten API v1", version="1")
    guard_bodies(app, accepted=("application/json", "multipart/form-data"), render=errors.message_response,
                 max_multipart_bytes=env.settings.max_upload_bytes + 64 * 1024)  # fmt: skip
    return app
