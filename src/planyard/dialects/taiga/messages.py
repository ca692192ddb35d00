"""Taiga's words for the core's typed errors: a text per error code, formatted with the error's `field`,
its `params` and `name` (Taiga's name of the error's `entity`), as taiga-back writes them. An error whose
raiser wrote its own text, or whose code has no words here, keeps its message."""

from __future__ import annotations

from typing import Any

from planyard.kit import errors

TEXTS: dict[str, str] = {
    "not_authenticated": "Authentication credentials were not provided.",
    "forbidden": "You do not have permission to perform this action.",
    "not_found": "No {name} matches the given query.",
    "required": "This field is required.",
    "blank": "This field may not be blank.",
    "does_not_exist": 'Invalid pk "{pk}" - object does not exist.',
    "unknown_project": "There's no project with that id",
    "unknown_sprint": "The milestone isn't valid for the project",
    "unknown_role": "Invalid role for the project",
    "unknown_ids": "Invalid ids for this project: {ids}",
    "duplicate": "Duplicated name",
    "version_conflict": "The version doesn't match with the current one",
    "unstorable": "A value in the request cannot be stored in its field.",
}
# Where Taiga words a code its own way for one entity's resource.
ENTITY_TEXTS: dict[tuple[str, str], str] = {
    ("unknown_project", "epic"): "There's no project with that id.",
    ("duplicate", "custom_field"): "Already exists one with the same name.",
}
# Taiga's (Django's) model names of the core's entities, as its "No ... matches" texts show them.
NAMES: dict[str, str] = {
    "project": "Project", "role": "Role", "user": "User", "lane": "Swimlane", "attachment": "Attachment",
    "wiki_page": "wiki page", "history_entry": "history entry", "user_project_settings": "UserProjectSettings",
    "epic": "Epic", "story": "User story", "task": "Task", "issue": "Issue", "epic_story": "RelatedUserStory",
    "project_template": "ProjectTemplate", "sprint": "Milestone", "lane_status": "SwimlaneUserStoryStatus",
    "membership": "Membership", "notification": "WebNotification",
}  # fmt: skip
# Fields whose message Taiga gives as a plain string, not a list of messages.
UNLISTED = frozenset({"version_conflict"})


def text(exc: errors.DomainError) -> str:
    template = ENTITY_TEXTS.get((exc.code, exc.entity or "")) or TEXTS.get(exc.code)
    if exc.worded or template is None:
        return exc.message
    if "{name}" in template and exc.entity is None:
        return exc.message  # e.g. a bare NotFound: "Not found."
    return template.format(name=NAMES.get(exc.entity or "", exc.entity), field=exc.field, **exc.params)


def field_errors(exc: errors.Invalid) -> dict[str, Any]:
    """The field -> messages body of a bad input: the ready messages, or the text of the error's code on
    its field."""
    if exc.fields or exc.field is None:
        return exc.fields
    message = text(exc)
    return {exc.field: message if exc.code in UNLISTED else [message]}
