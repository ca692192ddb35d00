"""Item types: what a project's items are (Taiga's four kinds, Kaiten card types, HacknPlan categories).
Each has a profile (`work_items.kinds`), the behaviour the core gives its items; a project gets one type
per profile when it is created, and may have more (a type without a project is shared by its workspace)."""

from __future__ import annotations

from sqlalchemy import ScalarSelect, or_, select

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.work_items.kinds import KINDS, ItemProfile
from planyard.kit.errors import Invalid
from planyard.models import ItemType, Project


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
    ctx: Context, project_id: int, name: str, profile: str, letter: str = "", color: str = "#999999"
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
                         letter=letter, color=color, order=(last or 0) + 1)  # fmt: skip
    ctx.session.add(item_type)
    ctx.session.flush()
    history.record(ctx, target_type="item_type", target_id=item_type.id, project_id=project.id, action="create",
                   snapshot={"name": name, "profile": profile})  # fmt: skip
    return item_type
