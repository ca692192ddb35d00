"""HacknPlan's error body, `{"message": ...}` (docs/mapping.md, HacknPlan errors), with the documented
codes: 400 invalid values, 401 unauthorized, 403 forbidden, 404 not found, 409 state conflicts (413/415
from the body guard, 429/503 as the core raises them)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from planyard.dialects.hacknplan import messages
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


# Codes whose status HacknPlan documents apart from their error's class.
CODE_STATUS = {"already_member": 409}


def message_response(status: int, message: str) -> Response:
    return JSONResponse({"message": message}, status_code=status)


def domain_error_response(exc: errors.DomainError) -> Response:
    status = CODE_STATUS.get(exc.code) or next((v for t, v in STATUS.items() if isinstance(exc, t)), 400)
    return message_response(status, messages.text(exc))


def validation_message(exc: RequestValidationError) -> str:
    problems = []
    for err in exc.errors():
        loc = err.get("loc", ())
        if err.get("type") == "json_invalid" or (loc and loc[0] == "body"):
            return messages.INVALID_VALUES
        where = ".".join(str(part) for part in loc[1:]) or "request"
        problems.append(f"{where}: {err.get('msg', 'invalid value')}")
    return "; ".join(problems) or messages.INVALID_VALUES


def install(app: FastAPI) -> None:
    error_shape.install(app, error_shape.ErrorShape(
        domain=domain_error_response,
        validation=lambda exc: message_response(400, validation_message(exc)),
        out_of_range=lambda: message_response(400, messages.INVALID_VALUES),
        refused=lambda: message_response(400, messages.INVALID_VALUES),
        unstorable_text=lambda exc: message_response(400, f"{exc.field}: {exc.detail}"),
        too_large=lambda exc: message_response(413, exc.detail),
        http=_http_error,
    ))  # fmt: skip


def _http_error(exc: StarletteHTTPException) -> Response:
    words = {404: "NotFound", 405: "Method not allowed", 415: messages.NOT_MULTIPART}
    return message_response(exc.status_code, words.get(exc.status_code, str(exc.detail)))
