"""Taiga's words for the core's typed errors: a text per error code, formatted with the error's `field`,
its `params` and `name` (Taiga's name of the error's `entity`), as taiga-back writes them. An error whose
raiser wrote its own text, or whose code has no words here, keeps its message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planyard.kit import errors

TEXTS: dict[str, str] = {
    "not_authenticated": "Authentication credentials were not provided.",
    "forbidden": "You do not have permission to perform this action.",
    "not_found": "No {name} matches the given query.",
    "required": "This field is required.",
    "blank": "This field may not be blank.",
    "invalid_url": "Enter a valid URL.",
    "private_url": "Not allowed IP Address",
    "does_not_exist": 'Invalid pk "{pk}" - object does not exist.',
    "unknown_project": "There's no project with that id",
    "unknown_sprint": "The milestone isn't valid for the project",
    "unknown_role": "Invalid role for the project",
    "unknown_ids": "Invalid ids for this project: {ids}",
    "duplicate": "Duplicated name",
    "due_dates_exist": "Project does already have due dates",
    "slug_taken": "Wiki page with this Project and Slug already exists.",
    "dates_out_of_order": "The estimated start must be previous to the estimated finish.",
    "unknown_users": "Watchers contains invalid users",
    "invalid_choice": '"{value}" is not a valid choice.',
    "not_an_object": 'Invalid content. It must be {{"key": "value",...}}',
    "unknown_keys": "It contains invalid custom fields.",
    "foreign_object": "The object does not belong to this project.",
    "empty_file": "The submitted file is empty.",
    "file_too_big": "The file is too big (max {limit} bytes).",
    "not_members": "Users {users} are not members of the project.",
    "unknown_points": "Invalid role or points for the project: roles {roles}.",
    "move_unsupported": "Moving an epic to another project is not supported.",
    "unknown_status": "Invalid status for the project.",
    "line_too_long": "A line has more than {max} characters.",
    "unknown_parent": "Invalid user story for the project.",
    "already_related": "This user story is already related to the epic.",
    "lane_required": "Cannot set swimlane to None if there are available swimlanes",
    "default_lane_kept": "The default swimlane cannot be deleted.",
    "move_to_required": "Query param 'moveTo' is required",
    "invalid_move_to": "Invalid value: it must be another value of the same project.",
    "no_access": "You don't have access to this section",
    "email_unverified": "To add members to a project, first you have to verify your email address",
    "invalid_email": "Enter a valid email address.",
    "already_member": "The user yet exists in the project",
    "member_exists": "This user is already a member of the project.",
    "unknown_roles": "Invalid role ids. All roles must belong to the same project.",
    "duplicate_invitation": "You are attempting to invite the same email address multiple times.",
    "invalid_operation": "Invalid operation",
    "owner_must_be_admin": "The project owner must be admin.",
    "admin_required": "At least one user must be an active admin for this project.",
    "owner_and_admin_required": "The project must have an owner and at least one of the users must be an active admin",
    "blocked": "Blocked element",
    "bad_credentials": "No active account found with the given credentials",
    "invalid_token": "Invalid token",
    "token_revoked": "Token is blacklisted",
    "token_expired": "Token has expired",
    "token_type_invalid": "Given token not valid for any token type",
    "inactive_user": "User not found or inactive",
    "registration_closed": "Public registration is disabled.",
    "credentials_mismatch": "Username or password does not matches user.",
    "current_password_required": "Current password parameter needed",
    "new_password_required": "New password parameter needed",
    "password_too_short": "Invalid password length at least {min} characters needed",
    "wrong_password": "Invalid current password",
    "invalid_username_or_email": "Invalid username or email",
    "too_short": "Ensure this field has at least {min} characters.",
    "invalid_user_id": "Invalid user id",
    "unknown_user": "The user doesn't exist",
    "not_member": "You are not a member of this project",
    "not_a_dict": "Expected a dictionary of items.",
    "template_name_missing": "Invalid template name",
    "template_description_missing": "Invalid template description",
    "foreign_users": "Every user must be a member of the duplicated project.",
    "no_roles": "The project has no roles to duplicate.",
    "owner_cannot_leave": "You can't leave the project if you are the owner or there are no more admins",
    "email_taken": "Duplicated email",
    "null": "This field may not be null.",
    "unknown_permission": "Invalid permission: {value}",
    "no_file": "No file was submitted.",
    "not_an_integer": "A valid integer is required.",
    "too_many_lines": "Ensure this field has no more than {max} lines.",
    "lines_too_long": "Ensure every line has no more than {max} characters.",
    "archived": "Archived element",
    "version_conflict": "The version doesn't match with the current one",
    "unstorable": "A value in the request cannot be stored in its field.",
    "too_long": "Ensure this field has no more than {max_length} characters.",
    "too_many_tags": "A project holds at most {max} tags.",
    "invalid_tag": "Invalid tag.",
    "invalid_color": "The color is not a valid HEX color.",
    "unknown_tag": "The tag doesn't exist.",
    "foreign_sprint": "Invalid milestone for the project.",
    "foreign_lane": "Invalid swimlane for the project.",
    "foreign_assignee": "The user must be a project member.",
    "foreign_item": "Invalid item for the project.",
    "foreign_issue_type": "Invalid issue type for the project.",
    "foreign_priority": "Invalid priority for the project.",
    "foreign_severity": "Invalid severity for the project.",
    "invalid_username": "Required. 255 characters or fewer. Letters, numbers and /./-/_ characters",
    "username_taken": "Username is already in use.",
    "email_in_use": "Email is already in use.",
    "comment_missing": "comment is required",
    "comment_deleted": "deleted comments can't be edited",
    "already_deleted": "Comment already deleted",
    "not_deleted": "Comment not deleted",
    "image_too_large": "Upload a valid image. The image is too large (at most {max:,} pixels).",
    "invalid_image": "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",
}
# Where Taiga words a code its own way for one entity's resource.
ENTITY_TEXTS: dict[tuple[str, str], str] = {
    ("unknown_project", "epic"): "There's no project with that id.",
    ("duplicate", "custom_field"): "Already exists one with the same name.",
    ("invalid_choice", "custom_field"): "Select a valid choice. {value} is not one of the available choices.",
    ("foreign_items", "issue"): "All the issues must be from the same project",
    ("foreign_items", "task"): "All the tasks must be from the same project",
    ("invalid_token", "refresh"): "Token is invalid or expired",
    ("invalid_token", "transfer"): "Token is invalid",
    ("invalid_token", "password_recovery"): "Token is invalid",
    ("invalid_token", "cancel"): "Invalid, are you sure the token is correct?",
    ("invalid_token", "email_change"): "Invalid, are you sure the token is correct and you didn't use it before?",
    ("not_member", "transfer"): "The user must already be a project member",
    ("invalid_email", "user"): "Invalid email",
    ("invalid_email", "invitation"): "Malformed email adress.",
    ("already_member", "invitation"): "The user with this email address is already added to the project.",
    ("unknown_project", "move"): "The project doesn't exist",
    ("duplicate", "project_template"): "Project template with this Slug already exists.",
    ("invalid_move_to", "lane"): "Invalid value: it must be another swimlane of the same project.",
    ("duplicate", "tag"): "This tag already exists.",
    ("default_due_date_kept", "story"): "You can't delete the default due date status of a user story",
    ("default_due_date_kept", "task"): "You can't delete the default due date status of a task",
    ("default_due_date_kept", "issue"): "You can't delete the default due date status of an issue",
    ("password_too_short", "new_user"): "Invalid password length, at least {min} characters needed",
    ("username_taken", "profile"): "Invalid username. Try with a different one.",
    ("unknown_sprint", "bulk_task"): "Invalid milestone id. The milestone must belong to the same project.",
    ("unknown_status", "bulk_task"): "Invalid task status id. The status must belong to the same project.",
    ("unknown_parent", "bulk_task"): "Invalid user story id. The user story must belong to the same project.",
    ("out_of_scope", "bulk_task"): "Invalid task ids. All tasks must belong to the same project and, if given, to "
    "the same status, user story and/or milestone.",
}
# Taiga's (Django's) model names of the core's entities, as its "No ... matches" texts show them.
NAMES: dict[str, str] = {
    "project": "Project", "role": "Role", "user": "User", "lane": "Swimlane", "attachment": "Attachment",
    "wiki_page": "wiki page", "history_entry": "history entry", "user_project_settings": "UserProjectSettings",
    "epic": "Epic", "story": "User story", "task": "Task", "issue": "Issue", "epic_story": "RelatedUserStory",
    "project_template": "ProjectTemplate", "sprint": "Milestone", "lane_status": "SwimlaneUserStoryStatus",
    "membership": "Membership", "notification": "WebNotification", "board": "Board",
    "notify_policy": "NotifyPolicy", "wiki_link": "wiki link", "application": "Application",
    "application_token": "ApplicationToken",
}  # fmt: skip
# Fields whose message Taiga gives as a plain string, not a list of messages.
UNLISTED = frozenset({"version_conflict"})
# Errors Taiga tells as {"error": text} (the comment actions of an item's history).
UNDER_ERROR = frozenset({"comment_missing", "comment_deleted", "already_deleted", "not_deleted"})


def text(exc: errors.DomainError) -> str:
    if exc.worded:
        return exc.message
    return word(exc.code, exc.entity, exc.field, exc.params) or exc.message


def word(code: str, entity: str | None, field: str | None, params: Mapping[str, Any]) -> str | None:
    """Taiga's text for a code (None: Taiga has no words for it)."""
    template = ENTITY_TEXTS.get((code, entity or "")) or TEXTS.get(code)
    if template is None or ("{name}" in template and entity is None):
        return None  # e.g. a bare NotFound keeps its "Not found."
    return template.format(name=NAMES.get(entity or "", entity), field=field, **params)


def field_errors(exc: errors.Invalid) -> dict[str, Any]:
    """The field -> messages body of a bad input, each problem in Taiga's words."""
    body: dict[str, Any] = {}
    for name, problems in exc.fields.items():
        if not isinstance(problems, list):
            body[name] = problems
            continue
        body[name] = [_worded(exc, name, p) for p in problems]
        if len(problems) == 1 and isinstance(problems[0], errors.Problem) and problems[0].code in UNLISTED:
            body[name] = body[name][0]
    return body


def _worded(exc: errors.Invalid, name: str, problem: Any) -> Any:
    if not isinstance(problem, errors.Problem):
        return problem
    return word(problem.code, exc.entity, name, problem.params) or exc.message
