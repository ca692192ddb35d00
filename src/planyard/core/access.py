"""Project permissions, named as Taiga names them (the shared vocabulary of all four APIs), and the one rule
for a user's standing in a project: the best of their own membership and the access levels granted to the
teams they are in (a grant on the project's tree entry)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from planyard.core.context import Context
from planyard.db.locks import lock_for_write
from planyard.kit.errors import Forbidden, NotAuthenticated, NotFound
from planyard.models import Membership, Project, Role, TeamGrant, TeamMember, TreeEntity

ANON_PERMISSIONS = [
    "view_project", "view_milestones", "view_epics", "view_us", "view_tasks", "view_issues",
    "view_wiki_pages", "view_wiki_links",
]  # fmt: skip

MEMBER_PERMISSIONS = [
    "view_project",
    "view_milestones", "add_milestone", "modify_milestone", "delete_milestone",
    "view_epics", "add_epic", "modify_epic", "comment_epic", "delete_epic",
    "view_us", "add_us", "modify_us", "comment_us", "delete_us",
    "view_tasks", "add_task", "modify_task", "comment_task", "delete_task",
    "view_issues", "add_issue", "modify_issue", "comment_issue", "delete_issue",
    "view_wiki_pages", "add_wiki_page", "modify_wiki_page", "comment_wiki_page", "delete_wiki_page",
    "view_wiki_links", "add_wiki_link", "modify_wiki_link", "delete_wiki_link",
]  # fmt: skip

ADMIN_PERMISSIONS = [
    "modify_project", "delete_project", "add_member", "remove_member", "admin_project_values",
    "admin_roles",
]  # fmt: skip

ALL_PERMISSIONS = MEMBER_PERMISSIONS + ADMIN_PERMISSIONS
VALID_PERMISSIONS = frozenset(ALL_PERMISSIONS)

# Access levels (reader, writer, admin): what a team grant gives, and what the APIs that give a member a
# level rather than a role set (core/access_levels.py).
READER, WRITER, ADMIN = 1, 2, 3
LEVELS = (READER, WRITER, ADMIN)
LEVEL_PERMISSIONS = {
    READER: [p for p in MEMBER_PERMISSIONS if p.startswith(("view_", "comment_"))],
    WRITER: list(MEMBER_PERMISSIONS),
    ADMIN: list(ALL_PERMISSIONS),
}


@dataclass(frozen=True)
class Standing:
    """A user's own membership of a project (with its role) and the best level their teams are granted."""

    membership: Membership | None = None
    role: Role | None = None
    level: int | None = None

    @property
    def is_admin(self) -> bool:
        return bool(self.membership is not None and self.membership.is_admin) or self.level == ADMIN

    def granted(self) -> set[str]:
        """The permissions the standing itself gives (the project's anon/public ones aside)."""
        if self.is_admin:
            return set(VALID_PERMISSIONS)
        own = set(self.role.permissions or []) if self.membership is not None and self.role is not None else set()
        return own | set(LEVEL_PERMISSIONS.get(self.level or 0, []))

    def __bool__(self) -> bool:
        return self.membership is not None or self.level is not None


def standings(session: Session, user_id: int, project_ids: Iterable[int] | None = None) -> dict[int, Standing]:
    """project id -> the user's standing, for the projects (None: every project) where they have one; one
    query (a project's teams' best level is a correlated subquery on indexed columns)."""
    best_level = (
        select(func.max(TeamGrant.level))
        .join(TreeEntity, TreeEntity.id == TeamGrant.tree_entity_id)
        .join(TeamMember, TeamMember.team_id == TeamGrant.team_id)
        .where(TreeEntity.project_id == Project.id, TeamMember.user_id == user_id)
        .scalar_subquery()
    )
    stmt = (
        select(Project.id, Membership, Role, best_level)
        .outerjoin(Membership, and_(Membership.project_id == Project.id, Membership.user_id == user_id))
        .outerjoin(Role, Role.id == Membership.role_id)
        .where(standing_project_ids(user_id) if project_ids is None else Project.id.in_(list(project_ids)))
    )
    found = {project_id: Standing(m, r, level) for project_id, m, r, level in session.execute(stmt)}
    return {project_id: standing for project_id, standing in found.items() if standing}


def standing_project_ids(user_id: int, *, admin: bool = False) -> Any:
    """A condition on `Project.id`: projects where the user has a membership or a team grant (`admin`:
    an admin membership or an admin level)."""
    own = select(Membership.project_id).where(Membership.user_id == user_id)
    through_teams = (
        select(TreeEntity.project_id)
        .join(TeamGrant, TeamGrant.tree_entity_id == TreeEntity.id)
        .join(TeamMember, TeamMember.team_id == TeamGrant.team_id)
        .where(TeamMember.user_id == user_id, TeamGrant.level.is_not(None))
    )
    if admin:
        own, through_teams = own.where(Membership.is_admin), through_teams.where(TeamGrant.level == ADMIN)
    return or_(Project.id.in_(own), Project.id.in_(through_teams))


@dataclass
class ProjectAccess:
    """What the acting user may do in one project."""

    permissions: list[str] = field(default_factory=list)
    is_member: bool = False  # an own membership or a team grant
    is_admin: bool = False
    is_owner: bool = False
    membership: Membership | None = None

    def can(self, permission: str) -> bool:
        return permission in self.permissions


def access_for(project: Project, user_id: int | None, is_superuser: bool, standing: Standing | None) -> ProjectAccess:
    is_owner = user_id is not None and project.owner_id == user_id
    if standing:
        # Taiga's rule: a member holds the role's (and their teams' levels') permissions plus what anyone
        # logged in may do.
        is_admin = standing.is_admin or is_owner
        granted = standing.granted() | set(project.anon_permissions or []) | set(project.public_permissions or [])
        if is_admin:
            granted |= VALID_PERMISSIONS
        perms = [p for p in ALL_PERMISSIONS if p in granted]
        return ProjectAccess(perms, True, is_admin, is_owner, standing.membership)
    if is_superuser:
        return ProjectAccess(list(ALL_PERMISSIONS), False, True, is_owner)
    perms = list(project.anon_permissions or [])
    if user_id is not None:
        perms += [p for p in project.public_permissions or [] if p not in perms]
    return ProjectAccess(perms, False, False, is_owner)


def project_access(ctx: Context, project: Project) -> ProjectAccess:
    standing = standings(ctx.session, ctx.actor.id, [project.id]).get(project.id) if ctx.actor else None
    return access_for(project, ctx.actor_id, bool(ctx.actor and ctx.actor.is_superuser), standing)


def load_project(ctx: Context, project_id: int, permission: str = "view_project") -> tuple[Project, ProjectAccess]:
    """The project and the actor's access, or NotFound when it can't be seen, Forbidden/NotAuthenticated
    when it can be seen but `permission` is missing."""
    project = ctx.session.get(Project, project_id)
    if project is None:
        raise NotFound(entity="project")
    lock_for_write(ctx.session, project)  # a project's writers take turns
    ctx.hold(project)
    access = project_access(ctx, project)
    if not access.can("view_project"):
        raise NotFound(entity="project")
    require(ctx, access, permission)
    return project, access


def require(ctx: Context, access: ProjectAccess, permission: str) -> None:
    if not access.can(permission):
        if ctx.actor is None:
            raise NotAuthenticated()
        raise Forbidden()


def default_visibility_permissions(is_private: bool) -> tuple[list[str], list[str]]:
    """(anon_permissions, public_permissions) a project gets when its privacy is set."""
    return ([], []) if is_private else (list(ANON_PERMISSIONS), list(ANON_PERMISSIONS))
