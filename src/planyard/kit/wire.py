"""Text no database can hold, refused where a request is read: a NUL (PostgreSQL text refuses it) or a
lone surrogate (no UTF-8 encoding: the driver and the JSON answer both fail on it). One check for every
string the client sends, in JSON bodies, form fields, query strings and path parameters, so no field
needs its own rule and SQLite and PostgreSQL answer alike."""

from __future__ import annotations

import re
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import Receive, Scope

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
NON_FIELD = "non_field_errors"


class UnstorableText(HTTPException):
    """A string holding a NUL or a lone surrogate; `field` names the top-level field it came in. An
    HTTPException so that FastAPI's body reading passes it on (it makes any other error a bare 400)."""

    def __init__(self, field: str, char: str) -> None:
        self.field = field
        message = (
            "Null characters are not allowed."
            if char == "\x00"
            else f"Surrogate characters are not allowed: U+{ord(char):X}."
        )
        super().__init__(400, message)


def check_value(field: str, value: Any) -> None:
    """Raises UnstorableText for the first bad string in `value` (a JSON value: keys are checked too)."""
    if isinstance(value, str):
        if found := _UNSTORABLE.search(value):
            raise UnstorableText(field, found.group())
    elif isinstance(value, dict):
        for key, item in value.items():
            check_value(field, key)
            check_value(field, item)
    elif isinstance(value, list):
        for item in value:
            check_value(field, item)


def check_fields(pairs: Any) -> None:
    """Checks (name, value) pairs: a bad name is a non-field error, a bad value the named field's."""
    for name, value in pairs:
        check_value(NON_FIELD, name)
        check_value(name, value)


class CheckedRequest(Request):
    """A request whose query string, path parameters, JSON body and form fields hold storable text only."""

    def __init__(self, scope: Scope, receive: Receive) -> None:
        super().__init__(scope, receive)
        check_fields(self.query_params.multi_items())
        check_fields(self.path_params.items())

    async def json(self) -> Any:
        value = await super().json()
        if isinstance(value, dict):
            check_fields(value.items())
        else:
            check_value(NON_FIELD, value)
        return value

    async def _get_form(self, **limits: Any) -> FormData:
        # `form()` (what FastAPI awaits) wraps this one; overriding it keeps `form()`'s return type.
        form = await super()._get_form(**limits)
        check_fields((name, value) for name, value in form.multi_items() if isinstance(value, str))
        return form
