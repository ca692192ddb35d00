"""Mount points of the dialects not built yet: each answers 404 in its own error shape."""

from __future__ import annotations

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response


def create_placeholder_app(title: str, body: dict[str, object]) -> FastAPI:
    app = FastAPI(title=title, openapi_url=None, docs_url=None, redoc_url=None)

    @app.exception_handler(HTTPException)
    async def _not_found(_: Request, exc: HTTPException) -> Response:
        return JSONResponse(body, status_code=exc.status_code)

    return app
