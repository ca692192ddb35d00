"""Item types: what a project's items are (Taiga's four kinds, Kaiten card types, HacknPlan categories).
Each has a profile (`work_items.kinds`), the behaviour the core gives its items; a project gets one type
per profile when it is created, and may have more (a type without a project is shared by its workspace)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ScalarSelect, exists, func, or_, select

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.projects.service import visible_projects
from planyard.core.work_items.kinds import KINDS, ItemProfile
from planyard.kit.errors import Conflict, Forbidden, Invalid, NotFound
from planyard.models import ItemType, Project, WorkItem


def default_type(project_id: int, profile: ItemProfile) -> ScalarSelect[int]:
    """The project's first type of a profile, as a subquery a new item's INSERT carries (no query of its own)."""
    return (
        select(ItemType.id)
        .where(ItemType.project_id == project_id, ItemType.profile == profile.name, ItemType.is_archived.is_(False))
        .order_by(ItemType.order, ItemType.id)
        .limit(1)
        .scalar_subquery()
    )


def check_type(ctx: Context, project: Project, profile: ItemProfile, item_type_id: int) -> int:
    """A type an item of the project may have: the project's own or its workspace's, of the profile."""
    found = ctx.session.scalar(select(ItemType.id).where(
        ItemType.id == item_type_id, ItemType.profile == profile.name, ItemType.workspace_id == project.workspace_id,
        or_(ItemType.project_id == project.id, ItemType.project_id.is_(None))))  # fmt: skip
    if found is None:
        raise Invalid(code="unknown_item_type", field="item_type")
    return item_type_id


def create_item_type(
    ctx: Context,
    project_id: int | None,
    name: str,
    profile: str = "story",
    letter: str = "",
    color: str = "#999999",
    extra: dict[str, Any] | None = None,
    workspace_id: int | None = None,
) -> ItemType:
    """A further type of a project's items (a HacknPlan category), after its others; without a project, a
    type every project of the workspace may give its items (a Kaiten card type is company-wide)."""
    if project_id is None:
        ctx.require_user()
        project = None
    else:
        project, _ = load_project(ctx, project_id, "admin_project_values")
        workspace_id = project.workspace_id
    if profile not in KINDS:
        raise Invalid(code="invalid_choice", field="profile", params={"value": profile})
    if not name.strip():
        raise Invalid(code="blank", field="name")
    last = ctx.session.scalar(select(func.max(ItemType.order)).where(
        ItemType.workspace_id == workspace_id, ItemType.project_id == project_id))  # fmt: skip
    item_type = ItemType(workspace_id=workspace_id, project_id=project_id, profile=profile, name=name,
                         letter=letter, color=color, order=(last or 0) + 1, extra=dict(extra or {}))  # fmt: skip
    ctx.session.add(item_type)
    ctx.session.flush()
    history.record(ctx, target_type="item_type", target_id=item_type.id, project_id=project_id, action="create",
                   snapshot={"name": name, "profile": profile})  # fmt: skip
    return item_type


def list_item_types(ctx: Context, project_id: int | None = None) -> list[ItemType]:
    """A project's unarchived types, then its workspace's shared ones, each in order; without a project, the
    shared types and those of every project the actor sees, archived too, by id."""
    if project_id is None:
        ctx.require_user()
        return list(ctx.session.scalars(select(ItemType).where(_visible(ctx)).order_by(ItemType.id)))
    project, _ = load_project(ctx, project_id)
    stmt = select(ItemType).where(
        ItemType.workspace_id == project.workspace_id, ItemType.is_archived.is_(False),
        or_(ItemType.project_id == project.id, ItemType.project_id.is_(None)),
    ).order_by(ItemType.project_id.is_(None), ItemType.order, ItemType.id)  # fmt: skip
    return list(ctx.session.scalars(stmt))


def get_item_type(ctx: Context, item_type_id: int, project_id: int | None = None, write: bool = False) -> ItemType:
    """One of the types `list_item_types` lists; to write it, `admin_project_values` in its project (asked
    through a project, a shared type is not the project's to write: 403)."""
    if project_id is None:
        ctx.require_user()
        item_type = ctx.session.scalar(select(ItemType).where(ItemType.id == item_type_id, _visible(ctx)))
    else:
        item_type = next((t for t in list_item_types(ctx, project_id) if t.id == item_type_id), None)
    if item_type is None:
        raise NotFound(entity="item_type")
    if write and project_id is not None and item_type.project_id is None:
        raise Forbidden()
    if write and item_type.project_id is not None:
        load_project(ctx, item_type.project_id, "admin_project_values")
    return item_type


def update_item_type(
    ctx: Context, item_type_id: int, changes: dict[str, Any], project_id: int | None = None
) -> ItemType:
    """Rename, re-letter, recolor, archive or re-`extra` a type (`get_item_type` says who may)."""
    item_type = get_item_type(ctx, item_type_id, project_id, write=True)
    fields = {k: v for k, v in changes.items() if k in ("name", "letter", "color", "is_archived", "extra")}
    if "name" in fields and not str(fields["name"] or "").strip():
        raise Invalid(code="blank", field="name")
    diff = history.diff_of({k: getattr(item_type, k) for k in fields}, fields)
    for name, value in fields.items():
        setattr(item_type, name, value)
    ctx.session.flush()
    if diff:
        history.record(ctx, target_type="item_type", target_id=item_type.id, project_id=item_type.project_id,
                       action="change", diff=diff)  # fmt: skip
    return item_type


def delete_item_type(ctx: Context, item_type_id: int, project_id: int | None = None) -> None:
    """A type no item has (409); never a project's last type of a profile (its new items need one)."""
    item_type = get_item_type(ctx, item_type_id, project_id, write=True)
    if ctx.session.scalar(select(exists().where(WorkItem.item_type_id == item_type.id))):
        raise Conflict(code="item_type_in_use", entity="item_type")
    if item_type.project_id is not None:
        same_profile = select(func.count(ItemType.id)).where(
            ItemType.project_id == item_type.project_id, ItemType.profile == item_type.profile,
            ItemType.is_archived.is_(False))  # fmt: skip
        if (ctx.session.scalar(same_profile) or 0) <= 1:
            raise Invalid(code="last_item_type", entity="item_type")
    history.record(ctx, target_type="item_type", target_id=item_type.id, project_id=item_type.project_id,
                   action="delete", snapshot={"name": item_type.name, "profile": item_type.profile})  # fmt: skip
    ctx.session.delete(item_type)
    ctx.session.flush()


def _visible(ctx: Context) -> Any:
    projects = visible_projects(ctx).with_only_columns(Project.id)
    return or_(ItemType.project_id.is_(None), ItemType.project_id.in_(projects))
