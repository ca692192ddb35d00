"""A workspace's people: every account is a person of the workspace (one installation, one company per
workspace); a `workspace_members` row, made on first write, holds the standing there (admin, active, the
permission bits). Workspace admins (and superusers) administer people, teams and workspace settings;
anyone else sees the people they share a project with."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Select, Table, and_, delete, func, or_, select

from planyard.core import history, users
from planyard.core.context import Context
from planyard.core.projects.service import default_workspace
from planyard.db.base import utcnow
from planyard.db.locks import lock_for_write
from planyard.kit.errors import Conflict, Forbidden, Invalid, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import Page, Window
from planyard.kit.sql import dialect_insert
from planyard.models import Membership, User, Workspace, WorkspaceMember

TARGET = "workspace_member"
MEMBER_FIELDS = ("is_admin", "is_active", "permissions")


def workspace(ctx: Context) -> Workspace:
    """The workspace an API without workspaces of its own works in (the first)."""
    return default_workspace(ctx)


def is_admin(ctx: Context, workspace_id: int) -> bool:
    actor = ctx.require_user()
    if actor.is_superuser:
        return True
    row = ctx.session.get(WorkspaceMember, (workspace_id, actor.id))
    return row is not None and row.is_admin and row.is_active


def require_admin(ctx: Context, workspace_id: int) -> None:
    """Refused (403) to a non-admin; an admin's write takes the workspace's turn (its row locked), so
    uniqueness checks of workspace-wide names hold under concurrent writers."""
    if not is_admin(ctx, workspace_id):
        raise Forbidden()
    workspace = ctx.session.get(Workspace, workspace_id)
    if workspace is not None:
        lock_for_write(ctx.session, workspace)


def _people(workspace_id: int) -> Select[Any]:
    stmt = (
        select(User, WorkspaceMember)
        .outerjoin(
            WorkspaceMember, and_(WorkspaceMember.user_id == User.id, WorkspaceMember.workspace_id == workspace_id)
        )
        .order_by(User.id)
    )
    return cast("Select[Any]", stmt)


def list_people(ctx: Context, workspace_id: int, window: Window | None, text: str | None = None,
                *, admin_only: bool, exact: dict[str, str] | None = None) -> Page[Any]:  # fmt: skip
    """Rows of (user, standing or None). `admin_only`: refused (403) to a non-admin; otherwise a non-admin
    sees the people it shares a project with (and itself). `text` filters names and emails; `exact` by
    `username` and/or `email` (case-insensitive)."""
    admin = is_admin(ctx, workspace_id)
    if admin_only and not admin:
        raise Forbidden()
    stmt = _people(workspace_id)
    if not admin:
        stmt = stmt.where(User.id.in_(users.visible_users(ctx, None).with_only_columns(User.id)))
    if text:
        like = f"%{text.lower()}%"
        stmt = stmt.where(or_(func.lower(User.full_name).like(like), func.lower(User.username).like(like),
                              func.lower(User.email).like(like)))  # fmt: skip
    for name, value in (exact or {}).items():
        column = User.username if name == "username" else User.email
        stmt = stmt.where(func.lower(column) == value.lower())
    return fetch_page(ctx.session, stmt, window, rows="entity_rows")


def person(ctx: Context, workspace_id: int, user_id: int) -> Any:
    row = ctx.session.execute(_people(workspace_id).where(User.id == user_id)).first()
    if row is None:
        raise NotFound(entity="user")
    return row


def standing(ctx: Context, workspace_id: int, user_id: int) -> WorkspaceMember:
    """The person's row, made when missing (concurrent makers: one insert, the others find it)."""
    table = cast(Table, WorkspaceMember.__table__)
    insert = dialect_insert(ctx.session, table).values(workspace_id=workspace_id, user_id=user_id, is_admin=False,
                                                       is_guest=False, is_active=True, permissions=0, extra={},
                                                       created_at=utcnow())  # fmt: skip
    ctx.session.execute(insert.on_conflict_do_nothing())
    row = ctx.session.get(WorkspaceMember, (workspace_id, user_id), with_for_update=True, populate_existing=True)
    assert row is not None
    return row


def update_person(ctx: Context, workspace_id: int, user_id: int, changes: dict[str, Any]) -> Any:
    """Change a person's standing (admins only); deactivating deactivates the account; nobody changes their
    own standing."""
    require_admin(ctx, workspace_id)
    user = ctx.session.get(User, user_id)
    if user is None:
        raise NotFound(entity="user")
    changes = {k: v for k, v in changes.items() if k in MEMBER_FIELDS and v is not None}
    if changes and user.id == ctx.actor_id and ("is_admin" in changes or "is_active" in changes):
        raise Invalid(code="own_standing", field="role")
    row = standing(ctx, workspace_id, user.id)
    before = {name: getattr(row, name) for name in changes}
    for name, value in changes.items():
        setattr(row, name, value)
    if "is_active" in changes:
        user.is_active = changes["is_active"]
    diff = history.diff_of(before, changes)
    if diff:
        history.record(ctx, target_type=TARGET, target_id=user.id, action="change", diff=diff)
    ctx.session.flush()
    return person(ctx, workspace_id, user.id)


def remove_virtual(ctx: Context, workspace_id: int, user_id: int) -> None:
    """Delete a person without an account (a virtual user); any other id is a 404."""
    require_admin(ctx, workspace_id)
    user = ctx.session.get(User, user_id)
    if user is None or not user.extra.get("virtual"):
        raise NotFound(entity="user")
    history.record(ctx, target_type="user", target_id=user.id, action="delete", snapshot={"username": user.username})
    ctx.session.execute(delete(Membership).where(Membership.user_id == user.id))
    ctx.session.delete(user)
    ctx.session.flush()


def provision(ctx: Context, workspace_id: int, values: dict[str, Any]) -> User:
    """A new account made by an identity provider (no password: it signs in through the provider)."""
    require_admin(ctx, workspace_id)
    username, email = values["username"], values["email"]
    if not users.USERNAME_RE.match(username):
        raise Invalid(code="invalid_username", field="userName")
    if not users.is_valid_email(email):
        raise Invalid(code="invalid_email", field="emails")
    if users.username_taken(ctx.session, username) or users.email_taken(ctx.session, email):
        raise Conflict(code="user_exists")
    user = users.create_user(ctx.session, username=username, email=email, password="",
                             full_name=values.get("full_name") or "")  # fmt: skip
    user.is_active = values.get("is_active", True)
    row = standing(ctx, workspace_id, user.id)
    row.is_active = user.is_active
    history.record(ctx, target_type="user", target_id=user.id, action="create", snapshot={"username": username})
    ctx.session.flush()
    return user


def update_account(ctx: Context, workspace_id: int, user_id: int, changes: dict[str, Any]) -> User:
    """An identity provider's change of an account: its name and whether it is active."""
    require_admin(ctx, workspace_id)
    user = ctx.session.get(User, user_id)
    if user is None:
        raise NotFound(entity="user")
    before = {k: getattr(user, k) for k in changes}
    for name, value in changes.items():
        setattr(user, name, value)
    if "is_active" in changes:
        standing(ctx, workspace_id, user.id).is_active = changes["is_active"]
    diff = history.diff_of(before, changes)
    if diff:
        history.record(ctx, target_type="user", target_id=user.id, action="change", diff=diff)
    ctx.session.flush()
    return user
