"""Memberships and invitations: who belongs to a project, with which role, and pending invitations
(a membership without a user, carrying a token that registration redeems)."""

from __future__ import annotations

import re
import uuid
from typing import Any, cast

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased

from planyard.core import company, history, notify_policies
from planyard.core.access import load_project, project_access
from planyard.core.context import Context
from planyard.core.projects.service import visible_projects
from planyard.core.roles import writable_project
from planyard.kit.errors import Conflict, Invalid, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import Membership, Project, Role, User

TARGET = "membership"
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
Member = aliased(User, name="member")
Inviter = aliased(User, name="inviter")


def rows_query() -> Select[Any]:
    """Each membership with its user, role, project and inviter: one query for a whole page."""
    stmt = (
        select(Membership, Member, Role, Project, Inviter)
        .join(Role, Role.id == Membership.role_id)
        .join(Project, Project.id == Membership.project_id)
        .outerjoin(Member, Member.id == Membership.user_id)
        .outerjoin(Inviter, Inviter.id == Membership.invited_by_id)
    )
    return cast("Select[Any]", stmt)


def memberships_query(ctx: Context, project_id: int | None, role_id: int | None) -> Select[Any]:
    """Memberships of the projects the actor can see, in Taiga's order (project, then member name)."""
    visible = visible_projects(ctx).with_only_columns(Project.id)
    stmt = rows_query().where(Membership.project_id.in_(visible))
    if project_id is not None:
        stmt = stmt.where(Membership.project_id == project_id)
    if role_id is not None:
        stmt = stmt.where(Membership.role_id == role_id)
    return stmt.order_by(
        Membership.project_id, Member.full_name, Member.username, Member.email, Membership.email, Membership.id
    )


def is_project_admin(ctx: Context, project_id: int) -> bool:
    """Whether the actor administers the project (admins see members' emails)."""
    project = ctx.session.get(Project, project_id)
    return project is not None and project_access(ctx, project).is_admin


def get_row(ctx: Context, membership_id: int) -> tuple[Any, bool]:
    """(membership row, actor is admin of its project); NotFound when absent or invisible."""
    row = ctx.session.execute(rows_query().where(Membership.id == membership_id)).first()
    if row is None:
        raise NotFound(entity="membership")
    access = project_access(ctx, row.Project)
    if not access.can("view_project"):
        raise NotFound(entity="membership")
    return row, access.is_admin


def rows_for(ctx: Context, membership_ids: list[int]) -> list[Any]:
    """The rows of just-written memberships (the actor is their admin), in the given order."""
    rows = {r.Membership.id: r for r in ctx.session.execute(rows_query().where(Membership.id.in_(membership_ids)))}
    return [rows[i] for i in membership_ids]


def invitation_row(ctx: Context, token: str) -> Any:
    row = ctx.session.execute(
        rows_query().where(Membership.token == token, Membership.user_id.is_(None))
    ).first()  # fmt: skip
    if row is None:
        raise NotFound(entity="membership")
    return row


def _find_user(ctx: Context, identity: str) -> User | None:
    return ctx.session.scalar(
        select(User).where(or_(User.username == identity, func.lower(User.email) == identity.lower())).limit(1)
    )


def _already_member(ctx: Context, project_id: int, email: str, user: User | None) -> bool:
    match = func.lower(Membership.email) == email.lower()
    if user is not None:
        match = or_(match, Membership.user_id == user.id)
    return ctx.session.scalar(select(Membership.id).where(Membership.project_id == project_id, match)) is not None


def _require_verified_email(ctx: Context) -> None:
    if not ctx.require_user().verified_email:
        raise Invalid(code="email_unverified")


def _next_user_order(ctx: Context, user_id: int) -> int:
    current = ctx.session.scalar(select(func.max(Membership.user_order)).where(Membership.user_id == user_id))
    return (current or 0) + 1


def add(ctx: Context, project: Project, role: Role, user: User, **extra: Any) -> Membership:
    """Add an existing user (no invitation to accept; the caller checked the project and the user)."""
    return _add(ctx, project, role, user, user.email, **extra)


def _add(ctx: Context, project: Project, role: Role, user: User | None, email: str, **extra: Any) -> Membership:
    membership = Membership(
        project_id=project.id, role_id=role.id, user_id=user.id if user else None,
        email=user.email if user else email, token=None if user else str(uuid.uuid4()),
        invited_by_id=ctx.actor_id, user_order=_next_user_order(ctx, user.id) if user else 0, **extra,
    )  # fmt: skip
    ctx.session.add(membership)
    ctx.session.flush()
    history.record(
        ctx, target_type=TARGET, target_id=membership.id, project_id=project.id, action="create",
        snapshot={"user": membership.user_id, "email": membership.email, "role": role.id},
    )  # fmt: skip
    if user is not None:  # a project's member is a person of its workspace (made when missing)
        company.standing(ctx, project.workspace_id, user.id)
        notify_policies.give_member_policy(ctx, project.id, user.id)
    send_invitation(ctx, membership, project, user)
    return membership


def send_invitation(ctx: Context, membership: Membership, project: Project, user: User | None) -> None:
    """Mail the invitee after commit: a notice for an existing account, else an invitation link."""
    mailer, public_url = ctx.env.mailer, ctx.env.settings.public_url.rstrip("/")
    if user is not None:
        to, subject = user.email, f"You have been added to the project {project.name}"
        body = f"You are now a member of {project.name}: {public_url}/project/{project.slug}/"
    else:
        to, subject = membership.email or "", f"You have been invited to join {project.name}"
        body = (
            f"Join {project.name} at {public_url}/invitation/{membership.token}\nInvitation token: {membership.token}"
        )
    if membership.invitation_extra_text:
        body += f"\n\n{membership.invitation_extra_text}"
    ctx.uow.after_commit(lambda: mailer.send(to, subject, body))


def create_membership(ctx: Context, values: dict[str, Any]) -> Membership:
    """Add a user (by username or email) or invite an email address to a project."""
    project = writable_project(ctx, values["project"], "add_member")
    _require_verified_email(ctx)
    field = "username" if values.get("username") else "email"
    identity = (values.get(field) or "").strip()
    if not identity:
        raise Invalid(code="required", field="email")
    role = ctx.session.get(Role, values["role"])
    if role is None or role.project_id != project.id:
        raise Invalid(code="unknown_role", field="role")
    user = _find_user(ctx, identity)
    if user is None and not EMAIL_RE.match(identity):
        raise Invalid(code="invalid_email", field=field)
    if _already_member(ctx, project.id, user.email if user else identity, user):
        raise Invalid(code="already_member", field=field)
    return _add(
        ctx, project, role, user, identity, is_admin=bool(values.get("is_admin")),
        invitation_extra_text=values.get("invitation_extra_text"),
    )  # fmt: skip


def bulk_create(ctx: Context, project_id: int, items: list[tuple[int, str]], extra_text: str | None) -> list[int]:
    """Add or invite several people at once; all are validated before any is written."""
    project = writable_project(ctx, project_id, "add_member", field="project_id")
    _require_verified_email(ctx)
    role_ids = {role_id for role_id, _ in items}
    roles = {r.id: r for r in ctx.session.scalars(select(Role).where(Role.project_id == project.id))}
    if not role_ids <= roles.keys():
        raise Invalid(code="unknown_roles", field="bulk_memberships")
    resolved = [(roles[role_id], _find_user(ctx, identity.strip()), identity.strip()) for role_id, identity in items]
    if any(user is None and not EMAIL_RE.match(identity) for _, user, identity in resolved):
        raise Invalid(code="invalid_email", entity="invitation")
    emails = {(user.email if user else identity).lower() for _, user, identity in resolved}
    if len(emails) != len(resolved):
        raise Invalid(code="duplicate_invitation", field="bulk_memberships")
    for _, user, identity in resolved:
        if _already_member(ctx, project.id, user.email if user else identity, user):
            raise Invalid(code="already_member", entity="invitation", field="bulk_memberships")
    return [
        _add(ctx, project, role, user, identity, invitation_extra_text=extra_text).id
        for role, user, identity in resolved
    ]


def accept_invitation(ctx: Context, invitation: Membership, user: User) -> Membership:
    already = select(Membership.id).where(Membership.project_id == invitation.project_id, Membership.user_id == user.id)
    if ctx.session.scalar(already) is not None:
        raise Conflict(code="member_exists")
    invitation.user_id = user.id
    invitation.token = None
    invitation.email = user.email
    invitation.user_order = _next_user_order(ctx, user.id)
    ctx.session.flush()
    history.record(
        ctx,
        target_type=TARGET,
        target_id=invitation.id,
        project_id=invitation.project_id,
        action="change",
        diff={"user": [None, user.id]},
    )
    notify_policies.give_member_policy(ctx, invitation.project_id, user.id)
    return invitation


def _has_other_active_admin(ctx: Context, project_id: int, user_id: int) -> bool:
    stmt = (
        select(Membership.id)
        .join(User, User.id == Membership.user_id)
        .where(Membership.project_id == project_id, Membership.is_admin.is_(True), User.is_active.is_(True))
        .where(Membership.user_id != user_id)
        .limit(1)
    )
    return ctx.session.scalar(stmt) is not None


def _editable(ctx: Context, membership_id: int, permission: str) -> tuple[Membership, Project]:
    membership = ctx.session.get(Membership, membership_id)
    if membership is None:
        raise NotFound(entity="membership")
    try:
        project, _ = load_project(ctx, membership.project_id, permission)
    except NotFound:
        raise NotFound(entity="membership") from None
    return membership, project


def update_membership(ctx: Context, membership_id: int, changes: dict[str, Any]) -> Membership:
    """Change a member's role or admin flag; the owner stays admin and some active admin remains."""
    membership, project = _editable(ctx, membership_id, "add_member")
    if changes.get("project") not in (None, project.id):
        raise Invalid(code="invalid_operation", field="project")
    changes = {k: v for k, v in changes.items() if k in ("role", "is_admin") and v is not None}
    if "role" in changes:
        role = ctx.session.get(Role, changes["role"])
        if role is None or role.project_id != project.id:
            raise Invalid(code="unknown_role", field="role")
    demoted = membership.is_admin and changes.get("is_admin") is False and membership.user_id is not None
    if demoted and membership.user_id == project.owner_id:
        raise Invalid(code="owner_must_be_admin", field="is_admin")
    if demoted and not _has_other_active_admin(ctx, project.id, membership.user_id or 0):
        raise Invalid(code="admin_required", field="is_admin")
    before = {"role": membership.role_id, "is_admin": membership.is_admin}
    membership.role_id = changes.get("role", membership.role_id)
    membership.is_admin = changes.get("is_admin", membership.is_admin)
    ctx.session.flush()
    history.record(
        ctx, target_type=TARGET, target_id=membership.id, project_id=project.id, action="change",
        diff=history.diff_of(before, {"role": membership.role_id, "is_admin": membership.is_admin}),
    )  # fmt: skip
    return membership


def delete_membership(ctx: Context, membership_id: int) -> None:
    """Remove a member or cancel an invitation; never the owner nor the last active admin."""
    membership, project = _editable(ctx, membership_id, "remove_member")
    user_id = membership.user_id
    if (
        user_id is not None
        and membership.is_admin
        and (user_id == project.owner_id or not _has_other_active_admin(ctx, project.id, user_id))
    ):
        raise Invalid(code="owner_and_admin_required")
    history.record(
        ctx, target_type=TARGET, target_id=membership.id, project_id=project.id, action="delete",
        snapshot={"user": user_id, "email": membership.email, "role": membership.role_id},
    )  # fmt: skip
    ctx.session.delete(membership)
    ctx.session.flush()


def resend_invitation(ctx: Context, membership_id: int) -> Membership:
    membership, project = _editable(ctx, membership_id, "add_member")
    user = ctx.session.get(User, membership.user_id) if membership.user_id else None
    send_invitation(ctx, membership, project, user)
    return membership


def list_memberships(ctx: Context, project_id: int | None, role_id: int | None, query: ListQuery) -> Page[Any]:
    """Rows of (membership, user, role) as `rows_query` reads them."""
    return fetch_page(ctx.session, memberships_query(ctx, project_id, role_id), query.window, rows="entity_rows")


def membership_of(ctx: Context, project_id: int, user_id: int) -> Any:
    """The row (as `rows_query` reads it) of a user's membership in a project the actor sees."""
    row = ctx.session.execute(
        memberships_query(ctx, project_id, None).where(Membership.user_id == user_id)
    ).first()  # fmt: skip
    if row is None:
        raise NotFound(entity="user")
    return row


def add_members(ctx: Context, project_id: int, user_ids: list[int], role_id: int) -> list[int]:
    """Make these users members with `role_id` (those already members are left as they are); returns the
    ids of the new memberships."""
    members = set(ctx.session.scalars(select(Membership.user_id).where(Membership.project_id == project_id)))
    added = []
    for user in ctx.session.scalars(select(User).where(User.id.in_(user_ids)).order_by(User.id)):
        if user.id not in members:
            added.append(create_membership(ctx, {"project": project_id, "role": role_id, "username": user.username}).id)
    return added


def user_identity(ctx: Context, user_id: int) -> str:
    """The email that names an active user to `create_membership`."""
    user = ctx.session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotFound(entity="user")
    return user.email


def member_user_ids(ctx: Context, project_id: int) -> list[int]:
    """The users with a membership in the project, by membership id."""
    return list(ctx.session.scalars(select(Membership.user_id).where(Membership.project_id == project_id,
                                                                     Membership.user_id.is_not(None))
                                    .order_by(Membership.id)))  # fmt: skip
