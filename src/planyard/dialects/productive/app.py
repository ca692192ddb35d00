"""The Productive v2 sub-app: its routers, JSON:API error shape and body guard, and its own OpenAPI
document (`/openapi.json`, request bodies in JSON:API's media type)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from planyard.core.context import Environment
from planyard.dialects.productive import errors
from planyard.dialects.productive.routes import ROUTERS
from planyard.web.app import dialect_app, guard_bodies

JSON_API = "application/vnd.api+json"


def create_productive_app(env: Environment, session_factory: object) -> FastAPI:
    app = dialect_app(env, session_factory, ROUTERS, errors.install, title="Planyard — Productive API v2",
                      version="2", openapi_url="/openapi.json", docs_url=None, redoc_url=None)  # fmt: skip
    guard_bodies(app, accepted=(JSON_API,), render=errors.render_plain, max_multipart_bytes=env.settings.max_body_bytes,
                 typed_only=True)  # fmt: skip
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        document = get_openapi(title=app.title, version=app.version, routes=app.routes)
        for operation in (op for path in document.get("paths", {}).values() for op in path.values()):
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                content[JSON_API] = content.pop("application/json")
        app.openapi_schema = document
    return app.openapi_schema
