"""Productive's words: the JSON:API error `code`/`title` of each status, and the `detail` of the core's
codes (the seed's own texts where it shows them; plain words otherwise)."""

from __future__ import annotations

from planyard.kit import errors
from planyard.web import plain_words

# status -> (code, title) of the error objects that carry no attribute
STATUS_WORDS = {
    400: ("invalid_request", "Bad Request"),
    401: ("unauthorized", "Unauthorized"),
    403: ("forbidden", "Forbidden"),
    404: ("not_found", "Not Found"),
    405: ("method_not_allowed", "Method Not Allowed"),
    409: ("conflict", "Conflict"),
    413: ("payload_too_large", "Payload Too Large"),
    415: ("unsupported_media_type", "Unsupported Media Type"),
    429: ("too_many_requests", "Too Many Requests"),
    503: ("service_unavailable", "Service Unavailable"),
}
INVALID_ATTRIBUTE = ("invalid_attribute", "Invalid Attribute")

TEXTS = {
    "invalid_token": "Invalid or missing X-Auth-Token.",
    "inactive_user": "Invalid or missing X-Auth-Token.",
    "token_type_invalid": "Invalid or missing X-Auth-Token.",
    "not_authenticated": "Invalid or missing X-Auth-Token.",
    "unknown_workspace": "You don't have access to this organization (X-Organization-Id).",
    "not_found": "Record not found.",
    "forbidden": "You are not allowed to perform this action.",
    "blank": "can't be blank",
    "invalid": "attribute is invalid",
    "invalid_choice": "is not included in the list",
    "not_a_string_id": "attribute is invalid",
    "too_few_statuses": "must have 2 (including one closed) or more workflow statuses defined",
    "unmapped_statuses": "doesn't contain all statuses from current project workflow",
    "unknown_statuses": "contains invalid statuses",
    "unknown_lanes": "contains invalid task_list_id",
}


def text(exc: errors.DomainError) -> str:
    if exc.worded:
        return exc.message
    return TEXTS.get(exc.code) or plain_words.text(exc)


def problem_text(problem: object, exc: errors.Invalid) -> str:
    if not isinstance(problem, errors.Problem):
        return str(problem)
    return TEXTS.get(problem.code) or plain_words.word(problem.code, exc.entity, problem.params) or exc.message
