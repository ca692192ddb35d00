"""Productive's error documents: `{"errors": [{"status", "code", "title", "detail", "source"}]}` in
JSON:API's media type; a bad attribute points at it (`data/attributes/<name>`), a bad query parameter
names it (`source.parameter`)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from planyard.dialects.productive import messages
from planyard.dialects.productive.render import document
from planyard.kit import errors
from planyard.web import error_shape

STATUS = {
    errors.NotAuthenticated: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Invalid: 422,
    errors.Conflict: 409,
    errors.RateLimited: 429,
    errors.Busy: 503,
}
QUERY_FIELDS = ("sort", "page", "filter", "include", "fields")
BODY = "body"


def error(status: int, detail: str, source: dict[str, str] | None = None) -> dict[str, Any]:
    code, title = messages.INVALID_ATTRIBUTE if status == 422 else messages.STATUS_WORDS.get(
        status, ("error", "Error"))  # fmt: skip
    body: dict[str, Any] = {"status": str(status), "code": code, "title": title, "detail": detail}
    if source is not None:
        body["source"] = source
    return body


def errors_response(status: int, items: list[dict[str, Any]], headers: dict[str, str] | None = None) -> Response:
    return document({"errors": items}, status, headers)


def render_plain(status: int, detail: str) -> Response:
    return errors_response(status, [error(status, detail)])


def _source(field: str) -> dict[str, str]:
    name = field.split("[", 1)[0]
    return {"parameter": field} if name in QUERY_FIELDS else {"pointer": f"data/attributes/{field}"}


def domain_error_response(exc: errors.DomainError) -> Response:
    status = next((v for t, v in STATUS.items() if isinstance(exc, t)), 400)
    if isinstance(exc, errors.Invalid) and exc.fields:
        status = 400 if any(name.split("[", 1)[0] in QUERY_FIELDS for name in exc.fields) else 422
        items = [
            error(status, messages.problem_text(problem, exc), _source(name))
            for name, problems in exc.fields.items()
            for problem in (problems if isinstance(problems, list) else [problems])
        ]
        return errors_response(status, items)
    headers = None
    if isinstance(exc, errors.RateLimited):
        headers = {"Retry-After": str(exc.wait_seconds)}
    if isinstance(exc, errors.Busy):
        headers = {"Retry-After": str(exc.retry_after)}
    return errors_response(status, [error(status, messages.text(exc))], headers)


def _pointer(loc: tuple[Any, ...]) -> str:
    return "/".join(str(part) for part in loc[1:]) or "data"


def validation_response(exc: RequestValidationError) -> Response:
    items = []
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            return render_plain(400, "The request body is not valid JSON.")
        loc = tuple(err.get("loc", ()))
        if loc[:1] != (BODY,):
            items.append(error(400, err.get("msg", "Invalid value."), {"parameter": str(loc[-1])}))
            continue
        detail = "can't be blank" if err.get("type") == "missing" else "attribute is invalid"
        items.append(error(422, detail, {"pointer": _pointer(loc)}))
    status = 400 if any(item["status"] == "400" for item in items) else 422
    return errors_response(status, [item | {"status": str(status)} for item in items])


def install(app: FastAPI) -> None:
    error_shape.install(app, error_shape.ErrorShape(
        domain=domain_error_response,
        validation=validation_response,
        out_of_range=lambda: domain_error_response(errors.Unstorable()),
        refused=lambda: domain_error_response(errors.Unstorable()),
        unstorable_text=lambda exc: errors_response(422, [error(422, exc.detail, {"pointer": f"data/{exc.field}"})]),
        too_large=lambda exc: render_plain(413, exc.detail),
        http=_http_error,
    ))  # fmt: skip


def _http_error(exc: StarletteHTTPException) -> Response:
    detail = messages.TEXTS["not_found"] if exc.status_code == 404 else str(exc.detail)
    return render_plain(exc.status_code, detail)
