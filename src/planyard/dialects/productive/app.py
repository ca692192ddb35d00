"""The Productive v2 sub-app: its routers, JSON:API error shape and body guard."""

from __future__ import annotations

from fastapi import FastAPI

from planyard.core.context import Environment
from planyard.dialects.productive import errors
from planyard.dialects.productive.routes import ROUTERS
from planyard.web.app import dialect_app, guard_bodies

JSON_API = "application/vnd.api+json"


def create_productive_app(env: Environment, session_factory: object) -> FastAPI:
    app = dialect_app(env, session_factory, ROUTERS, errors.install, title="Planyard — Productive API v2",
                      version="2", openapi_url=None, docs_url=None, redoc_url=None)  # fmt: skip
    guard_bodies(app, accepted=(JSON_API,), render=errors.render_plain, max_multipart_bytes=env.settings.max_body_bytes)
    return app
