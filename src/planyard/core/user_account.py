"""Account flows: email change, password change and recovery, avatar, account cancellation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from planyard.core import history, login_limits
from planyard.core.context import Context, Environment
from planyard.core.users import email_taken, get_user, require_self, username_taken
from planyard.kit import security
from planyard.kit.errors import Invalid
from planyard.kit.images import validated_image
from planyard.models import ApiToken, Membership, Project, User, UserToken

EMAIL_CHANGE = "change_email"
PASSWORD_RECOVERY = "password_recovery"
CANCEL_ACCOUNT = "cancel_account"
CANCEL_TOKEN_LIFETIME = timedelta(days=100)
BLOCKED_BY_OWNER_LEAVING = "blocked-by-owner-leaving"
MIN_PASSWORD_LENGTH = 6


def issue_user_token(ctx: Context, user: User, purpose: str, payload: dict[str, str], hours: int = 48) -> str:
    """A one-time token mailed to the user; only its digest is stored, and a new one replaces the old."""
    ctx.session.execute(delete(UserToken).where(UserToken.user_id == user.id, UserToken.purpose == purpose))
    token = security.random_token()
    ctx.session.add(
        UserToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=security.digest(token),
            payload=payload,
            expires_at=datetime.now(UTC) + timedelta(hours=hours),
        )
    )
    return token


def redeem_user_token(ctx: Context, token: str, purpose: str) -> UserToken | None:
    """The stored token (deleted: it works once), if it is valid, unexpired and its user is active."""
    row = ctx.session.scalar(
        select(UserToken).where(UserToken.token_hash == security.digest(token), UserToken.purpose == purpose)
    )
    if row is None:
        return None
    ctx.session.delete(row)
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
    user = ctx.session.get(User, row.user_id)
    return row if expires > datetime.now(UTC) and user is not None and user.is_active else None


def _mail(ctx: Context, to: str, subject: str, body: str) -> None:
    mailer = ctx.env.mailer
    ctx.uow.after_commit(lambda: mailer.send(to, subject, body))


def request_email_change(ctx: Context, user: User, new_email: str) -> None:
    user.new_email = new_email
    token = issue_user_token(ctx, user, EMAIL_CHANGE, {"email": new_email})
    body = f"Confirm the change of your Planyard email to {new_email} with this token: {token}"
    _mail(ctx, new_email, "Confirm your new email address", body)


def confirm_email_change(ctx: Context, token: str) -> User:
    row = redeem_user_token(ctx, token, EMAIL_CHANGE)
    if row is None:
        raise Invalid(code="invalid_token", entity="email_change")
    user = get_user(ctx, row.user_id)
    new_email = str(row.payload.get("email") or "")
    if not new_email or email_taken(ctx.session, new_email, exclude_id=user.id):
        raise Invalid(code="invalid_token", entity="email_change")
    diff = {"email": [user.email, new_email]}
    user.email, user.new_email, user.verified_email = new_email, None, True
    history.record(ctx, target_type="user", target_id=user.id, action="change", diff=diff)
    return user


def change_password(ctx: Context, current_password: str | None, password: str | None) -> None:
    user = ctx.require_user()
    if not current_password and user.password_hash:
        raise Invalid(code="current_password_required")
    if not password:
        raise Invalid(code="new_password_required")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(code="password_too_short", params={"min": MIN_PASSWORD_LENGTH})
    if current_password and not security.verify_password(user.password_hash, current_password):
        raise Invalid(code="wrong_password")
    user.password_hash = security.hash_password(password)
    history.record(ctx, target_type="user", target_id=user.id, action="change", diff={"password": [None, None]})


def request_password_recovery(ctx: Context, username_or_email: str | None, address: str) -> str:
    """Mail the account a recovery token; answers the email address the request named (none if it named
    the account by its username: no more than the requester already knew)."""
    login_limits.count_attempt(ctx, address)
    if not username_or_email:
        raise Invalid(code="invalid_username_or_email")
    wanted = username_or_email.lower()
    candidates = ctx.session.scalars(
        select(User)
        .where(User.is_active.is_(True))
        .where(or_(func.lower(User.username) == wanted, func.lower(User.email) == wanted))
    ).all()
    exact = [u for u in candidates if username_or_email in (u.username, u.email)]
    matches = exact or list(candidates)
    user = matches[0] if matches else None
    if user is None:
        raise Invalid(code="credentials_mismatch")
    login_limits.count_against_account(ctx, login_limits.RECOVERY, user.id)
    token = issue_user_token(ctx, user, PASSWORD_RECOVERY, {})
    body = f"Someone asked to reset the password of {user.username}. Set a new one with this token: {token}"
    _mail(ctx, user.email, "Password recovery", body)
    return username_or_email if wanted == user.email.lower() else ""


def change_password_from_recovery(ctx: Context, token: str, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(code="too_short", field="password", params={"min": MIN_PASSWORD_LENGTH})
    row = redeem_user_token(ctx, token, PASSWORD_RECOVERY)
    if row is None:
        raise Invalid(code="invalid_token", entity="password_recovery")
    user = get_user(ctx, row.user_id)
    user.password_hash = security.hash_password(password)
    history.record(ctx, target_type="user", target_id=user.id, action="change", diff={"password": [None, None]})


def change_avatar(ctx: Context, data: bytes, filename: str) -> User:
    user = ctx.require_user()
    image = validated_image(data, "avatar", ctx.env.settings.max_upload_bytes)
    storage, old = ctx.env.storage, user.photo
    user.photo = storage.save("user", filename or "avatar", image)
    if old:
        ctx.uow.after_commit(lambda: storage.delete(old))
    history.record(ctx, target_type="user", target_id=user.id, action="change", diff={"photo": [old, user.photo]})
    return user


def remove_avatar(ctx: Context) -> User:
    user = ctx.require_user()
    storage, old = ctx.env.storage, user.photo
    if old:
        user.photo = None
        ctx.uow.after_commit(lambda: storage.delete(old))
        history.record(ctx, target_type="user", target_id=user.id, action="change", diff={"photo": [old, None]})
    return user


def token_user(session: Session, claims: dict[str, Any]) -> User | None:
    """The active user a signed token names, if it names one by an integer id."""
    user_id = security.int_claim(claims, "user_id")
    user = session.get(User, user_id) if user_id is not None else None
    return user if user is not None and user.is_active else None


def cancel_token_for(env: Environment, user: User) -> str:
    """The signed token, mailed at registration, with which a user cancels their account."""
    claims = {"purpose": CANCEL_ACCOUNT, "user_id": user.id}
    return security.sign(env.settings.signing_key, claims, CANCEL_TOKEN_LIFETIME)


def cancel_by_token(ctx: Context, token: str | None) -> None:
    claims = security.unsign(ctx.env.settings.signing_key, token or "")
    if not claims or claims.get("purpose") != CANCEL_ACCOUNT:
        raise Invalid(code="invalid_token", entity="cancel")
    user = token_user(ctx.session, claims)
    if user is None:
        raise Invalid(code="invalid_token", entity="cancel")
    cancel_account(ctx, user)


def delete_account(ctx: Context, user_id: int) -> None:
    cancel_account(ctx, require_self(ctx, user_id))


def cancel_account(ctx: Context, user: User) -> None:
    """Anonymize and deactivate: its tokens stop working, its memberships go, its projects are blocked."""
    session, storage, photo = ctx.session, ctx.env.storage, user.photo
    stamp = int(datetime.now(UTC).timestamp() * 1000)
    username, n = f"deleted-user-{stamp}", 1
    while username_taken(session, username, exclude_id=user.id):
        username, n = f"deleted-user-{stamp}-{n}", n + 1
    user.username, user.email, user.new_email = username, f"{username}@deleted.invalid", None
    user.full_name, user.is_active, user.password_hash, user.photo = "Deleted user", False, "", None
    user.color = user.bio = user.lang = user.theme = user.timezone = ""
    session.execute(delete(UserToken).where(UserToken.user_id == user.id))
    session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    session.execute(delete(Membership).where(Membership.user_id == user.id))
    session.execute(update(Project).where(Project.owner_id == user.id).values(blocked_code=BLOCKED_BY_OWNER_LEAVING))
    if photo:
        ctx.uow.after_commit(lambda: storage.delete(photo))
    history.record(ctx, target_type="user", target_id=user.id, action="delete")
