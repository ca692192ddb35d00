"""Memberships and invitations."""

from __future__ import annotations

from planyard.core import history
from planyard.core.context import Context
from planyard.models import Membership, User


def accept_invitation(ctx: Context, invitation: Membership, user: User) -> Membership:
    invitation.user_id = user.id
    invitation.token = None
    invitation.email = user.email
    ctx.session.flush()
    history.record(
        ctx,
        target_type="membership",
        target_id=invitation.id,
        project_id=invitation.project_id,
        action="change",
        diff={"user": [None, user.id]},
    )
    return invitation
