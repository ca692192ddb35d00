"""HacknPlan's words for the core's errors, as the seed quotes them where it does ("Invalid values
object.", "Project not found.", "NotFound"); a field in error is named by its HacknPlan name. An error
whose raiser wrote its own text, or whose code has no words here, keeps its message."""

from __future__ import annotations

from typing import Any

from planyard.kit import errors

INVALID_VALUES = "Invalid values object."
INVALID_PAGING = "Invalid offset and limit values."
NOT_MULTIPART = "The content is not MIME multipart content."

TEXTS: dict[str, str] = {
    "not_authenticated": "Unauthorized",
    "invalid_token": "Unauthorized",
    "forbidden": "Forbidden",
    "not_found": "NotFound",
    "required": "is required",
    "blank": "must not be empty",
    "null": "must not be null",
    "too_long": "is too long",
}
# The seed's own sentences for state conflicts (and the like), whatever the error's fields.
STATES: dict[str, str] = {
    "invalid_comment": "Invalid comment text.",
    "already_archived": "The project is already closed.",
    "not_archived": "The project is already open.",
    "already_member": "The user is a member of the project already.",
    "last_role": "The last role of a project can't be deleted.",
    "last_stage": "The last stage of a project can't be deleted.",
    "item_type_in_use": "There are tasks assigned to the category, reassing the tasks before deleting it.",
    "last_item_type": "You can't delete the last category.",
    "default_priority": "The default importance level can't be deleted.",
    "board_is_closed": "The board is closed.",
    "sprint_closed": "The board is already closed.",
    "sprint_open": "The board is already open.",
    "release_closed": "The milestone is already closed.",
    "release_open": "The milestone is already open.",
    "last_design_element_type": "The design element type is the last one and can't be deleted.",
}
# The entity of a NotFound as the seed names it ("Project not found.").
ENTITY_NAMES = {
    "project": "Project", "workspace": "Workspace", "user": "User", "team": "Team", "board": "Board",
    "milestone": "Milestone", "stage": "Stage", "category": "Category", "importance_level": "Importance level",
    "tag": "Tag", "sprint": "Board", "release": "Milestone", "role": "Role", "design_element": "Design element",
    "design_element_type": "Design element type",
    "attachment": "Attachment", "comment": "Comment", "file": "File", "work_item": "Work item",
    "item_type": "Category",
}  # fmt: skip
# Core column names as HacknPlan names them.
FIELD_NAMES = {"name": "name", "due_date": "dueDate", "start_date": "startDate"}


def problem_text(problem: Any) -> str:
    if isinstance(problem, errors.Problem):
        return TEXTS.get(problem.code, problem.code.replace("_", " "))
    return str(problem)


def text(exc: errors.DomainError) -> str:
    if exc.code in STATES:
        return STATES[exc.code]
    if isinstance(exc, errors.Invalid) and exc.fields:
        return "; ".join(
            f"{FIELD_NAMES.get(name, name)}: {', '.join(problem_text(p) for p in problems)}"
            for name, problems in exc.fields.items()
        )
    if exc.worded:
        return exc.message
    if isinstance(exc, errors.NotFound) and exc.entity in ENTITY_NAMES:
        return f"{ENTITY_NAMES[exc.entity]} not found."
    if isinstance(exc, errors.Invalid) and exc.code == "invalid":
        return INVALID_VALUES
    return TEXTS.get(exc.code, exc.message)


# Work items and what hangs on them.
STATES.update({
    "tag_already_assigned": "The tag is already assigned to the work item.",
    "user_inactive": "The user is inactive",
})  # fmt: skip
ENTITY_NAMES.update({
    "story": "Work item", "task": "Work item", "issue": "Work item", "epic": "Work item", "check_item": "Subtask",
    "time_entry": "Work log", "dependency": "Dependency",
})  # fmt: skip
FIELD_NAMES.update({
    "subject": "title", "status_id": "stageId", "sprint_id": "boardId", "priority_id": "importanceLevelId",
    "parent_id": "parentStoryId", "design_element_id": "designElementId", "item_type": "categoryId",
    "assigned_users": "assignedUserIds", "estimate": "estimatedCost", "tag": "tagId", "text": "text",
})  # fmt: skip
INVALID_COMMENT = "Invalid comment text."
INVALID_SUBTASK = "Invalid subtask title."
INVALID_DEPENDENCY = "Invalid dependency."
INVALID_LOG_VALUE = "Invalid log value."
FILE_TOO_BIG = "File size limit exceeded."
STATES.update({"file_too_big": FILE_TOO_BIG})
ENTITY_NAMES.update({"webhook": "Webhook"})
