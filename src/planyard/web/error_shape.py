"""The failures every dialect answers, each in its own shape and words: a dialect gives one renderer per
failure (`ErrorShape`) and `install` registers them on its sub-app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from planyard.kit.asgi import BodyTooLarge
from planyard.kit.errors import DomainError
from planyard.kit.sql import RefusedValue
from planyard.kit.wire import UnstorableText


@dataclass(frozen=True)
class ErrorShape:
    domain: Callable[[DomainError], Response]  # the core's coded errors
    validation: Callable[[RequestValidationError], Response]  # a body or parameter the wire model refuses
    out_of_range: Callable[[], Response]  # a number beyond what Python hands the driver (OverflowError)
    refused: Callable[[], Response]  # any other value its column refuses (kit.sql.RefusedValue)
    unstorable_text: Callable[[UnstorableText], Response]  # NUL or a lone surrogate in a text
    too_large: Callable[[BodyTooLarge], Response]  # a body over the limit
    http: Callable[[StarletteHTTPException], Response]  # the router's own 404/405/...


def install(app: FastAPI, shape: ErrorShape) -> None:
    renderers: dict[type[Exception], Callable[[Any], Response]] = {
        DomainError: shape.domain,
        RequestValidationError: shape.validation,
        OverflowError: lambda _: shape.out_of_range(),
        RefusedValue: lambda _: shape.refused(),
        UnstorableText: shape.unstorable_text,
        BodyTooLarge: shape.too_large,
        StarletteHTTPException: shape.http,
    }
    for failure, render in renderers.items():
        app.add_exception_handler(failure, _handler(render))


def _handler(render: Callable[[Any], Response]) -> Callable[[Request, Exception], Any]:
    async def handle(_: Request, exc: Exception) -> Response:
        return render(exc)

    return handle
