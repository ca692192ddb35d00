"""Kaiten's words for the core's errors: one `message` naming each field in error by its Kaiten name. An
error whose raiser wrote its own text, or whose code has no words here, keeps its message."""

from __future__ import annotations

from typing import Any

from planyard.kit import errors

TEXTS: dict[str, str] = {
    "not_authenticated": "Invalid token",
    "invalid_token": "Invalid token",
    "forbidden": "Forbidden",
    "not_found": "Not found",
    "required": "is required",
    "blank": "must not be empty",
    "null": "must not be null",
    "too_long": "is too long",
    "rate_limited": "Too many requests",
}
# The company half's codes (space users, groups, user roles, SCIM, custom properties).
TEXTS |= {
    "member_exists": "Already a member",
    "duplicate": "Duplicate: the name is taken",
    "owner_and_admin_required": "The space owner and its last admin cannot be removed",
    "user_exists": "A user with this userName or email exists",
    "own_standing": "You cannot change your own role",
    "invalid_value": "invalid value",
}
# Core column names as Kaiten names them.
FIELD_NAMES = {"name": "title"}


def problem_text(problem: Any) -> str:
    if isinstance(problem, errors.Problem):
        return TEXTS.get(problem.code, problem.code.replace("_", " "))
    return str(problem)


def text(exc: errors.DomainError) -> str:
    if isinstance(exc, errors.Invalid) and exc.fields:
        return "; ".join(
            f"{FIELD_NAMES.get(name, name)}: {', '.join(problem_text(p) for p in problems)}"
            for name, problems in exc.fields.items()
        )
    if exc.worded:
        return exc.message
    return TEXTS.get(exc.code, exc.message)
