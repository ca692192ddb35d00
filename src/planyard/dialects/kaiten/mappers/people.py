"""Core users and memberships as Kaiten people: the user fields every Kaiten user object shares, space
users (members with their access level as a tree entity role) and company users."""

from __future__ import annotations

from typing import Any

from planyard.core.access_levels import level_of
from planyard.dialects.kaiten.mappers.users import initials
from planyard.dialects.kaiten.mappers.values import time, uid
from planyard.models import Membership, Role, User, WorkspaceMember

APPS_FULL_ACCESS = "1"  # the seed's apps_permissions: 1 = full access (service desk denied)


def person(row: User) -> dict[str, Any]:
    """The seed's user fields (K20/K90/K100 share them)."""
    return {
        "id": row.id, "uid": uid("user", row.id), "full_name": row.full_name or row.username, "email": row.email,
        "username": row.username, "avatar_initials_url": None, "avatar_uploaded_url": row.photo,
        "initials": initials(row), "avatar_type": 3 if row.photo else 2, "lng": row.lang or "en",
        "timezone": row.timezone or "UTC", "theme": row.theme or "auto", "updated": time(row.date_joined),
        "created": time(row.date_joined), "activated": row.is_active, "ui_version": 2,
        "virtual": bool(row.extra.get("virtual", False)),
    }  # fmt: skip


def role_uid(level: int) -> str:
    return uid("access_role", level)


def access_record(project_id: int, membership: Membership, role: Role) -> dict[str, Any]:
    return {
        "entity_uid": uid("space", project_id), "user_id": membership.user_id, "access_mod": "",
        "own_access_mod": "", "own_role_ids": [role_uid(level_of(membership, role))],
    }  # fmt: skip


def space_user(row: Any, actor_id: int | None) -> dict[str, Any]:
    """A row of core memberships (Membership, member, Role, Project, inviter) as a space user."""
    record = access_record(row.Project.id, row.Membership, row.Role)
    return person(row.member) | record | {"apps_permissions": APPS_FULL_ACCESS, "current": row.member.id == actor_id}


def invited(row: Any) -> dict[str, Any]:
    """The answer of adding a user to a space: the user and the access record."""
    return {"user": person(row.member), "access_record": access_record(row.Project.id, row.Membership, row.Role),
            "message": "User added"}  # fmt: skip


def role_of(user: User, standing: WorkspaceMember | None) -> int:
    """Kaiten's company role: 1 owner (an admin), 2 user, 3 deactivated."""
    if not user.is_active or (standing is not None and not standing.is_active):
        return DEACTIVATED
    return OWNER if standing is not None and standing.is_admin else USER


OWNER, USER, DEACTIVATED = 1, 2, 3


def standing_changes(role: int | None, permissions: int | None) -> dict[str, Any]:
    changes: dict[str, Any] = {} if permissions is None else {"permissions": permissions}
    if role is not None:
        changes |= {"is_admin": role == OWNER, "is_active": role != DEACTIVATED}
    return changes


def company_user(row: Any, workspace_id: int) -> dict[str, Any]:
    """A row of (user, standing or None) as a company user."""
    user, standing = row.User, row.WorkspaceMember
    permissions = standing.permissions if standing is not None else 0
    return person(user) | {
        "user_id": user.id, "company_id": workspace_id, "default_space_id": None, "permissions": permissions,
        "own_permissions": permissions, "role": role_of(user, standing), "email_blocked": None,
        "email_blocked_reason": None, "delete_requested_at": None, "email_frequency": 2,
        "email_settings": {"deadlines": False, "subject_by": 1}, "slack_id": None, "slack_settings": None,
        "notification_settings": {}, "notification_enabled_channels": [], "slack_private_channel_id": None,
        "telegram_sd_bot_enabled": False, "invite_last_sent_at": time(user.date_joined),
        "apps_permissions": APPS_FULL_ACCESS, "external": False, "last_request_date": None,
        "last_request_method": None,
    }  # fmt: skip


PROFILE_NAMES = {"full_name": "full_name", "username": "username", "lng": "lang", "timezone": "timezone",
                 "theme": "theme"}  # fmt: skip


def profile_to_core(fields: dict[str, Any]) -> dict[str, Any]:
    return {PROFILE_NAMES[name]: value for name, value in fields.items() if value is not None}
