"""Typed domain errors; each dialect renders them once, in its own documented shape."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    default_message = "Error."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class NotAuthenticated(DomainError):
    default_message = "Authentication credentials were not provided."


class Forbidden(DomainError):
    default_message = "You do not have permission to perform this action."


class NotFound(DomainError):
    default_message = "Not found."


class Invalid(DomainError):
    """Bad input. `fields` maps a field name to its messages; a bare message has no field."""

    default_message = "Wrong arguments."

    def __init__(self, message: str | None = None, fields: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}

    @classmethod
    def field(cls, name: str, message: str) -> Invalid:
        return cls(fields={name: [message]})


class VersionConflict(Invalid):
    default_message = "The version doesn't match with the current one"

    def __init__(self) -> None:
        super().__init__(fields={"version": self.default_message})


class Conflict(DomainError):
    default_message = "Conflict."


class RateLimited(DomainError):
    default_message = "Request was throttled."

    def __init__(self, wait_seconds: int = 1) -> None:
        super().__init__()
        self.wait_seconds = wait_seconds


class Busy(DomainError):
    """The database could not take the write in time (another writer held it): try again later."""

    default_message = "The server is busy, try again shortly."

    def __init__(self, retry_after: int = 1) -> None:
        super().__init__()
        self.retry_after = retry_after


class TransactionConflict(Exception):
    """The database chose this transaction as the loser of a deadlock or a serialization conflict, or a
    row it read has gone: the whole unit of work is run again (a bounded number of times)."""
