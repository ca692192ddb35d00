"""Kaiten's error body, `{"message": ...}`, with the documented codes: 400 validation, 401 invalid token,
403 forbidden, 404 not found (413/415 from the body guard, 429/503 as the core raises them)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from planyard.dialects.kaiten import messages
from planyard.kit import errors
from planyard.web import error_shape

STATUS: dict[type[errors.DomainError], int] = {
    errors.NotAuthenticated: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.RateLimited: 429,
    errors.Busy: 503,
}


def message_response(status: int, message: str) -> Response:
    return JSONResponse({"message": message}, status_code=status)


def domain_error_response(exc: errors.DomainError) -> Response:
    status = next((v for t, v in STATUS.items() if isinstance(exc, t)), 400)
    return message_response(status, messages.text(exc))


def validation_message(exc: RequestValidationError) -> str:
    problems = []
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            return "Invalid JSON"
        where = ".".join(str(part) for part in err.get("loc", ())[1:]) or "body"
        problems.append(f"{where}: {err.get('msg', 'invalid value')}")
    return "; ".join(problems) or "Validation error"


def install(app: FastAPI) -> None:
    error_shape.install(app, error_shape.ErrorShape(
        domain=domain_error_response,
        validation=lambda exc: message_response(400, validation_message(exc)),
        out_of_range=lambda: message_response(400, "A number in the request is out of range"),
        refused=lambda: message_response(400, "A value in the request cannot be stored"),
        unstorable_text=lambda exc: message_response(400, f"{exc.field}: {exc.detail}"),
        too_large=lambda exc: message_response(413, exc.detail),
        http=_http_error,
    ))  # fmt: skip


def _http_error(exc: StarletteHTTPException) -> Response:
    words = {404: "Not found", 405: "Method not allowed"}
    return message_response(exc.status_code, words.get(exc.status_code, str(exc.detail)))
