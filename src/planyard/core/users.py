"""User accounts: creation, look-up, who may see whom, profile edits."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.projects.service import visible_projects
from planyard.core.work_items.item_rows import readable_item
from planyard.kit import security
from planyard.kit.errors import Forbidden, Invalid, NotFound, Problem
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import Membership, Project, Role, User

USERNAME_RE = re.compile(r"^[\w.\-]+$")
MIN_PASSWORD = 6
EDITABLE_FIELDS = ("username", "full_name", "bio", "lang", "theme", "timezone", "color", "email")


def create_user(
    session: Session,
    *,
    username: str,
    email: str,
    password: str,
    full_name: str = "",
    is_superuser: bool = False,
) -> User:
    user = User(
        username=username,
        email=email,
        full_name=full_name,
        password_hash=security.hash_password(password) if password else "",
        is_superuser=is_superuser,
    )
    session.add(user)
    session.flush()
    return user


def validate_new_user(ctx: Context, *, username: str, email: str, password: str) -> None:
    errors: dict[str, list[Problem]] = {}
    if not USERNAME_RE.match(username or ""):
        errors["username"] = [Problem("invalid_username")]
    elif username_taken(ctx.session, username):
        errors["username"] = [Problem("username_taken")]
    if email_taken(ctx.session, email):
        errors["email"] = [Problem("email_in_use")]
    if len(password or "") < MIN_PASSWORD:
        errors["password"] = [Problem("password_too_short", {"min": MIN_PASSWORD})]
    if errors:
        raise Invalid(fields=errors, entity="new_user")


def username_taken(session: Session, username: str, exclude_id: int | None = None) -> bool:
    stmt = select(User.id).where(func.lower(User.username) == username.lower())
    if exclude_id is not None:
        stmt = stmt.where(User.id != exclude_id)
    return session.scalar(stmt) is not None


def email_taken(session: Session, email: str, exclude_id: int | None = None) -> bool:
    stmt = select(User.id).where(func.lower(User.email) == email.lower())
    if exclude_id is not None:
        stmt = stmt.where(User.id != exclude_id)
    return session.scalar(stmt) is not None


def is_valid_email(email: str) -> bool:
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def get_user(ctx: Context, user_id: int) -> User:
    user = ctx.session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotFound(entity="user")
    return user


def get_by_username(ctx: Context, username: str | None) -> User:
    user_id = ctx.session.scalar(select(User.id).where(User.username == username)) if username else None
    if user_id is None:
        raise NotFound(entity="user")
    return get_user(ctx, user_id)


def visible_project_ids(ctx: Context) -> Select[tuple[int]]:
    """The ids of the projects the actor may see, as a subquery."""
    return visible_projects(ctx).with_only_columns(Project.id)


def visible_users(ctx: Context, project_id: int | None) -> Select[User]:
    """Active users the actor may see: members of one visible project, or of any project the actor
    sees (plus the actor); a superuser sees everyone."""
    stmt = select(User).where(User.is_active.is_(True)).order_by(User.username, User.id)
    if project_id is not None:
        load_project(ctx, project_id)
        return stmt.where(User.id.in_(select(Membership.user_id).where(Membership.project_id == project_id)))
    if ctx.actor is not None and ctx.actor.is_superuser:
        return stmt
    members = select(Membership.user_id).where(Membership.project_id.in_(visible_project_ids(ctx)))
    if ctx.actor is None:
        return stmt.where(User.id.in_(members))
    return stmt.where(or_(User.id.in_(members), User.id == ctx.actor.id))


def roles_by_user(ctx: Context, user_ids: list[int]) -> dict[int, list[str]]:
    """Each user's distinct role names over all their memberships, sorted (one query)."""
    if not user_ids:
        return {}
    rows = ctx.session.execute(
        select(Membership.user_id, Role.name)
        .join(Role, Role.id == Membership.role_id)
        .where(Membership.user_id.in_(user_ids))
        .distinct()
        .order_by(Role.name)
    )
    roles: dict[int, list[str]] = defaultdict(list)
    for user_id, name in rows:
        if user_id is not None:
            roles[user_id].append(name)
    return roles


def display_name(user: User) -> str:
    return user.full_name or user.username


def apply_profile_changes(ctx: Context, user: User, changes: dict[str, Any]) -> dict[str, Any]:
    """Validate and apply profile edits; an email change is only requested (mailed), not applied."""
    if "username" in changes:
        name = changes["username"]
        if not isinstance(name, str) or not USERNAME_RE.match(name):
            raise Invalid(code="invalid_username", field="username")
        if username_taken(ctx.session, name, exclude_id=user.id):
            raise Invalid(code="username_taken", entity="profile", field="username")
    new_email = changes.get("email")
    if new_email is not None and new_email != user.email:
        if email_taken(ctx.session, new_email, exclude_id=user.id):
            raise Invalid(code="email_taken")
        if not is_valid_email(new_email):
            raise Invalid(code="invalid_email", entity="user")
    applied: dict[str, Any] = {}
    for name, value in changes.items():
        if name != "email" and getattr(user, name) != value:
            applied[name] = [getattr(user, name), value]
            setattr(user, name, value)
    return applied


def owned_project_totals(ctx: Context, user_id: int) -> tuple[int, int]:
    """(private, public) projects the user owns."""
    rows = dict(
        ctx.session.execute(
            select(Project.is_private, func.count()).where(Project.owner_id == user_id).group_by(Project.is_private)
        ).all()
    )
    return rows.get(True, 0), rows.get(False, 0)


def require_self(ctx: Context, user_id: int) -> User:
    """The user, when the actor is that user or a superuser."""
    actor = ctx.require_user()
    user = get_user(ctx, user_id)
    if actor.id != user.id and not actor.is_superuser:
        raise Forbidden()
    return user


def update_profile(ctx: Context, user_id: int, changes: dict[str, Any]) -> User:
    from planyard.core.user_account import request_email_change

    user = require_self(ctx, user_id)
    diff = apply_profile_changes(ctx, user, changes)
    if changes.get("email") not in (None, user.email):
        request_email_change(ctx, user, changes["email"])
    history.record(ctx, target_type="user", target_id=user.id, action="change", diff=diff)
    return user


def list_users(ctx: Context, project_id: int | None, query: ListQuery) -> Page[User]:
    return fetch_page(ctx.session, visible_users(ctx, project_id), query.window)


def users_by_id(ctx: Context, user_ids: Iterable[int | None]) -> dict[int, User]:
    """The users with these ids (None and unknown ids left out), for rendering who made or owns a row."""
    wanted = {i for i in user_ids if i is not None}
    if not wanted:
        return {}
    return {user.id: user for user in ctx.session.scalars(select(User).where(User.id.in_(wanted)))}


def accounts(ctx: Context, query: ListQuery) -> Page[User]:
    """Every active account (a workspace's people directory), by id."""
    ctx.require_user()
    stmt = select(User).where(User.is_active.is_(True)).order_by(User.id)
    if query.filters.get("ids"):
        stmt = stmt.where(User.id.in_(query.filters["ids"]))
    if query.filters.get("email"):
        stmt = stmt.where(User.email == query.filters["email"])
    return fetch_page(ctx.session, stmt, query.window)


def visible_users_of_item(ctx: Context, item_id: int) -> list[User]:
    """The active members of the project of an item the actor may see (who may see the item too)."""
    item, _ = readable_item(ctx, item_id)
    return list(ctx.session.scalars(visible_users(ctx, item.project_id)))
