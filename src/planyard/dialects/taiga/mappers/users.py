"""ORM users -> Taiga user shapes."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from typing import Any

from planyard.core.auth import TokenPair
from planyard.core.context import Environment
from planyard.core.user_content import ContentEntry, UserStats
from planyard.core.users import display_name
from planyard.models import Project, User


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


def person_photos(env: Environment, user: User | None) -> dict[str, Any]:
    """photo, big_photo and gravatar_id of a person in a filter list (all null for "nobody")."""
    photo = photo_url(env, user) if user else None
    return {"photo": photo, "big_photo": photo, "gravatar_id": gravatar_id(user) if user else None}


def user_detail(env: Environment, user: User, roles: list[str] | None = None) -> dict[str, Any]:
    return user_basic(env, user) | {
        "full_name": user.full_name, "color": user.color, "bio": user.bio, "lang": user.lang,
        "theme": user.theme, "timezone": user.timezone, "roles": roles or [],
    }  # fmt: skip


def user_admin_detail(
    env: Environment, user: User, totals: tuple[int, int], roles: list[str] | None = None
) -> dict[str, Any]:
    private, public = totals
    return user_detail(env, user, roles) | {
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


def user_contact(env: Environment, user: User, roles: list[str], shared: list[Project]) -> dict[str, Any]:
    projects = [{"id": p.id, "slug": p.slug, "name": p.name} for p in shared]
    return user_detail(env, user, roles) | {"projects_with_me": projects}


def user_stats(stats: UserStats) -> dict[str, Any]:
    return asdict(stats)


def _project_content(env: Environment, facts: dict[str, Any]) -> dict[str, Any]:
    p: Project = facts["project"]
    tags = set(facts["tags"])
    return {
        "ref": None, "slug": p.slug, "name": p.name, "subject": None, "description": p.description,
        "assigned_to": None, "assigned_to_username": None, "assigned_to_full_name": None,
        "assigned_to_photo": None, "assigned_to_extra_info": None, "status": None, "status_color": None,
        "tags_colors": [{"name": name, "color": color} for name, color in facts["tags_colors"] if name in tags],
        "is_private": p.is_private, "logo_small_url": env.storage.url(p.logo) if p.logo else None,
        "project": None, "project_name": None, "project_slug": None, "project_is_private": None,
        "project_blocked_code": p.blocked_code,
    }  # fmt: skip


def _item_content(env: Environment, facts: dict[str, Any]) -> dict[str, Any]:
    item, status, project = facts["item"], facts["status"], facts["project"]
    assignee: User | None = facts["assignee"]
    return {
        "ref": item.ref, "slug": None, "name": None, "subject": item.subject, "description": None,
        "assigned_to": item.assigned_to_id,
        "assigned_to_username": assignee.username if assignee else None,
        "assigned_to_full_name": display_name(assignee) if assignee else None,
        "assigned_to_photo": photo_url(env, assignee) if assignee else None,
        "assigned_to_extra_info": user_basic(env, assignee) if assignee else None,
        "status": status.name if status else None, "status_color": status.color if status else None,
        "tags_colors": [{"name": name, "color": color} for name, color in facts["tags_colors"]],
        "is_private": None, "logo_small_url": None, "project": project.id, "project_name": project.name,
        "project_slug": project.slug, "project_is_private": project.is_private,
        "project_blocked_code": project.blocked_code,
    }  # fmt: skip


# Core content types -> Taiga's `type`.
CONTENT_TYPES = {"project": "project", "epic": "epic", "story": "userstory", "task": "task", "issue": "issue"}
CORE_CONTENT_TYPES = {wire: core for core, wire in CONTENT_TYPES.items()}


def highlighted_content(env: Environment, entry: ContentEntry) -> dict[str, Any]:
    render = _project_content if entry.type == "project" else _item_content
    data = render(env, entry.facts) | {
        "type": CONTENT_TYPES[entry.type], "id": entry.id, "created_date": entry.created_date,
        "is_watcher": entry.is_watcher, "total_watchers": entry.total_watchers,
    }  # fmt: skip
    if entry.type == "project":
        return data | {"is_fan": entry.is_voter, "total_fans": entry.total_votes}
    return data | {"is_voter": entry.is_voter, "total_voters": entry.total_votes}
