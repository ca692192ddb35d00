"""Taiga's error bodies: {"_error_message", "_error_type"} or a field -> messages map."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from planyard.core.dumps.header import BadDump
from planyard.dialects.taiga import messages
from planyard.kit import errors, limits
from planyard.web import error_shape

STATUS = {
    errors.NotAuthenticated: (401, "NotAuthenticated"),
    errors.Forbidden: (403, "PermissionDenied"),
    errors.NotFound: (404, "NotFound"),
    errors.Invalid: (400, "WrongArguments"),
    errors.Conflict: (400, "IntegrityError"),
    errors.RateLimited: (429, "Throttled"),
    errors.Busy: (503, "ServiceUnavailable"),
}

PYDANTIC_MESSAGES = {
    "missing": "This field is required.",
    "int_parsing": "A valid integer is required.",
    "int_type": "A valid integer is required.",
    "int_from_float": "A valid integer is required.",
    "float_parsing": "A valid number is required.",
    "float_type": "A valid number is required.",
    "bool_parsing": "Must be a valid boolean.",
    "bool_type": "Must be a valid boolean.",
    "string_type": "Not a valid string.",
    "list_type": "Expected a list of items.",
    "dict_type": "Expected a dictionary of items.",
    "model_attributes_type": "Invalid data. Expected a dictionary.",
    "value_error": "Enter a valid value.",
    "string_too_long": limits.TOO_LONG,
    "too_long": limits.TOO_MANY,
}


def error_body(message: str, kind: str) -> dict[str, str]:
    return {"_error_message": message, "_error_type": f"taiga.base.exceptions.{kind}"}


def render_plain(status: int, message: str) -> Response:
    kinds = {413: "RequestEntityTooLarge", 415: "UnsupportedMediaType", 405: "MethodNotAllowed"}
    return JSONResponse(error_body(message, kinds.get(status, "APIException")), status_code=status)


def domain_error_response(exc: errors.DomainError) -> Response:
    if isinstance(exc, BadDump):  # taiga-back's two shapes: a file that is no dump, a dump it could not load
        body = (
            {"error": exc.message, "details": exc.details} if exc.details else error_body(exc.message, "WrongArguments")
        )
        return JSONResponse(body, status_code=400)
    status, kind = next((v for t, v in STATUS.items() if isinstance(exc, t)), (400, "BadRequest"))
    if isinstance(exc, errors.Invalid) and exc.fields:
        return JSONResponse(messages.field_errors(exc), status_code=status)
    if isinstance(exc, errors.Invalid) and exc.code in messages.UNDER_ERROR:
        return JSONResponse({"error": messages.text(exc)}, status_code=status)
    headers = {"WWW-Authenticate": 'Bearer realm="api"'} if status == 401 else None
    message = messages.text(exc)
    if isinstance(exc, errors.RateLimited):
        headers = {"X-Throttle-Wait-Seconds": str(exc.wait_seconds)}
        plural = "" if exc.wait_seconds == 1 else "s"
        message = f"Request was throttled. Expected available in {exc.wait_seconds} second{plural}."
    if isinstance(exc, errors.Busy):
        headers = {"Retry-After": str(exc.retry_after)}
    return JSONResponse(error_body(message, kind), status_code=status, headers=headers)


def validation_fields(exc: RequestValidationError) -> dict[str, Any]:
    fields: dict[str, list[str]] = {}
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        if err.get("type") == "json_invalid":
            return {"_parse_error": err.get("ctx", {}).get("error", "invalid JSON")}
        where = loc[0] if loc else "body"
        name = ".".join(loc[1:2]) if len(loc) > 1 else "non_field_errors"
        if where == "body" and len(loc) > 2 and loc[1].isdigit():
            name = loc[2]
        known = PYDANTIC_MESSAGES.get(err.get("type", ""))
        message = known.format(**err.get("ctx", {})) if known else err.get("msg", "Invalid value.")
        fields.setdefault(name, []).append(message)
    return fields


def install(app: FastAPI) -> None:
    error_shape.install(app, error_shape.ErrorShape(
        domain=domain_error_response,
        validation=_validation_error,
        # a number beyond what Python hands the driver (the engine turns the database's own into Invalid)
        out_of_range=lambda: JSONResponse(error_body("A number in the request is out of range.", "WrongArguments"),
                                          400),
        refused=lambda: domain_error_response(errors.Unstorable()),  # e.g. a text over a PostgreSQL VARCHAR
        unstorable_text=lambda exc: JSONResponse({exc.field: [exc.detail]}, 400),
        too_large=lambda exc: render_plain(413, exc.detail),
        http=_http_error,
    ))  # fmt: skip


def _validation_error(exc: RequestValidationError) -> Response:
    fields = validation_fields(exc)
    if "_parse_error" in fields:
        return JSONResponse(error_body(f"JSON parse error - {fields['_parse_error']}", "ParseError"), 400)
    return JSONResponse(fields, status_code=400)


def _http_error(exc: StarletteHTTPException) -> Response:
    if exc.status_code == 404:
        return JSONResponse(error_body("Not found.", "NotFound"), 404)
    if exc.status_code == 405:
        return render_plain(405, "Method not allowed.")
    return JSONResponse(error_body(str(exc.detail), "APIException"), exc.status_code)
