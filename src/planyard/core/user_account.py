"""Account flows that go through mail: email change, password recovery, account cancel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from planyard.core.context import Context
from planyard.kit import security
from planyard.models import User, UserToken

EMAIL_CHANGE = "change_email"


def issue_user_token(ctx: Context, user: User, purpose: str, payload: dict[str, str], hours: int = 48) -> str:
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


def request_email_change(ctx: Context, user: User, new_email: str) -> None:
    user.new_email = new_email
    token = issue_user_token(ctx, user, EMAIL_CHANGE, {"email": new_email})
    mailer, subject = ctx.env.mailer, "Confirm your new email address"
    body = f"Confirm the change of your Planyard email to {new_email} with this token: {token}"
    ctx.uow.after_commit(lambda: mailer.send(new_email, subject, body))
