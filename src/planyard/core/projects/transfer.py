"""Handing a project to a new owner: request, start (a signed token mailed to the invitee), accept, reject."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.users import display_name
from planyard.kit import security
from planyard.kit.errors import Forbidden, Invalid, NotFound
from planyard.models import Membership, Project, User

TOKEN_LIFETIME = timedelta(days=7)


def validate_token(ctx: Context, project_id: int, token: str | None) -> None:
    project, _ = load_project(ctx, project_id)
    _check_token(ctx, project, ctx.require_user(), token)


def request_transfer(ctx: Context, project_id: int) -> None:
    """An admin asks the owner to hand the project over."""
    project, _ = load_project(ctx, project_id, "modify_project")
    requester = ctx.require_user()
    owner = _owner(ctx, project)
    subject = f"Transfer request for {project.name}"
    body = f"{display_name(requester)} ({requester.username}) asks you to transfer the project {project.name} to them."
    _mail(ctx, owner, subject, body)


def start_transfer(ctx: Context, project_id: int, user_id: int | None, reason: str | None) -> None:
    project, _ = load_project(ctx, project_id)
    if ctx.require_user().id != project.owner_id:
        raise Forbidden()
    if user_id is None:
        raise Invalid(code="invalid_user_id")
    receiver = ctx.session.get(User, user_id)
    if receiver is None:
        raise Invalid(code="unknown_user")
    if _membership(ctx, project, receiver) is None:
        raise Invalid(code="not_member", entity="transfer")
    token = security.sign(ctx.env.settings.signing_key, {"pt": project.id, "u": receiver.id}, TOKEN_LIFETIME)
    project.transfer_token = token
    _record(ctx, project, {"transfer_token": [None, "(issued)"]})
    lines = [f"{display_name(ctx.require_user())} wants to transfer the project {project.name} to you."]
    if reason:
        lines.append(f"Reason: {reason}")
    lines.append(f"Accept or reject it with this token (valid {TOKEN_LIFETIME.days} days): {token}")
    _mail(ctx, receiver, f"Transfer of {project.name}", "\n".join(lines))


def accept_transfer(ctx: Context, project_id: int, token: str | None, reason: str | None) -> None:
    if token is None:
        raise Invalid(code="invalid_token")
    project, _ = load_project(ctx, project_id)
    user = ctx.require_user()
    _check_token(ctx, project, user, token)
    old_owner = _hand_over(ctx, project, user)
    body = f"{display_name(user)} accepted the transfer of {project.name} and is now its owner."
    _mail(ctx, old_owner, f"Transfer of {project.name} accepted", _with_reason(body, reason))


def transfer_now(ctx: Context, project_id: int, user_id: int) -> None:
    """The owner hands the project to another member at once (no token): the receiver becomes an admin."""
    project, _ = load_project(ctx, project_id)
    if ctx.require_user().id != project.owner_id and not ctx.require_user().is_superuser:
        raise Forbidden()
    receiver = ctx.session.get(User, user_id)
    if receiver is None or _membership(ctx, project, receiver) is None:
        raise NotFound(entity="user")
    if receiver.id != project.owner_id:
        _hand_over(ctx, project, receiver)


def _hand_over(ctx: Context, project: Project, user: User) -> User | None:
    """Make `user` (a member) the owner and an admin; the old owner stays a member. Returns the old owner."""
    membership = _membership(ctx, project, user)
    if membership is None:
        raise Invalid(code="not_member", entity="transfer")
    old_owner = _owner(ctx, project)
    if not membership.is_admin:
        membership.is_admin = True
        history.record(
            ctx, target_type="membership", target_id=membership.id, project_id=project.id, action="change",
            diff={"is_admin": [False, True]},
        )  # fmt: skip
    project.owner_id, project.transfer_token = user.id, None
    _record(
        ctx, project, {"owner": [old_owner.id if old_owner else None, user.id], "transfer_token": ["(issued)", None]}
    )
    return old_owner


def reject_transfer(ctx: Context, project_id: int, token: str | None, reason: str | None) -> None:
    if token is None:
        raise Invalid(code="invalid_token")
    project, _ = load_project(ctx, project_id)
    user = ctx.require_user()
    _check_token(ctx, project, user, token)
    project.transfer_token = None
    _record(ctx, project, {"transfer_token": ["(issued)", None]})
    body = f"{display_name(user)} rejected the transfer of {project.name}."
    _mail(ctx, _owner(ctx, project), f"Transfer of {project.name} rejected", _with_reason(body, reason))


def _check_token(ctx: Context, project: Project, user: User, token: str | None) -> None:
    """The token must be the project's pending one, unexpired, and issued to `user`."""
    if not token or project.transfer_token != token:
        raise Invalid(code="invalid_token", entity="transfer")
    claims = security.unsign(ctx.env.settings.signing_key, token)
    if claims is None:
        raise Invalid(code="token_expired")
    if claims.get("pt") != project.id or claims.get("u") != user.id:
        raise Invalid(code="invalid_token", entity="transfer")


def _membership(ctx: Context, project: Project, user: User) -> Membership | None:
    return ctx.session.scalar(
        select(Membership).where(Membership.project_id == project.id, Membership.user_id == user.id)
    )


def _owner(ctx: Context, project: Project) -> User | None:
    return ctx.session.get(User, project.owner_id) if project.owner_id else None


def _record(ctx: Context, project: Project, diff: dict[str, list[object]]) -> None:
    history.record(
        ctx, target_type="project", target_id=project.id, project_id=project.id, action="change", diff=diff,
        version=project.version,
    )  # fmt: skip


def _with_reason(body: str, reason: str | None) -> str:
    return f"{body}\nReason: {reason}" if reason else body


def _mail(ctx: Context, to: User | None, subject: str, body: str) -> None:
    if to is None:
        return
    mailer, address = ctx.env.mailer, to.email
    ctx.uow.after_commit(lambda: mailer.send(address, subject, body))
