"""Per-user, per-project settings (Taiga's user-project-settings): the section a project opens on.
There is one settings object per membership, so it takes the membership's id; the chosen homepage
lives in users.extra["project_settings"][<project id>] (no table of its own)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select

from planyard.core import history
from planyard.core.access import Standing, access_for
from planyard.core.context import Context
from planyard.kit.errors import Invalid, NotFound
from planyard.models import Membership, Project, Role, User

TIMELINE = 1  # Taiga's sections: 1 timeline, 2 epics, 3 backlog, 4 kanban, 5 issues, 6 wiki
# Module switch, its section and the permission that opens it, in Taiga's order.
MODULES = (
    ("is_epics_activated", 2, "view_epics"), ("is_backlog_activated", 3, "view_us"),
    ("is_kanban_activated", 4, "view_us"), ("is_wiki_activated", 6, "view_wiki_pages"),
    ("is_issues_activated", 5, "view_issues"),
)  # fmt: skip
EXTRA_KEY = "project_settings"


@dataclass
class ProjectSettings:
    id: int
    project: Project
    homepage: int
    allowed_sections: list[int]


def list_settings(ctx: Context, project_id: int | None = None) -> list[ProjectSettings]:
    user = ctx.require_user()
    stmt = _query(user).order_by(Membership.user_order, Membership.id)
    if project_id is not None:
        stmt = stmt.where(Membership.project_id == project_id)
    return [_settings(user, *row) for row in ctx.session.execute(stmt)]


def get_settings(ctx: Context, settings_id: int) -> ProjectSettings:
    user = ctx.require_user()
    row = ctx.session.execute(_query(user).where(Membership.id == settings_id)).first()
    if row is None:
        raise NotFound(entity="user_project_settings")
    return _settings(user, *row)


def set_homepage(ctx: Context, settings_id: int, homepage: int | None) -> ProjectSettings:
    """`None` goes back to the default (the timeline)."""
    user = ctx.require_user_to_write()
    current = get_settings(ctx, settings_id)
    if homepage is not None and homepage not in current.allowed_sections:
        raise Invalid(code="no_access", field="homepage")
    stored = dict((user.extra or {}).get(EXTRA_KEY, {}))
    key = str(current.project.id)
    if homepage is None:
        stored.pop(key, None)
    else:
        stored[key] = {"homepage": homepage}
    user.extra = {**(user.extra or {}), EXTRA_KEY: stored}
    new = homepage or TIMELINE
    if new != current.homepage:
        history.record(ctx, target_type="user_project_settings", target_id=current.id, project_id=current.project.id,
                       action="change", diff={"homepage": [current.homepage, new]})  # fmt: skip
    current.homepage = new
    return current


def start_section(ctx: Context, project_id: int) -> int | None:
    """The section the acting user chose to open the project on (None: not chosen)."""
    stored = (ctx.actor.extra or {}).get(EXTRA_KEY, {}) if ctx.actor is not None else {}
    homepage = (stored.get(str(project_id)) or {}).get("homepage")
    return homepage if isinstance(homepage, int) else None


def _query(user: User) -> Select[Membership, Project, Role]:
    return (
        select(Membership, Project, Role)
        .join(Project, Project.id == Membership.project_id)
        .join(Role, Role.id == Membership.role_id)
        .where(Membership.user_id == user.id)
    )


def _settings(user: User, membership: Membership, project: Project, role: Role) -> ProjectSettings:
    access = access_for(project, user.id, user.is_superuser, Standing(membership, role))
    allowed = [TIMELINE] + [section for flag, section, perm in MODULES if getattr(project, flag) and access.can(perm)]
    stored = (user.extra or {}).get(EXTRA_KEY, {}).get(str(project.id), {})
    return ProjectSettings(membership.id, project, stored.get("homepage", TIMELINE), allowed)
