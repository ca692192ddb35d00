"""Taiga's words for the core's typed errors: a text per error code (formatted with the error's
`entity`, `field` and `params`), as taiga-back writes them. An error whose code has no text here keeps
the core's plain default message."""

from __future__ import annotations

from typing import Any

from planyard.kit import errors

TEXTS: dict[str, str] = {
    "version_conflict": "The version doesn't match with the current one",
    "unstorable": "A value in the request cannot be stored in its field.",
}
# Fields whose message Taiga gives as a plain string, not a list of messages.
UNLISTED = frozenset({"version_conflict"})


def text(exc: errors.DomainError) -> str:
    template = TEXTS.get(exc.code)
    if template is None:
        return exc.message
    return template.format(entity=exc.entity, field=exc.field, **exc.params)


def field_errors(exc: errors.Invalid) -> dict[str, Any]:
    """The field -> messages body of a bad input: the ready messages, or the text of the error's code on
    its field."""
    if exc.fields or exc.field is None:
        return exc.fields
    message = text(exc)
    return {exc.field: message if exc.code in UNLISTED else [message]}
