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
    project_id: int,
    name: str,
    profile: str,
    letter: str = "",
    color: str = "#999999",
    extra: dict[str, Any] | None = None,
) -> ItemType:
    """A further type of the project's items (a Kaiten card type, a HacknPlan category), after its others."""
    project, _ = load_project(ctx, project_id, "admin_project_values")
    if profile not in KINDS:
        raise Invalid(code="invalid_choice", field="profile", params={"value": profile})
    if not name.strip():
        raise Invalid(code="blank", field="name")
    last = ctx.session.scalar(select(ItemType.order).where(ItemType.project_id == project.id)
                              .order_by(ItemType.order.desc()).limit(1))  # fmt: skip
    item_type = ItemType(workspace_id=project.workspace_id, project_id=project.id, profile=profile, name=name,
                         letter=letter, color=color, order=(last or 0) + 1, extra=dict(extra or {}))  # fmt: skip
    ctx.session.add(item_type)
    ctx.session.flush()
    history.record(ctx, target_type="item_type", target_id=item_type.id, project_id=project.id, action="create",
                   snapshot={"name": name, "profile": profile})  # fmt: skip
    return item_type


def list_item_types(ctx: Context, project_id: int) -> list[ItemType]:
    """A project's item types, then its workspace's shared ones, each in order."""
    project, _ = load_project(ctx, project_id)
    stmt = select(ItemType).where(
        ItemType.workspace_id == project.workspace_id, ItemType.is_archived.is_(False),
        or_(ItemType.project_id == project.id, ItemType.project_id.is_(None)),
    ).order_by(ItemType.project_id.is_(None), ItemType.order, ItemType.id)  # fmt: skip
    return list(ctx.session.scalars(stmt))


def get_item_type(ctx: Context, project_id: int, item_type_id: int) -> ItemType:
    """One of the types `list_item_types` lists."""
    found = next((t for t in list_item_types(ctx, project_id) if t.id == item_type_id), None)
    if found is None:
        raise NotFound(entity="item_type")
    return found


def update_item_type(ctx: Context, project_id: int, item_type_id: int, changes: dict[str, Any]) -> ItemType:
    """Rename, recolor or re-`extra` a project's own type (a workspace's shared type is not the project's)."""
    item_type = get_item_type(ctx, project_id, item_type_id)
    load_project(ctx, project_id, "admin_project_values")
    if item_type.project_id is None:
        raise Forbidden()
    changes = {k: v for k, v in changes.items() if k in ("name", "color", "extra")}
    if "name" in changes and not (changes["name"] or "").strip():
        raise Invalid(code="blank", field="name")
    before = {k: getattr(item_type, k) for k in changes}
    for name, value in changes.items():
        setattr(item_type, name, value)
    ctx.session.flush()
    history.record(ctx, target_type="item_type", target_id=item_type.id, project_id=project_id, action="change",
                   diff=history.diff_of(before, changes))  # fmt: skip
    return item_type


def delete_item_type(ctx: Context, project_id: int, item_type_id: int) -> None:
    """A project's own type with no items; never the last of its profile (new items need one)."""
    item_type = get_item_type(ctx, project_id, item_type_id)
    load_project(ctx, project_id, "admin_project_values")
    if item_type.project_id is None:
        raise Forbidden()
    if ctx.session.scalar(select(WorkItem.id).where(WorkItem.item_type_id == item_type.id).limit(1)) is not None:
        raise Conflict(code="item_type_in_use", entity="item_type")
    same_profile = select(func.count(ItemType.id)).where(
        ItemType.project_id == project_id, ItemType.profile == item_type.profile, ItemType.is_archived.is_(False)
    )
    if (ctx.session.scalar(same_profile) or 0) <= 1:
        raise Invalid(code="last_item_type", entity="item_type")
    history.record(ctx, target_type="item_type", target_id=item_type.id, project_id=project_id, action="delete",
                   snapshot={"name": item_type.name, "profile": item_type.profile})  # fmt: skip


def _visible(ctx: Context) -> Any:
    projects = visible_projects(ctx).with_only_columns(Project.id)
    return or_(ItemType.project_id.is_(None), ItemType.project_id.in_(projects))


def list_types(ctx: Context) -> list[ItemType]:
    """The workspace-wide types and those of the projects the actor sees."""
    ctx.require_user()
    return list(ctx.session.scalars(select(ItemType).where(_visible(ctx)).order_by(ItemType.id)))


def get_type(ctx: Context, type_id: int, write: bool = False) -> ItemType:
    """A type the actor sees; writing a project's type needs `admin_project_values` there."""
    ctx.require_user()
    item_type = ctx.session.scalar(select(ItemType).where(ItemType.id == type_id, _visible(ctx)))
    if item_type is None:
        raise NotFound(entity="item_type")
    if write and item_type.project_id is not None:
        load_project(ctx, item_type.project_id, "admin_project_values")
    return item_type


def create_shared_type(ctx: Context, workspace_id: int, name: str, letter: str = "", color: str = "#999999",
                       profile: str = "story") -> ItemType:  # fmt: skip
    """A type every project of the workspace may give its items (Kaiten card types are company-wide)."""
    ctx.require_user()
    if not name.strip():
        raise Invalid(code="blank", field="name")
    item_type = ItemType(workspace_id=workspace_id, project_id=None, profile=profile, name=name, letter=letter,
                         color=color)  # fmt: skip
    ctx.session.add(item_type)
    ctx.session.flush()
    history.record(ctx, target_type="item_type", target_id=item_type.id, action="create",
                   snapshot={"name": name, "profile": profile})  # fmt: skip
    return item_type


def update_type(ctx: Context, type_id: int, changes: dict[str, Any]) -> ItemType:
    item_type = get_type(ctx, type_id, write=True)
    fields = {k: v for k, v in changes.items() if k in ("name", "letter", "color", "is_archived")}
    if "name" in fields and not str(fields["name"]).strip():
        raise Invalid(code="blank", field="name")
    diff = history.diff_of({k: getattr(item_type, k) for k in fields}, fields)
    for name, value in fields.items():
        setattr(item_type, name, value)
    if diff:
        history.record(ctx, target_type="item_type", target_id=item_type.id, project_id=item_type.project_id,
                       action="change", diff=diff)  # fmt: skip
    ctx.session.flush()
    return item_type


def delete_type(ctx: Context, type_id: int) -> None:
    """A type no item has; a project's first type of a profile stays (its items' default)."""
    item_type = get_type(ctx, type_id, write=True)
    if ctx.session.scalar(select(exists().where(WorkItem.item_type_id == item_type.id))):
        raise Invalid(code="type_in_use", entity="item_type")
    if item_type.project_id is not None:
        first = ctx.session.scalar(select(ItemType.id).where(
            ItemType.project_id == item_type.project_id, ItemType.profile == item_type.profile)
            .order_by(ItemType.order, ItemType.id).limit(1))  # fmt: skip
        if first == item_type.id:
            raise Invalid(code="default_type_kept", entity="item_type")
    history.record(ctx, target_type="item_type", target_id=item_type.id, project_id=item_type.project_id,
                   action="delete", snapshot={"name": item_type.name})  # fmt: skip
    ctx.session.delete(item_type)
    ctx.session.flush()
