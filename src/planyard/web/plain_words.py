"""Plain words for the core's error codes, for a dialect that has no words of its own for a code (its
messages.py first): the codes only the newer APIs reach (checklists, relations, blockers, time entries,
workflows, boards, item types, design elements) and the common ones. Taiga words its own codes
(dialects/taiga/messages.py) and does not read these."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planyard.kit import errors

TEXTS: dict[str, str] = {
    "not_found": "No {name} matches the given query.",
    "required": "This field is required.",
    "blank": "This field may not be blank.",
    "does_not_exist": 'Invalid pk "{pk}" - object does not exist.',
    "invalid_choice": '"{value}" is not a valid choice.',
    "duplicate": "Duplicated name",
    "already_released": "The blocker is released already.",
    "dependency_cycle": "This dependency would close a cycle.",
    "tree_cycle": "An element cannot move under itself or its own children.",
    "out_of_range": "Ensure this value is a whole number from {min} to {max}.",
    "workflow_not_shown": "No board of the project shows that workflow for that kind of item.",
    "unknown_workflow": "There's no workflow with that id in the project's workspace.",
    "unknown_item_type": "Invalid item type for the project.",
    "foreign_parent": "The parent must be another status of the same workflow.",
    "too_deep": "Sub-columns are one level deep.",
    "invalid_move_to": "Invalid value: it must be another value of the same project.",
    "move_to_required": "Name the value the others move to.",
    "too_long": "Ensure this field has no more than {max_length} characters.",
    "too_many": "Ensure this field has no more than {max_length} elements.",
    "too_many_tags": "A project holds at most {max} tags.",
    "invalid_tag": "Invalid tag.",
    "invalid_color": "The color is not a valid HEX color.",
    "unknown_tag": "The tag doesn't exist.",
    "unknown_status": "Invalid status for the project.",
    "unknown_parent": "Invalid user story for the project.",
    "foreign_sprint": "Invalid sprint for the project.",
    "foreign_lane": "Invalid lane for the project.",
    "foreign_assignee": "The user must be a project member.",
    "foreign_item": "Invalid item for the project.",
    "foreign_issue_type": "Invalid issue type for the project.",
    "foreign_priority": "Invalid priority for the project.",
    "foreign_severity": "Invalid severity for the project.",
    "not_members": "Users {users} are not members of the project.",
    "invalid_username": "Required. 255 characters or fewer. Letters, numbers and /./-/_ characters",
    "username_taken": "Username is already in use.",
    "email_in_use": "Email is already in use.",
    "password_too_short": "Invalid password length, at least {min} characters needed",
    "comment_missing": "The comment is required.",
    "comment_deleted": "A deleted comment cannot be edited.",
    "already_deleted": "The comment is deleted already.",
    "not_deleted": "The comment is not deleted.",
    "image_too_large": "Upload a valid image. The image is too large (at most {max:,} pixels).",
    "invalid_image": "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
}
ENTITY_TEXTS: dict[tuple[str, str], str] = {
    ("self_reference", "blocker"): "An item cannot block itself.",
    ("self_reference", "relation"): "An item cannot be related to itself.",
    ("duplicate", "relation"): "The items are related already.",
    ("duplicate", "tag"): "This tag already exists.",
    ("invalid_move_to", "design_element_type"): "Invalid value: it must be another design element type of the project.",
    ("move_to_required", "design_element_type"): "The type has design elements: name the type they move to.",
}


def word(code: str, entity: str | None, params: Mapping[str, Any]) -> str | None:
    """The plain text of a code (None: no words for it); an entity's name is its key in words."""
    template = ENTITY_TEXTS.get((code, entity or "")) or TEXTS.get(code)
    if template is None or ("{name}" in template and entity is None):
        return None
    return template.format(name=(entity or "").replace("_", " "), **params)


def text(exc: errors.DomainError) -> str:
    """The error's text: the raiser's own, else the plain words of its code, else its class's default."""
    if exc.worded:
        return exc.message
    return word(exc.code, exc.entity, exc.params) or exc.message


def field_errors(exc: errors.Invalid) -> dict[str, list[Any]]:
    """The field -> texts of a bad input in plain words."""
    return {
        name: [
            p if not isinstance(p, errors.Problem) else word(p.code, exc.entity, p.params) or exc.message
            for p in (problems if isinstance(problems, list) else [problems])
        ]
        for name, problems in exc.fields.items()
    }
