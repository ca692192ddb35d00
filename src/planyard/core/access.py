"""Project permissions, named as Taiga names them (the shared vocabulary of all four APIs)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from planyard.core.context import Context
from planyard.db.locks import lock_for_write
from planyard.kit.errors import Forbidden, NotAuthenticated, NotFound
from planyard.models import Membership, Project, Role

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


@dataclass
class ProjectAccess:
    """What the acting user may do in one project."""

    permissions: list[str] = field(default_factory=list)
    is_member: bool = False
    is_admin: bool = False
    is_owner: bool = False
    membership: Membership | None = None

    def can(self, permission: str) -> bool:
        return permission in self.permissions


def access_for(
    project: Project,
    user_id: int | None,
    is_superuser: bool,
    membership: Membership | None,
    role: Role | None,
) -> ProjectAccess:
    is_owner = user_id is not None and project.owner_id == user_id
    if membership is not None and membership.user_id is not None:
        # Taiga's rule: a member holds the role's permissions plus what anyone logged in may do.
        is_admin = membership.is_admin or is_owner
        granted = set(role.permissions if role else []) | set(project.anon_permissions or [])
        granted |= set(project.public_permissions or [])
        if is_admin:
            granted |= VALID_PERMISSIONS
        perms = [p for p in ALL_PERMISSIONS if p in granted]
        return ProjectAccess(perms, True, is_admin, is_owner, membership)
    if is_superuser:
        return ProjectAccess(list(ALL_PERMISSIONS), False, True, is_owner)
    perms = list(project.anon_permissions or [])
    if user_id is not None:
        perms += [p for p in project.public_permissions or [] if p not in perms]
    return ProjectAccess(perms, False, False, is_owner)


def project_access(ctx: Context, project: Project) -> ProjectAccess:
    membership, role = None, None
    if ctx.actor is not None:
        row = ctx.session.execute(
            select(Membership, Role)
            .join(Role, Role.id == Membership.role_id)
            .where(Membership.project_id == project.id, Membership.user_id == ctx.actor.id)
        ).first()
        if row:
            membership, role = row
    return access_for(project, ctx.actor_id, bool(ctx.actor and ctx.actor.is_superuser), membership, role)


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
