"""Teams: named sets of a workspace's users (Kaiten groups, HacknPlan teams), their admins, and the places
of the workspace's tree they are granted (with the access level granted there: on a project's entry it
gives the team's users that level in the project, core.access). Anyone signed in reads them; workspace
admins write them, and a team's admins its members."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select

from planyard.core import history
from planyard.core.access import LEVELS
from planyard.core.company import is_admin, require_admin
from planyard.core.context import Context
from planyard.db.locks import lock_for_write
from planyard.kit.errors import Conflict, Forbidden, Invalid, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import Page, Window
from planyard.models import Team, TeamGrant, TeamMember, TreeEntity, User

TARGET = "team"
EDITABLE = ("name", "permissions", "add_to_cards_and_spaces_enabled")


def list_teams(ctx: Context, workspace_id: int, window: Window | None) -> Page[Team]:
    ctx.require_user()
    stmt = select(Team).where(Team.workspace_id == workspace_id).order_by(Team.id)
    return fetch_page(ctx.session, stmt, window)


def get_team(ctx: Context, workspace_id: int, team_id: int) -> Team:
    ctx.require_user()
    team = ctx.session.get(Team, team_id)
    if team is None or team.workspace_id != workspace_id:
        raise NotFound(entity="team")
    return team


def _checked(ctx: Context, workspace_id: int, values: dict[str, Any], exclude: int | None) -> dict[str, Any]:
    values = {k: v for k, v in values.items() if k in EDITABLE and v is not None}
    if "name" in values:
        values["name"] = values["name"].strip()
        if not values["name"]:
            raise Invalid(code="blank", field="name")
        taken = select(Team.id).where(
            Team.workspace_id == workspace_id, func.lower(Team.name) == values["name"].lower()
        )
        if exclude is not None:
            taken = taken.where(Team.id != exclude)
        if ctx.session.scalar(taken) is not None:
            raise Conflict(code="duplicate", entity="team", field="name")
    return values


def create_team(ctx: Context, workspace_id: int, values: dict[str, Any]) -> Team:
    require_admin(ctx, workspace_id)
    values = _checked(ctx, workspace_id, values, None)
    if "name" not in values:
        raise Invalid(code="required", field="name")
    team = Team(workspace_id=workspace_id, creator_id=ctx.actor_id, **values)
    ctx.session.add(team)
    ctx.session.flush()
    history.record(ctx, target_type=TARGET, target_id=team.id, action="create", snapshot={"name": team.name})
    return team


def update_team(ctx: Context, workspace_id: int, team_id: int, changes: dict[str, Any]) -> Team:
    team = get_team(ctx, workspace_id, team_id)
    require_admin(ctx, workspace_id)
    changes = _checked(ctx, workspace_id, changes, team.id)
    before = {k: getattr(team, k) for k in changes}
    for name, value in changes.items():
        setattr(team, name, value)
    diff = history.diff_of(before, changes)
    if diff:
        history.record(ctx, target_type=TARGET, target_id=team.id, action="change", diff=diff)
    ctx.session.flush()
    return team


def delete_team(ctx: Context, workspace_id: int, team_id: int) -> Team:
    team = get_team(ctx, workspace_id, team_id)
    require_admin(ctx, workspace_id)
    history.record(ctx, target_type=TARGET, target_id=team.id, action="delete", snapshot={"name": team.name})
    ctx.session.delete(team)
    ctx.session.flush()
    return team


def _may_manage(ctx: Context, team: Team) -> None:
    lock_for_write(ctx.session, team)
    if is_admin(ctx, team.workspace_id):
        return
    own = ctx.session.get(TeamMember, (team.id, ctx.actor_id))
    if own is None or not own.is_admin:
        raise Forbidden()


def members(ctx: Context, workspace_id: int, team_id: int, *, admins: bool) -> list[User]:
    """The team's users (or only its admins), by name."""
    team = get_team(ctx, workspace_id, team_id)
    stmt = select(User).join(TeamMember, TeamMember.user_id == User.id).where(TeamMember.team_id == team.id)
    if admins:
        stmt = stmt.where(TeamMember.is_admin.is_(True))
    return list(ctx.session.scalars(stmt.order_by(User.full_name, User.username, User.id)))


def add_member(ctx: Context, workspace_id: int, team_id: int, user_id: Any, *, admin: bool) -> User:
    """Add a user to the team (as an admin: also makes a member one); already there is a 409."""
    team = get_team(ctx, workspace_id, team_id)
    _may_manage(ctx, team)
    user = ctx.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise Invalid(code="does_not_exist", field="user_id", params={"pk": user_id})
    row = ctx.session.get(TeamMember, (team.id, user.id), with_for_update=True)
    if row is not None and (row.is_admin or not admin):
        raise Conflict(code="member_exists")
    if row is None:
        ctx.session.add(TeamMember(team_id=team.id, user_id=user.id, is_admin=admin))
    else:
        row.is_admin = True
    history.record(ctx, target_type=TARGET, target_id=team.id, action="change",
                   diff={"admins" if admin else "members": [None, user.id]})  # fmt: skip
    ctx.session.flush()
    return user


def remove_member(ctx: Context, workspace_id: int, team_id: int, user_id: int, *, admin: bool) -> None:
    """Take a user out of the team (an admin: only the admin flag goes)."""
    team = get_team(ctx, workspace_id, team_id)
    _may_manage(ctx, team)
    row = ctx.session.get(TeamMember, (team.id, user_id), with_for_update=True)
    if row is None or (admin and not row.is_admin):
        raise NotFound(entity="team_member")
    if admin:
        row.is_admin = False
    else:
        ctx.session.execute(delete(TeamMember).where(TeamMember.team_id == team.id, TeamMember.user_id == user_id))
    history.record(ctx, target_type=TARGET, target_id=team.id, action="change",
                   diff={"admins" if admin else "members": [user_id, None]})  # fmt: skip
    ctx.session.flush()


def grants(ctx: Context, workspace_id: int, team_id: int) -> list[tuple[TeamGrant, TreeEntity]]:
    team = get_team(ctx, workspace_id, team_id)
    stmt = (select(TeamGrant, TreeEntity).join(TreeEntity, TreeEntity.id == TeamGrant.tree_entity_id)
            .where(TeamGrant.team_id == team.id).order_by(TeamGrant.id))  # fmt: skip
    return [(grant, entry) for grant, entry in ctx.session.execute(stmt)]


def _level(level: Any) -> int | None:
    if level is not None and level not in LEVELS:
        raise Invalid(code="invalid_choice", field="level")
    return level if level is None else int(level)


def grant(ctx: Context, workspace_id: int, team_id: int, entry_id: int, values: dict[str, Any]) -> TeamGrant:
    """Grant the team a place of the tree with an access level (none: null); granted already is a 409."""
    team = get_team(ctx, workspace_id, team_id)
    require_admin(ctx, workspace_id)
    entry = ctx.session.get(TreeEntity, entry_id)
    if entry is None or entry.workspace_id != workspace_id:
        raise Invalid(code="does_not_exist", field="entity_uid", params={"pk": entry_id})
    taken = select(TeamGrant.id).where(TeamGrant.team_id == team.id, TeamGrant.tree_entity_id == entry.id)
    if ctx.session.scalar(taken) is not None:
        raise Conflict(code="duplicate", entity="team_grant")
    row = TeamGrant(team_id=team.id, tree_entity_id=entry.id, level=_level(values.get("level")),
                    access_mod=values.get("access_mod") or "")  # fmt: skip
    ctx.session.add(row)
    ctx.session.flush()
    history.record(ctx, target_type="team_grant", target_id=row.id, action="create",
                   snapshot={"team": team.id, "entry": entry.id, "level": row.level})  # fmt: skip
    return row


def _grant_of(ctx: Context, workspace_id: int, team_id: int, entry_id: int) -> TeamGrant:
    team = get_team(ctx, workspace_id, team_id)
    row = ctx.session.scalar(
        select(TeamGrant).where(TeamGrant.team_id == team.id, TeamGrant.tree_entity_id == entry_id)
    )
    if row is None:
        raise NotFound(entity="team_grant")
    return row


def update_grant(ctx: Context, workspace_id: int, team_id: int, entry_id: int, changes: dict[str, Any]) -> TeamGrant:
    """Change a grant's `level` (null: none) and `access_mod` (null: unchanged)."""
    row = _grant_of(ctx, workspace_id, team_id, entry_id)
    require_admin(ctx, workspace_id)
    changes = {k: v for k, v in changes.items() if k == "level" or (k == "access_mod" and v is not None)}
    if "level" in changes:
        changes["level"] = _level(changes["level"])
    before = {k: getattr(row, k) for k in changes}
    for name, value in changes.items():
        setattr(row, name, value)
    diff = history.diff_of(before, changes)
    if diff:
        history.record(ctx, target_type="team_grant", target_id=row.id, action="change", diff=diff)
    ctx.session.flush()
    return row


def revoke(ctx: Context, workspace_id: int, team_id: int, entry_id: int) -> None:
    row = _grant_of(ctx, workspace_id, team_id, entry_id)
    require_admin(ctx, workspace_id)
    history.record(ctx, target_type="team_grant", target_id=row.id, action="delete",
                   snapshot={"team": row.team_id, "entry": row.tree_entity_id})  # fmt: skip
    ctx.session.delete(row)
    ctx.session.flush()


def set_members(ctx: Context, workspace_id: int, team_id: int, user_ids: list[int]) -> None:
    """Make the team's users exactly these (admins stay admins while they stay members); unknown ids: 400."""
    team = get_team(ctx, workspace_id, team_id)
    require_admin(ctx, workspace_id)
    wanted = set(user_ids)
    known = set(ctx.session.scalars(select(User.id).where(User.id.in_(wanted)))) if wanted else set()
    if known != wanted:
        raise Invalid(code="does_not_exist", field="members", params={"pk": sorted(wanted - known)})
    current = set(ctx.session.scalars(select(TeamMember.user_id).where(TeamMember.team_id == team.id)))
    if current - wanted:
        ctx.session.execute(delete(TeamMember).where(TeamMember.team_id == team.id,
                                                     TeamMember.user_id.in_(current - wanted)))  # fmt: skip
    for user_id in sorted(wanted - current):
        ctx.session.add(TeamMember(team_id=team.id, user_id=user_id, is_admin=False))
    if current != wanted:
        history.record(ctx, target_type=TARGET, target_id=team.id, action="change",
                       diff={"members": [sorted(current), sorted(wanted)]})  # fmt: skip
    ctx.session.flush()


def members_of(ctx: Context, team_ids: list[int]) -> dict[int, list[User]]:
    """The users of each of these teams (one query)."""
    found: dict[int, list[User]] = {team_id: [] for team_id in team_ids}
    stmt = (select(TeamMember.team_id, User).join(User, User.id == TeamMember.user_id)
            .where(TeamMember.team_id.in_(team_ids)).order_by(User.id))  # fmt: skip
    for team_id, user in ctx.session.execute(stmt):
        found[team_id].append(user)
    return found
