"""Liking (a project vote, its fans) and watching a project (setting the level of one's notification
policy there: core.notify_policies)."""

from __future__ import annotations

from sqlalchemy import Select, delete, select

from planyard.core import history, notify_policies
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import User, Vote, Watch

TARGET = "project"
DEFAULT_NOTIFY_LEVEL = notify_policies.INVOLVED


def like(ctx: Context, project_id: int) -> None:
    project, _ = load_project(ctx, project_id)
    user = ctx.require_user()
    if _find(ctx, Vote, project.id, user.id) is None:
        ctx.session.add(Vote(target_type=TARGET, target_id=project.id, user_id=user.id))
        _record(ctx, "like", project.id, "create")


def unlike(ctx: Context, project_id: int) -> None:
    project, _ = load_project(ctx, project_id)
    user = ctx.require_user()
    if _find(ctx, Vote, project.id, user.id) is not None:
        _remove(ctx, Vote, project.id, user.id)
        _record(ctx, "like", project.id, "delete")


def watch(ctx: Context, project_id: int, notify_level: int | None) -> None:
    project, _ = load_project(ctx, project_id)
    user = ctx.require_user()
    level = DEFAULT_NOTIFY_LEVEL if notify_level is None else notify_level
    notify_policies.set_level(ctx, project.id, user.id, notify_policies.check_level("notify_level", level))


def unwatch(ctx: Context, project_id: int) -> None:
    """The policy stays, at level none (Taiga's)."""
    project, _ = load_project(ctx, project_id)
    user = ctx.require_user()
    if notify_policies.policy_of(ctx, project.id, user.id) is not None:
        notify_policies.set_level(ctx, project.id, user.id, notify_policies.NONE)


def fans_query(ctx: Context, project_id: int) -> Select[User]:
    project, _ = load_project(ctx, project_id)
    return _users_of(Vote, project.id)


def watchers_query(ctx: Context, project_id: int) -> Select[User]:
    project, _ = load_project(ctx, project_id)
    return _users_of(Watch, project.id)


def _users_of(model: type[Vote] | type[Watch], project_id: int) -> Select[User]:
    stmt = (
        select(User)
        .join(model, model.user_id == User.id)
        .where(model.target_type == TARGET, model.target_id == project_id)
        .order_by(model.id)
    )
    return stmt.where(notify_policies.watching()) if model is Watch else stmt


def _find(ctx: Context, model: type[Vote], project_id: int, user_id: int) -> Vote | None:
    return ctx.session.scalar(
        select(model).where(model.target_type == TARGET, model.target_id == project_id, model.user_id == user_id)
    )


def _remove(ctx: Context, model: type[Vote], project_id: int, user_id: int) -> None:
    ctx.session.execute(
        delete(model).where(model.target_type == TARGET, model.target_id == project_id, model.user_id == user_id)
    )


def _record(
    ctx: Context, kind: str, project_id: int, action: str, diff: dict[str, list[int | None]] | None = None
) -> None:
    """Likes and watches are logged as their own targets, keyed by the project."""
    history.record(ctx, target_type=kind, target_id=project_id, project_id=project_id, action=action, diff=diff)


def list_fans(ctx: Context, project_id: int, query: ListQuery) -> Page[User]:
    return fetch_page(ctx.session, fans_query(ctx, project_id), query.window)


def list_watchers(ctx: Context, project_id: int, query: ListQuery) -> Page[User]:
    return fetch_page(ctx.session, watchers_query(ctx, project_id), query.window)
