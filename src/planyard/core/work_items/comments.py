"""Comments on an item addressed by their own id (Kaiten, HacknPlan): list, add, edit, delete. Adding
is an item edit that carries only a comment (Taiga's rule: the comment permission, a new version, the
watchers notified); editing and deleting follow the rules of Taiga's comment actions (item_history.py),
which address the same comment by the id of the history entry that carried it."""

from __future__ import annotations

from sqlalchemy import select

from planyard.core import item_history
from planyard.core.context import Context
from planyard.core.work_items.item_rows import readable_item
from planyard.core.work_items.kinds import KINDS
from planyard.core.work_items.service import ItemChanges, update_item
from planyard.kit.errors import Invalid, NotFound
from planyard.models import Comment
from planyard.models.comment import SHOWN_COMMENT


def list_comments(ctx: Context, item_id: int) -> list[Comment]:
    """The item's shown comments (not deleted), oldest first."""
    item, _ = readable_item(ctx, item_id)
    stmt = select(Comment).where(Comment.target_type == item.kind, Comment.target_id == item.id, SHOWN_COMMENT)
    return list(ctx.session.scalars(stmt.order_by(Comment.id)))


def add_comment(ctx: Context, item_id: int, text: str) -> Comment:
    if not isinstance(text, str) or not text.strip():
        raise Invalid(code="blank", field="text")
    item, _ = readable_item(ctx, item_id)
    update_item(ctx, KINDS[item.kind], item.id, ItemChanges(comment=text))
    newest = select(Comment).where(Comment.target_type == item.kind, Comment.target_id == item.id)
    comment = ctx.session.scalar(newest.order_by(Comment.id.desc()).limit(1))
    assert comment is not None
    return comment


def edit_comment(ctx: Context, comment_id: int, text: str) -> Comment:
    comment = _comment(ctx, comment_id)
    item_history.edit_comment(ctx, KINDS[comment.target_type], comment.target_id, str(comment.change_id), text)
    ctx.session.flush()
    return comment


def delete_comment(ctx: Context, comment_id: int) -> None:
    comment = _comment(ctx, comment_id)
    item_history.delete_comment(ctx, KINDS[comment.target_type], comment.target_id, str(comment.change_id))
    ctx.session.flush()


def _comment(ctx: Context, comment_id: int) -> Comment:
    comment = ctx.session.get(Comment, comment_id)
    if comment is None or comment.deleted_at is not None or comment.target_type not in KINDS:
        raise NotFound(entity="comment")
    try:
        readable_item(ctx, comment.target_id)
    except NotFound:
        raise NotFound(entity="comment") from None
    return comment
