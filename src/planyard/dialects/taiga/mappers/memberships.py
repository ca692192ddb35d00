"""Membership rows (membership, user, role, project, inviter) -> Taiga membership detail."""

from __future__ import annotations

from typing import Any

from planyard.core.context import Environment
from planyard.core.users import display_name
from planyard.dialects.taiga.mappers.users import gravatar_id, photo_url, user_basic


def membership_detail(env: Environment, row: Any, admin: bool) -> dict[str, Any]:
    m, user, role, project, inviter = row
    data: dict[str, Any] = {
        "id": m.id, "user": m.user_id, "project": m.project_id, "role": m.role_id, "is_admin": m.is_admin,
        "created_at": m.created_at, "invited_by": user_basic(env, inviter) if inviter else None,
        "invitation_extra_text": m.invitation_extra_text, "user_order": m.user_order, "role_name": role.name,
        "full_name": display_name(user) if user else None, "is_user_active": bool(user and user.is_active),
        "color": user.color if user else None, "photo": photo_url(env, user) if user else None,
        "gravatar_id": gravatar_id(user) if user else None, "project_name": project.name,
        "project_slug": project.slug, "is_owner": bool(user and user.id == project.owner_id),
    }  # fmt: skip
    if admin:
        data |= {"email": m.email, "user_email": user.email if user else None}
    return data
