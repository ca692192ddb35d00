"""User accounts: creation, look-up, listing and profile edits."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from planyard.core.context import Context
from planyard.kit import security
from planyard.kit.errors import Invalid, NotFound
from planyard.models import Membership, User

USERNAME_RE = re.compile(r"^[\w.\-]+$")
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
    errors: dict[str, list[str]] = {}
    if not USERNAME_RE.match(username or ""):
        errors["username"] = ["Required. 255 characters or fewer. Letters, numbers and /./-/_ characters"]
    elif username_taken(ctx.session, username):
        errors["username"] = ["Username is already in use."]
    if email_taken(ctx.session, email):
        errors["email"] = ["Email is already in use."]
    if len(password or "") < 6:
        errors["password"] = ["Invalid password length, at least 6 characters needed"]
    if errors:
        raise Invalid(fields=errors)


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


def get_user(ctx: Context, user_id: int) -> User:
    user = ctx.session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotFound("No User matches the given query.")
    return user


def users_query(project_id: int | None) -> Select[tuple[User]]:
    stmt = select(User).where(User.is_active.is_(True)).order_by(User.username)
    if project_id is not None:
        stmt = stmt.where(User.id.in_(select(Membership.user_id).where(Membership.project_id == project_id)))
    return stmt


def display_name(user: User) -> str:
    return user.full_name or user.username


def apply_profile_changes(ctx: Context, user: User, changes: dict[str, Any]) -> dict[str, Any]:
    """Validate and apply profile edits; an email change is only requested (mailed) here."""
    errors: dict[str, list[str]] = {}
    if "username" in changes:
        name = changes["username"]
        if not isinstance(name, str) or not USERNAME_RE.match(name):
            errors["username"] = ["Required. 255 characters or fewer. Letters, numbers and /./-/_ characters"]
        elif username_taken(ctx.session, name, exclude_id=user.id):
            errors["username"] = ["Invalid username. Try with a different one."]
    if (
        "email" in changes
        and changes["email"] != user.email
        and email_taken(ctx.session, changes["email"], exclude_id=user.id)
    ):
        errors["email"] = ["Duplicated email"]
    if errors:
        raise Invalid(fields=errors)
    applied: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "email":
            continue
        if getattr(user, name) != value:
            applied[name] = [getattr(user, name), value]
            setattr(user, name, value)
    return applied


def owned_project_totals(session: Session, user_id: int) -> tuple[int, int]:
    """(private, public) projects the user owns."""
    from planyard.models import Project

    rows = dict(
        session.execute(
            select(Project.is_private, func.count()).where(Project.owner_id == user_id).group_by(Project.is_private)
        )
        .tuples()
        .all()
    )
    return rows.get(True, 0), rows.get(False, 0)


def update_profile(ctx: Context, user_id: int, changes: dict[str, Any]) -> User:
    actor = ctx.require_user()
    user = get_user(ctx, user_id)
    if actor.id != user.id and not actor.is_superuser:
        from planyard.kit.errors import Forbidden

        raise Forbidden()
    from planyard.core import history

    diff = apply_profile_changes(ctx, user, changes)
    if "email" in changes and changes["email"] != user.email:
        from planyard.core.user_account import request_email_change

        request_email_change(ctx, user, changes["email"])
    history.record(ctx, target_type="user", target_id=user.id, action="change", diff=diff)
    return user
