"""Typed domain errors; each dialect renders them once, in its own documented shape and words.

An error carries a `code` (what went wrong, e.g. "required", "not_found"), the `entity` it is about
(e.g. "sprint") and the `field` (e.g. "project_id"), plus `params` for the text. The dialect writes the
text from those; `message` is a plain default for the codes a dialect has no words for, or the text the
raiser wrote (`worded`: not yet turned into a code). `Invalid.fields` maps each field in error to its
problems: coded `Problem`s (the dialect words them) or ready messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field, for the dialect to word: a code and the values its text shows."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


class DomainError(Exception):
    default_message = "Error."
    default_code = "error"

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        entity: str | None = None,
        field: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.worded = message is not None  # the raiser wrote the text itself
        self.code = code or self.default_code
        self.entity = entity
        self.field = field
        self.params = dict(params or {})
        super().__init__(self.message)


class NotAuthenticated(DomainError):
    default_message = "Not authenticated."
    default_code = "not_authenticated"


class Forbidden(DomainError):
    default_message = "Forbidden."
    default_code = "forbidden"


class NotFound(DomainError):
    default_message = "Not found."
    default_code = "not_found"


class Invalid(DomainError):
    """Bad input: a `code` on a `field` (the dialect words it), or `fields` mapping field names to their
    problems (`Problem`s or ready messages); a bare message or code has no field."""

    default_message = "Wrong arguments."
    default_code = "invalid"

    def __init__(
        self,
        message: str | None = None,
        fields: dict[str, Any] | None = None,
        *,
        code: str | None = None,
        entity: str | None = None,
        field: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message, code=code, entity=entity, field=field, params=params)
        self.fields: dict[str, Any] = fields or {}
        if field is not None and not self.fields:
            self.fields = {field: [Problem(self.code, self.params)]}

    @classmethod
    def on(cls, name: str, message: str) -> Invalid:
        """A ready message on one field."""
        return cls(fields={name: [message]}, field=name)

    def rename_fields(self, names: Mapping[str, str]) -> None:
        """Name the fields as the client named them (core errors name core columns)."""
        self.fields = {names.get(k, k): v for k, v in self.fields.items()}
        if self.field is not None:
            self.field = names.get(self.field, self.field)


class VersionConflict(Invalid):
    default_message = "The version doesn't match with the current one"
    default_code = "version_conflict"

    def __init__(self) -> None:
        super().__init__(field="version")


class Conflict(DomainError):
    default_message = "Conflict."
    default_code = "conflict"


class RateLimited(DomainError):
    default_message = "Request was throttled."
    default_code = "rate_limited"

    def __init__(self, wait_seconds: int = 1) -> None:
        super().__init__(params={"wait_seconds": wait_seconds})
        self.wait_seconds = wait_seconds


class Busy(DomainError):
    """The database could not take the write in time (another writer held it): try again later."""

    default_message = "The server is busy, try again shortly."
    default_code = "busy"

    def __init__(self, retry_after: int = 1) -> None:
        super().__init__()
        self.retry_after = retry_after


class Unstorable(Invalid):
    """A value its column refuses (out of the column's range or size)."""

    default_message = "A value in the request cannot be stored in its field."
    default_code = "unstorable"


class TransactionConflict(Exception):
    """The database chose this transaction as the loser of a deadlock or a serialization conflict, or a
    row it read has gone: the whole unit of work is run again (a bounded number of times)."""
