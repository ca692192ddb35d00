"""Who may follow live events (core/live_events.py) and what: a socket's user by its token, and the
projects whose changes it may see."""

from __future__ import annotations

from planyard.core.access import project_access
from planyard.core.auth import authenticate
from planyard.core.context import Context
from planyard.models import Project, User


def may_follow(ctx: Context, user_id: int, project_id: int) -> bool:
    """Whether the user may see the project's changes live: as it may see the project."""
    user, project = ctx.session.get(User, user_id), ctx.session.get(Project, project_id)
    if user is None or not user.is_active or project is None:
        return False
    ctx.actor = user
    return project_access(ctx, project).can("view_project")


def follower_of_token(ctx: Context, token: str) -> int:
    """The id of the active user a login or API token belongs to (NotAuthenticated otherwise)."""
    return authenticate(ctx.session, ctx.env.settings, token).id
