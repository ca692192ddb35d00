"""Project roles: named sets of Taiga permissions; a role's change applies to its members at once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select, update

from planyard.core import history
from planyard.core.access import VALID_PERMISSIONS, load_project
from planyard.core.context import Context
from planyard.core.projects.service import visible_projects
from planyard.core.slugs import unique_slug
from planyard.kit.errors import Invalid, NotFound, Problem
from planyard.kit.pagination import fetch_page
from planyard.kit.query import ListQuery, Page
from planyard.models import Membership, Project, Role

TARGET = "role"
MEMBERSHIP_TARGET = "membership"  # memberships.TARGET (that module imports this one)
EDITABLE = ("name", "order", "computable", "permissions", "extra")


def roles_query(ctx: Context, project_id: int | None = None) -> Select[Role]:
    """Roles of the projects the actor can see, in Taiga's order (order, slug)."""
    visible = visible_projects(ctx).with_only_columns(Project.id)
    stmt = select(Role).where(Role.project_id.in_(visible)).order_by(Role.project_id, Role.order, Role.slug)
    if project_id is not None:
        stmt = stmt.where(Role.project_id == project_id)
    return stmt


def member_counts(ctx: Context, role_ids: list[int]) -> dict[int, int]:
    if not role_ids:
        return {}
    rows = ctx.session.execute(
        select(Membership.role_id, func.count()).where(Membership.role_id.in_(role_ids)).group_by(Membership.role_id)
    )
    return dict(rows.all())


def get_role(ctx: Context, role_id: int, permission: str = "view_project") -> Role:
    role = ctx.session.get(Role, role_id)
    if role is None:
        raise NotFound(entity="role")
    try:
        load_project(ctx, role.project_id, permission)
    except NotFound:
        raise NotFound(entity="role") from None
    return role


def _validate(changes: dict[str, Any]) -> None:
    errors: dict[str, list[Problem]] = {}
    if "name" in changes and not (changes["name"] or "").strip():
        errors["name"] = [Problem("blank")]
    bad = [p for p in changes.get("permissions") or [] if p not in VALID_PERMISSIONS]
    if bad:
        errors["permissions"] = [Problem("invalid_choice", {"value": p}) for p in bad]
    if errors:
        raise Invalid(fields=errors)


def writable_project(ctx: Context, project_id: int, permission: str, field: str = "project") -> Project:
    """The project named in a request body, for a write needing `permission`; one the actor can't
    see is reported like a missing one (400 on the field), so private projects don't leak."""
    ctx.require_user()
    try:
        project, _ = load_project(ctx, project_id, permission)
    except NotFound:
        raise Invalid(code="does_not_exist", field=field, params={"pk": project_id}) from None
    return project


def create_role(ctx: Context, project_id: int, values: dict[str, Any]) -> Role:
    project = writable_project(ctx, project_id, "admin_roles")
    values = {k: v for k, v in values.items() if k in EDITABLE and v is not None}
    _validate(values)
    slug = unique_slug(values["name"], lambda s: _slug_taken(ctx, project.id, s))
    role = Role(project_id=project.id, slug=slug, **values)
    ctx.session.add(role)
    ctx.session.flush()
    history.record(
        ctx, target_type=TARGET, target_id=role.id, project_id=project.id, action="create",
        snapshot={"name": role.name, "permissions": role.permissions},
    )  # fmt: skip
    return role


def _slug_taken(ctx: Context, project_id: int, slug: str) -> bool:
    stmt = select(Role.id).where(Role.project_id == project_id, Role.slug == slug)
    return ctx.session.scalar(stmt) is not None


def update_role(ctx: Context, role_id: int, changes: dict[str, Any]) -> Role:
    role = get_role(ctx, role_id, "admin_roles")
    changes = {k: v for k, v in changes.items() if k in EDITABLE and v is not None}
    _validate(changes)
    before = {k: getattr(role, k) for k in changes}
    for name, value in changes.items():
        setattr(role, name, value)
    ctx.session.flush()
    history.record(
        ctx, target_type=TARGET, target_id=role.id, project_id=role.project_id, action="change",
        diff=history.diff_of(before, changes),
    )  # fmt: skip
    return role


def delete_role(ctx: Context, role_id: int, move_to: int | None) -> None:
    """Delete a role; its members (and pending invitations) move to the role `move_to`."""
    role = get_role(ctx, role_id, "admin_roles")
    has_members = ctx.session.scalar(select(Membership.id).where(Membership.role_id == role.id).limit(1))
    if move_to is not None:
        target = ctx.session.get(Role, move_to)
        if target is None or target.project_id != role.project_id or target.id == role.id:
            raise NotFound(entity="role")
        moved = list(ctx.session.scalars(select(Membership.id).where(Membership.role_id == role.id)))
        ctx.session.execute(update(Membership).where(Membership.role_id == role.id).values(role_id=target.id))
        entries = [history.NewEntry(m, diff={"role": [role.id, target.id]}) for m in moved]
        history.record_many(ctx, target_type=MEMBERSHIP_TARGET, action="change", project_id=role.project_id,
                            entries=entries)  # fmt: skip
    elif has_members:
        raise Invalid(code="move_to_required")
    history.record(
        ctx, target_type=TARGET, target_id=role.id, project_id=role.project_id, action="delete",
        snapshot={"name": role.name, "moved_to": move_to},
    )  # fmt: skip
    ctx.session.delete(role)
    ctx.session.flush()


def list_roles(ctx: Context, project_id: int | None, query: ListQuery) -> Page[Role]:
    return fetch_page(ctx.session, roles_query(ctx, project_id), query.window)
