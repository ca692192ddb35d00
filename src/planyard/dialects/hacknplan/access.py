"""HacknPlan's permission markers over the core's project access: an unmarked endpoint is for the
project's members, `[ADMIN]` for its admins, `[OWNER]` for its owner, `[ADMIN/SELF]` for admins or the
user the path names. A project the actor can't see is 404; one seen but not allowed is 403 (an outsider
of a public project sees it through Taiga, not through HacknPlan: HacknPlan projects are members-only)."""

from __future__ import annotations

from planyard.core.access import ProjectAccess, load_project
from planyard.core.context import Context
from planyard.kit.errors import Forbidden, NotFound
from planyard.models import Project

INT32_MAX = 2**31 - 1


def checked_id(value: int, entity: str) -> int:
    """A path id: HacknPlan's ids are int32, so one outside 1..2^31-1 names nothing."""
    if not 0 < value <= INT32_MAX:
        raise NotFound(entity=entity)
    return value


def member(ctx: Context, project_id: int) -> tuple[Project, ProjectAccess]:
    ctx.require_user()
    project, access = load_project(ctx, checked_id(project_id, "project"))
    if not (access.is_member or access.is_admin):
        raise Forbidden()
    return project, access


def admin(ctx: Context, project_id: int) -> tuple[Project, ProjectAccess]:
    project, access = member(ctx, project_id)
    if not access.is_admin:
        raise Forbidden()
    return project, access


def owner(ctx: Context, project_id: int) -> tuple[Project, ProjectAccess]:
    project, access = member(ctx, project_id)
    if not (access.is_owner or ctx.require_user().is_superuser):
        raise Forbidden()
    return project, access


def admin_or_self(ctx: Context, project_id: int, user_id: int) -> tuple[Project, ProjectAccess]:
    project, access = member(ctx, project_id)
    if not (access.is_admin or ctx.require_user().id == user_id):
        raise Forbidden()
    return project, access
