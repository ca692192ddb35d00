"""What attachments and history hang on: a work item of a kind, or a wiki page."""

from __future__ import annotations

from planyard.core.access import ProjectAccess
from planyard.core.context import Context
from planyard.core.wiki.pages import WIKI_PAGE, PageProfile, get_page
from planyard.core.work_items.kinds import ItemProfile
from planyard.core.work_items.service import get_item
from planyard.models import WikiPage, WorkItem

Profile = ItemProfile | PageProfile


def load(
    ctx: Context, kind: Profile, target_id: int, permission: str | None = None
) -> tuple[WorkItem | WikiPage, ProjectAccess]:
    """The target and the actor's access (NotFound when it can't be seen, as `get_item`)."""
    if isinstance(kind, PageProfile):
        return get_page(ctx, target_id, permission)
    return get_item(ctx, kind, target_id, permission)


def find(ctx: Context, kind: Profile, target_id: int) -> WorkItem | WikiPage | None:
    if kind == WIKI_PAGE:
        return ctx.session.get(WikiPage, target_id)
    return ctx.session.get(WorkItem, target_id)
