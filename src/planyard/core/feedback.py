"""Feedback users send about the server: kept, and mailed to the operator's address when one is set."""

from __future__ import annotations

from planyard.core import history
from planyard.core.context import Context
from planyard.core.users import display_name
from planyard.kit.errors import Invalid, NotFound
from planyard.models import FeedbackEntry

TARGET = "feedback"


def send_feedback(ctx: Context, comment: str | None, about: dict[str, str | None]) -> FeedbackEntry:
    """`about` names the client (host, referer, user agent) for the mail."""
    settings = ctx.env.settings
    if not settings.feedback_enabled:
        raise NotFound()
    user = ctx.require_user()
    if comment is None:
        raise Invalid(code="required", field="comment")
    if not comment.strip():
        raise Invalid(code="blank", field="comment")
    entry = FeedbackEntry(full_name=display_name(user), email=user.email, comment=comment)
    ctx.session.add(entry)
    ctx.session.flush()
    history.record(ctx, target_type=TARGET, target_id=entry.id, action="create", snapshot={"email": user.email})
    if settings.feedback_email:
        to, mailer = settings.feedback_email, ctx.env.mailer
        subject = f"[Planyard] Feedback from {entry.full_name} <{entry.email}>"
        lines = [f"From: {entry.full_name} <{entry.email}>", "", "Comment:", comment, ""]
        lines += [f"{key}: {value}" for key, value in about.items() if value]
        body = "\n".join(lines)
        ctx.uow.after_commit(lambda: mailer.send(to, subject, body))
    return entry
