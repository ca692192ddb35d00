"""Notification policies: how much a user hears of one project. A user's watch row of a project is their
policy there (taiga-back's NotifyPolicy): `notify_level` 1 involved, 2 all, 3 none (the row stays, the
user no longer watches), `live_notify_level` for live events, `web_notify` for the bell. A user gets
their policy (involved) when they become a member, as in Taiga (`give_member_policy`)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import ColumnElement, Select, or_, select

from planyard.core import history
from planyard.core.context import Context
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import Membership, Project, Watch

TARGET = "project"
INVOLVED: int = 1
ALL: int = 2
NONE: int = 3
LEVELS = (INVOLVED, ALL, NONE)
DEFAULT_LIVE_LEVEL = INVOLVED
EDITABLE = ("notify_level", "live_notify_level", "web_notify")


def watching() -> ColumnElement[bool]:
    """Watch rows that count as watching: every item watch, a project policy unless its level is none."""
    return or_(Watch.notify_level.is_(None), Watch.notify_level != NONE)


def live_level(row: Watch) -> int:
    return row.live_notify_level or DEFAULT_LIVE_LEVEL


def web_enabled(row: Watch) -> bool:
    return row.web_notify is not False


def check_level(field: str, level: Any) -> int:
    if isinstance(level, bool) or level not in LEVELS:
        raise Invalid(code="invalid_choice", field=field, params={"value": level})
    return int(level)


def policy_of(ctx: Context, project_id: int, user_id: int) -> Watch | None:
    return ctx.session.scalar(select(Watch).where(
        Watch.target_type == TARGET, Watch.target_id == project_id, Watch.user_id == user_id))  # fmt: skip


def set_level(ctx: Context, project_id: int, user_id: int, level: int) -> Watch:
    """The user's policy in the project at `level` (made when missing), logged when it changes."""
    row = policy_of(ctx, project_id, user_id)
    if row is None:
        row = Watch(target_type=TARGET, target_id=project_id, user_id=user_id, notify_level=level)
        ctx.session.add(row)
        ctx.session.flush()
        _record(ctx, row, "create", {"notify_level": [None, level]})
    elif row.notify_level != level:
        diff = {"notify_level": [row.notify_level, level]}
        row.notify_level = level
        _record(ctx, row, "change", diff)
    return row


def give_member_policy(ctx: Context, project_id: int, user_id: int) -> None:
    """A new member's policy: involved, unless they have one already (a watcher who joins keeps theirs)."""
    if policy_of(ctx, project_id, user_id) is None:
        set_level(ctx, project_id, user_id, INVOLVED)


def list_query(ctx: Context) -> Select[Any]:
    """The actor's policies in the projects they own or belong to, oldest first."""
    user = ctx.require_user()
    mine = select(Membership.project_id).where(Membership.user_id == user.id)
    owned = select(Project.id).where(Project.owner_id == user.id)
    stmt = (
        select(Watch, Project.name)
        .join(Project, Project.id == Watch.target_id)
        .where(Watch.target_type == TARGET, Watch.user_id == user.id,
               or_(Watch.target_id.in_(mine), Watch.target_id.in_(owned)))
        .order_by(Watch.created_at, Watch.id)
    )  # fmt: skip
    return cast("Select[Any]", stmt)


def list_policies(ctx: Context, query: ListQuery) -> Page[Any]:
    """Rows of (policy, project name)."""
    return fetch_page(ctx.session, list_query(ctx), query.window, rows="entity_rows")


def get_policy(ctx: Context, policy_id: int) -> tuple[Watch, str]:
    user = ctx.require_user()
    row = ctx.session.get(Watch, policy_id)
    if row is None or row.target_type != TARGET or row.user_id != user.id:
        raise NotFound(entity="notify_policy")
    project = ctx.session.get(Project, row.target_id)
    assert project is not None
    return row, project.name


def update_policy(ctx: Context, policy_id: int, changes: dict[str, Any]) -> tuple[Watch, str]:
    row, name = get_policy(ctx, policy_id)
    fields = {k: v for k, v in changes.items() if k in EDITABLE}
    for field in ("notify_level", "live_notify_level"):
        if field in fields:
            fields[field] = check_level(field, fields[field])
    if "web_notify" in fields and not isinstance(fields["web_notify"], bool):
        raise Invalid(code="invalid", field="web_notify")
    before = {"notify_level": row.notify_level, "live_notify_level": live_level(row), "web_notify": web_enabled(row)}
    diff = history.diff_of({k: before[k] for k in fields}, fields)
    for field, value in fields.items():
        setattr(row, field, value)
    if diff:
        _record(ctx, row, "change", diff)
    ctx.session.flush()
    return row, name


def silenced_on_web(ctx: Context, project_id: int, user_ids: set[int]) -> set[int]:
    """The users among `user_ids` whose policy in the project turns web notifications off."""
    if not user_ids:
        return set()
    return set(ctx.session.scalars(select(Watch.user_id).where(
        Watch.target_type == TARGET, Watch.target_id == project_id, Watch.user_id.in_(user_ids),
        Watch.web_notify.is_(False))))  # fmt: skip


def _record(ctx: Context, row: Watch, action: str, diff: dict[str, Any]) -> None:
    """Policies are logged as project watches, keyed by the project."""
    history.record(ctx, target_type="watch", target_id=row.target_id, project_id=row.target_id, action=action,
                   diff=diff)  # fmt: skip
