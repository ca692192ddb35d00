"""Three access levels over project memberships (reader, writer, admin), for the APIs that give a member
a level rather than a role: a member's level is derived from the membership (admin) and its role (writer
when it may modify stories, else reader); setting a level gives the membership the project's role named
after it, made on first use with the level's permission set. Members are addressed by user id."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from planyard.core import memberships
from planyard.core.access import ADMIN, LEVEL_PERMISSIONS, LEVELS, READER, WRITER, load_project
from planyard.core.context import Context
from planyard.core.roles import create_role
from planyard.kit.errors import Conflict, Invalid, NotFound
from planyard.models import Membership, Project, Role, User

NAMES = {READER: "Reader", WRITER: "Writer", ADMIN: "Admin"}


def level_of(membership: Membership, role: Role) -> int:
    if membership.is_admin:
        return ADMIN
    return WRITER if "modify_us" in (role.permissions or []) else READER


def member_rows(ctx: Context, project_id: int) -> list[Any]:
    """The project's members with an account (rows of memberships.rows_query), in member-name order."""
    load_project(ctx, project_id)
    stmt = memberships.memberships_query(ctx, project_id, None).where(Membership.user_id.is_not(None))
    return list(ctx.session.execute(stmt))


def member_row(ctx: Context, project_id: int, user_id: int) -> Any:
    load_project(ctx, project_id)
    return _row(ctx, project_id, user_id)


def _row(ctx: Context, project_id: int, user_id: int) -> Any:
    stmt = memberships.rows_query().where(Membership.project_id == project_id, Membership.user_id == user_id)
    row = ctx.session.execute(stmt).first()
    if row is None:
        raise NotFound(entity="member")
    return row


def _level(level: int | None) -> int:
    if level not in LEVELS:
        raise Invalid(code="invalid_choice", field="role_id")
    return int(level)


def level_role(ctx: Context, project: Project, level: int) -> Role:
    stmt = select(Role).where(Role.project_id == project.id, Role.name == NAMES[level]).order_by(Role.id).limit(1)
    role = ctx.session.scalar(stmt)
    if role is None:
        role = create_role(ctx, project.id, {"name": NAMES[level], "permissions": LEVEL_PERMISSIONS[level]})
    return role


def add_member(ctx: Context, project_id: int, user_id: int, level: int | None) -> Any:
    """Add an existing user at `level` (writer when not given); a member already is a 409."""
    level = WRITER if level is None else _level(level)
    project, _ = load_project(ctx, project_id, "add_member")
    user = ctx.session.get(User, user_id)
    if user is None:
        raise Invalid(code="does_not_exist", field="user_id", params={"pk": user_id})
    if ctx.session.scalar(
        select(Membership.id).where(Membership.project_id == project.id, Membership.user_id == user_id)
    ):
        raise Conflict(code="member_exists")
    memberships.add(ctx, project, level_role(ctx, project, level), user, is_admin=level == ADMIN)
    return _row(ctx, project.id, user_id)


def set_level(ctx: Context, project_id: int, user_id: int, level: int | None) -> Any:
    """Change a member's level (nothing when not given)."""
    project, _ = load_project(ctx, project_id, "add_member")
    membership = _row(ctx, project.id, user_id).Membership
    if level is not None:
        level = _level(level)
        role = level_role(ctx, project, level)
        memberships.update_membership(ctx, membership.id, {"role": role.id, "is_admin": level == ADMIN})
    return _row(ctx, project.id, user_id)


def remove_member(ctx: Context, project_id: int, user_id: int) -> None:
    """Remove a member; the owner and the last active admin stay (409)."""
    project, _ = load_project(ctx, project_id, "remove_member")
    membership = _row(ctx, project.id, user_id).Membership
    try:
        memberships.delete_membership(ctx, membership.id)
    except Invalid as exc:
        raise Conflict(code=exc.code) from None
