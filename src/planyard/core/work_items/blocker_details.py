"""Who and what a blocker is about (Kaiten blocker users and categories), and the open blockers that wait
for a user. Categories belong to the workspace of the blocked item's project; a category named that is
not there yet is made. Reading needs the item's view permission, writing its modify permission."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, delete, select

from planyard.core.context import Context
from planyard.core.work_items.item_rows import readable_item, record, writable_item
from planyard.core.work_items.references import validate_members
from planyard.kit.errors import Invalid, NotFound
from planyard.models import Blocker, BlockerCategory, BlockerCategoryLink, BlockerUser, Project, WorkItem

TARGET = "blocker"


def _blocker(ctx: Context, blocker_id: int, write: bool) -> tuple[Blocker, WorkItem]:
    blocker = ctx.session.get(Blocker, blocker_id)
    if blocker is None:
        raise NotFound(entity="blocker")
    try:
        item = writable_item(ctx, blocker.work_item_id) if write else readable_item(ctx, blocker.work_item_id)[0]
    except NotFound:
        raise NotFound(entity="blocker") from None
    return blocker, item


def user_ids(ctx: Context, blocker_id: int) -> list[int]:
    blocker, _ = _blocker(ctx, blocker_id, write=False)
    return list(ctx.session.scalars(select(BlockerUser.user_id).where(BlockerUser.blocker_id == blocker.id)
                                    .order_by(BlockerUser.user_id)))  # fmt: skip


def add_user(ctx: Context, blocker_id: int, user_id: int) -> None:
    blocker, item = _blocker(ctx, blocker_id, write=True)
    validate_members(ctx, item.project_id, "user_id", [user_id])
    if user_id not in user_ids(ctx, blocker.id):
        ctx.session.add(BlockerUser(blocker_id=blocker.id, user_id=user_id))
        ctx.session.flush()
        record(ctx, item, TARGET, blocker.id, "change", {"users": [None, user_id]})


def remove_user(ctx: Context, blocker_id: int, user_id: int) -> None:
    blocker, item = _blocker(ctx, blocker_id, write=True)
    gone = ctx.session.execute(delete(BlockerUser).where(BlockerUser.blocker_id == blocker.id,
                                                         BlockerUser.user_id == user_id))  # fmt: skip
    if not gone.rowcount:  # type: ignore[attr-defined]
        raise NotFound(entity="blocker_user")
    record(ctx, item, TARGET, blocker.id, "change", {"users": [user_id, None]})


def list_categories(ctx: Context, workspace_id: int) -> list[BlockerCategory]:
    ctx.require_user()
    stmt = select(BlockerCategory).where(BlockerCategory.workspace_id == workspace_id).order_by(BlockerCategory.id)
    return list(ctx.session.scalars(stmt))


def categories_of(ctx: Context, blocker_ids: list[int]) -> dict[int, list[BlockerCategory]]:
    found: dict[int, list[BlockerCategory]] = {blocker_id: [] for blocker_id in blocker_ids}
    if blocker_ids:
        stmt = (select(BlockerCategoryLink.blocker_id, BlockerCategory)
                .join(BlockerCategory, BlockerCategory.id == BlockerCategoryLink.category_id)
                .where(BlockerCategoryLink.blocker_id.in_(blocker_ids)).order_by(BlockerCategory.id))  # fmt: skip
        for blocker_id, category in ctx.session.execute(stmt):
            found[blocker_id].append(category)
    return found


def add_category(ctx: Context, blocker_id: int, category_id: int | None, name: str | None,
                 color: str | None) -> BlockerCategory:  # fmt: skip
    """File the blocker under a category of its workspace: by id, or by name (made when new)."""
    blocker, item = _blocker(ctx, blocker_id, write=True)
    project = ctx.session.get(Project, item.project_id)
    assert project is not None
    if category_id is not None:
        category = ctx.session.get(BlockerCategory, category_id)
        if category is None or category.workspace_id != project.workspace_id:
            raise Invalid(code="does_not_exist", field="uid", params={"pk": category_id})
    elif name and name.strip():
        category = ctx.session.scalar(select(BlockerCategory).where(
            BlockerCategory.workspace_id == project.workspace_id, BlockerCategory.name == name.strip()))  # fmt: skip
        if category is None:
            category = BlockerCategory(workspace_id=project.workspace_id, name=name.strip(), color=color or "#999999")
            ctx.session.add(category)
            ctx.session.flush()
    else:
        raise Invalid(code="required", field="name")
    linked = select(BlockerCategoryLink).where(BlockerCategoryLink.blocker_id == blocker.id,
                                               BlockerCategoryLink.category_id == category.id)  # fmt: skip
    if ctx.session.scalar(linked) is None:
        ctx.session.add(BlockerCategoryLink(blocker_id=blocker.id, category_id=category.id))
        ctx.session.flush()
        record(ctx, item, TARGET, blocker.id, "change", {"categories": [None, category.name]})
    return category


def remove_category(ctx: Context, blocker_id: int, category_id: int) -> None:
    blocker, item = _blocker(ctx, blocker_id, write=True)
    link = and_(BlockerCategoryLink.blocker_id == blocker.id, BlockerCategoryLink.category_id == category_id)
    gone = ctx.session.execute(delete(BlockerCategoryLink).where(link))
    if not gone.rowcount:  # type: ignore[attr-defined]
        raise NotFound(entity="blocker_category")
    record(ctx, item, TARGET, blocker.id, "change", {"categories": [category_id, None]})


@dataclass
class Waiting:
    blocker: Blocker
    item: WorkItem


def waiting_for(ctx: Context, user_id: int) -> list[Waiting]:
    """The blockers that wait for the user (the user is one of their users), on items the actor sees."""
    stmt = (select(Blocker, WorkItem).join(WorkItem, WorkItem.id == Blocker.work_item_id)
            .join(BlockerUser, BlockerUser.blocker_id == Blocker.id).where(BlockerUser.user_id == user_id)
            .order_by(Blocker.id))  # fmt: skip
    found = []
    for blocker, item in ctx.session.execute(stmt):
        try:
            readable_item(ctx, item.id)
        except NotFound:
            continue
        found.append(Waiting(blocker, item))
    return found
