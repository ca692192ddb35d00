"""ORM users -> Taiga user shapes."""

from __future__ import annotations

import hashlib
from typing import Any

from planyard.core.auth import TokenPair
from planyard.core.context import Environment
from planyard.core.users import display_name
from planyard.models import User


def photo_url(env: Environment, user: User) -> str | None:
    return env.storage.url(user.photo) if user.photo else None


def gravatar_id(user: User) -> str:
    return hashlib.md5(user.email.strip().lower().encode(), usedforsecurity=False).hexdigest()


def user_basic(env: Environment, user: User) -> dict[str, Any]:
    photo = photo_url(env, user)
    return {
        "id": user.id, "username": user.username, "full_name_display": display_name(user),
        "photo": photo, "big_photo": photo, "gravatar_id": gravatar_id(user), "is_active": user.is_active,
    }  # fmt: skip


def user_detail(env: Environment, user: User, roles: list[str] | None = None) -> dict[str, Any]:
    return user_basic(env, user) | {
        "full_name": user.full_name, "color": user.color, "bio": user.bio, "lang": user.lang,
        "theme": user.theme, "timezone": user.timezone, "roles": roles or [],
    }  # fmt: skip


def user_admin_detail(env: Environment, user: User, totals: tuple[int, int]) -> dict[str, Any]:
    private, public = totals
    return user_detail(env, user) | {
        "email": user.email, "uuid": f"{user.id:032x}", "date_joined": user.date_joined,
        "read_new_terms": user.read_new_terms, "accepted_terms": user.accepted_terms,
        "verified_email": user.verified_email, "max_private_projects": user.max_private_projects,
        "max_public_projects": user.max_public_projects,
        "max_memberships_private_projects": user.max_memberships_private_projects,
        "max_memberships_public_projects": user.max_memberships_public_projects,
        "total_private_projects": private, "total_public_projects": public,
    }  # fmt: skip


def user_auth_detail(env: Environment, user: User, totals: tuple[int, int], tokens: TokenPair) -> dict[str, Any]:
    return user_admin_detail(env, user, totals) | {"auth_token": tokens.access, "refresh": tokens.refresh}
