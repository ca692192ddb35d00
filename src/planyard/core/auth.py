"""Accounts' credentials: login, registration, login tokens that expire and refresh, personal
API tokens. One token store behind all four dialects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy import Table, func, or_, select
from sqlalchemy.orm import Session

from planyard.config import Settings
from planyard.core import history, login_limits
from planyard.core.context import Context
from planyard.core.user_account import cancel_token_for, token_user
from planyard.core.users import create_user, validate_new_user
from planyard.kit import security
from planyard.kit.errors import Invalid, NotAuthenticated, Problem
from planyard.kit.sql import delete_expired, dialect_insert
from planyard.kit.uow import UnitOfWork
from planyard.models import ApiToken, Membership, UsedRefreshToken, User

API_TOKEN_PREFIX = "pyt_"
USED_REFRESH_TOKENS = cast(Table, UsedRefreshToken.__table__)


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def issue_tokens(settings: Settings, user: User) -> TokenPair:
    key = settings.signing_key
    access = security.sign(
        key, {"user_id": user.id, "token_type": "access"}, timedelta(minutes=settings.access_token_minutes)
    )
    refresh = security.sign(
        key, {"user_id": user.id, "token_type": "refresh"}, timedelta(days=settings.refresh_token_days)
    )
    return TokenPair(access, refresh)


def login(ctx: Context, username: str, password: str, address: str) -> tuple[User, TokenPair]:
    login_limits.count_attempt(ctx, address)
    user = ctx.session.scalar(
        select(User).where(or_(User.username == username, func.lower(User.email) == username.lower()))
    )
    if user is not None:
        login_limits.count_against_account(ctx, login_limits.LOGIN, user.id)
    if user is None or not user.is_active or not security.verify_password(user.password_hash, password):
        raise Invalid(code="bad_credentials")
    login_limits.clear_account(ctx, login_limits.LOGIN, user.id)
    return user, issue_tokens(ctx.env.settings, user)


def refresh(ctx: Context, refresh_token: str) -> TokenPair:
    """New tokens for a refresh token, which works once: its id is recorded as used, by an INSERT that
    the primary key turns into nothing for a token used before (also by a concurrent request)."""
    claims = security.unsign(ctx.env.settings.signing_key, refresh_token)
    if not claims or claims.get("token_type") != "refresh" or not isinstance(claims.get("jti"), str):
        raise NotAuthenticated(code="invalid_token", entity="refresh")
    user = token_user(ctx.session, claims)
    if user is None:
        raise NotAuthenticated(code="invalid_token", entity="refresh")
    now = datetime.now(UTC)
    used = dialect_insert(ctx.session, USED_REFRESH_TOKENS)
    used = used.values(jti=claims["jti"], expires_at=datetime.fromtimestamp(claims["exp"], UTC))
    if ctx.session.execute(used.on_conflict_do_nothing().returning(USED_REFRESH_TOKENS.c.jti)).first() is None:
        raise NotAuthenticated(code="token_revoked")
    delete_expired(ctx.session, USED_REFRESH_TOKENS.c.expires_at, now)
    return issue_tokens(ctx.env.settings, user)


def register_public(ctx: Context, username: str, password: str, email: str, full_name: str) -> User:
    if not ctx.env.settings.public_register_enabled:
        raise Invalid(code="registration_closed")
    validate_new_user(ctx, username=username, email=email, password=password)
    user = create_user(ctx.session, username=username, email=email, password=password, full_name=full_name)
    history.record(ctx, target_type="user", target_id=user.id, action="create")
    send_welcome(ctx, user)
    return user


def send_welcome(ctx: Context, user: User) -> None:
    """The registration mail, carrying the token that cancels the account (POST /users/cancel)."""
    token = cancel_token_for(ctx.env, user)
    body = f"Welcome to Planyard, {user.username}. If you did not register, cancel the account with: {token}"
    mailer, to = ctx.env.mailer, user.email
    ctx.uow.after_commit(lambda: mailer.send(to, "Welcome to Planyard", body))


def register_private(
    ctx: Context, *, existing: bool, token: str, username: str, password: str,
    email: str | None, full_name: str | None,
) -> User:  # fmt: skip
    invitation = ctx.session.scalar(select(Membership).where(Membership.token == token))
    if invitation is None or invitation.user_id is not None:
        raise Invalid(code="invalid_token", field="token")
    if existing:
        user = ctx.session.scalar(select(User).where(User.username == username))
        if user is None or not security.verify_password(user.password_hash, password):
            raise Invalid(code="credentials_mismatch")
    else:
        missing = {f: [Problem("required")] for f, v in (("email", email), ("full_name", full_name)) if not v}
        if missing:
            raise Invalid(fields=missing)
        validate_new_user(ctx, username=username, email=email or "", password=password)
        user = create_user(
            ctx.session, username=username, email=email or "", password=password, full_name=full_name or ""
        )
        send_welcome(ctx, user)
    from planyard.core.memberships import accept_invitation

    accept_invitation(ctx, invitation, user)
    return user


def create_api_token(session: Session, user: User, name: str = "", days: int | None = None) -> str:
    token = security.random_token(API_TOKEN_PREFIX)
    expires = datetime.now(UTC) + timedelta(days=days) if days else None
    session.add(ApiToken(user_id=user.id, name=name, token_hash=security.digest(token), expires_at=expires))
    return token


def actor_of_token(uow: UnitOfWork, settings: Settings, token: str) -> User:
    """The acting user of a request's bearer token (see `authenticate`), in the request's unit of work."""
    return authenticate(uow.session, settings, token)


def authenticate(session: Session, settings: Settings, token: str) -> User:
    """The active user a bearer token (login or personal API token) belongs to."""
    if token.startswith(API_TOKEN_PREFIX):
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == security.digest(token)))
        if row is None or (row.expires_at and row.expires_at < datetime.now(UTC)):
            raise NotAuthenticated(code="invalid_token")
        user = session.get(User, row.user_id)
    else:
        claims = security.unsign(settings.signing_key, token)
        if not claims or claims.get("token_type") != "access":
            raise NotAuthenticated(code="token_type_invalid")
        user = token_user(session, claims)
    if user is None or not user.is_active:
        raise NotAuthenticated(code="inactive_user")
    return user
