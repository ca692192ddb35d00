"""Promoting a task or an issue to a user story (Taiga's promote_to_user_story): the new story takes the
subject, description, tags, sprint, owner, assignee, watchers, comments and attachments; a story made
from an issue remembers it (generated_from_id), one made from a task also takes its due date, block
and votes, and the task is deleted."""

from __future__ import annotations

from sqlalchemy import select, update

from planyard.core.context import Context
from planyard.core.tags import store as tag_store
from planyard.core.work_items.kinds import STORY, TASK, ItemProfile
from planyard.core.work_items.service import ItemChanges, create_item, delete_item, get_item
from planyard.kit.errors import Invalid
from planyard.models import Attachment, ChangeEntry, Comment, Vote, Watch, WorkItem


def promote_to_story(ctx: Context, kind: ItemProfile, item_id: int, project_id: int) -> list[int]:
    """Returns the refs of the stories created (one)."""
    ctx.require_user()
    source, _ = get_item(ctx, kind, item_id)
    if project_id != source.project_id:
        raise Invalid.on("project_id", "The item does not belong to this project.")
    fields: dict[str, object] = {
        "subject": source.subject, "description": source.description,
        "tags": tag_store.item_tag_names(ctx.session, source.id), "sprint_id": source.sprint_id,
    }  # fmt: skip
    if kind is TASK:
        fields |= {"due_date": source.due_date, "due_date_reason": source.due_date_reason,
                   "is_blocked": source.is_blocked, "blocked_note": source.blocked_note}  # fmt: skip
    else:
        fields["generated_from_id"] = source.id
    fields = {k: v for k, v in fields.items() if v is not None}
    assignees = [source.assigned_to_id] if source.assigned_to_id else []
    story = create_item(ctx, STORY, source.project_id, ItemChanges(fields, assignees=assignees))
    story.owner_id = source.owner_id
    if kind is TASK:
        story.extra = {**(story.extra or {}), "from_task_ref": f"Task #{source.ref}"}
    _copy_social(ctx, kind, source, story)
    _copy_comments(ctx, kind, source, story)
    _copy_attachments(ctx, kind, source, story)
    ctx.session.flush()
    if kind is TASK:
        delete_item(ctx, TASK, source.id)
    return [story.ref]


def _copy_social(ctx: Context, kind: ItemProfile, source: WorkItem, story: WorkItem) -> None:
    watchers = ctx.session.scalars(select(Watch.user_id).where(
        Watch.target_type == kind.target_type, Watch.target_id == source.id))  # fmt: skip
    ctx.session.add_all(Watch(target_type=STORY.target_type, target_id=story.id, user_id=u) for u in watchers)
    if kind is TASK:
        ctx.session.execute(update(Vote).where(Vote.target_type == kind.target_type, Vote.target_id == source.id)
                            .values(target_type=STORY.target_type, target_id=story.id))  # fmt: skip


def _copy_comments(ctx: Context, kind: ItemProfile, source: WorkItem, story: WorkItem) -> None:
    """Each comment of the source comes along with a history entry of its own on the story."""
    comments = ctx.session.scalars(select(Comment).where(
        Comment.target_type == kind.target_type, Comment.target_id == source.id, Comment.text != "",
    ).order_by(Comment.change_id))  # fmt: skip
    for c in comments:
        entry = ChangeEntry(project_id=story.project_id, target_type=STORY.target_type, target_id=story.id,
                            action="change", user_id=c.author_id, diff={}, created_at=c.created_at)  # fmt: skip
        entry.comment = Comment(project_id=story.project_id, target_type=STORY.target_type, target_id=story.id,
                                author_id=c.author_id, text=c.text, versions=list(c.versions or []),
                                created_at=c.created_at, edited_at=c.edited_at, deleted_at=c.deleted_at,
                                deleted_by_id=c.deleted_by_id)  # fmt: skip
        ctx.session.add(entry)


def _copy_attachments(ctx: Context, kind: ItemProfile, source: WorkItem, story: WorkItem) -> None:
    storage = ctx.env.storage
    of_source = (Attachment.target_type == kind.target_type, Attachment.target_id == source.id)
    rows = ctx.session.scalars(select(Attachment).where(*of_source).order_by(Attachment.id))
    for row in rows:
        key = storage.save(f"attachments/{story.project_id}", row.name, storage.open(row.file_key))
        ctx.uow.on_rollback(lambda k=key: storage.delete(k))  # type: ignore[misc]
        ctx.session.add(Attachment(
            project_id=row.project_id, target_type=STORY.target_type, target_id=story.id, owner_id=row.owner_id,
            name=row.name, size=row.size, file_key=key, sha1=row.sha1, description=row.description,
            is_deprecated=row.is_deprecated, from_comment=row.from_comment, order=row.order,
            created_date=row.created_date,
        ))  # fmt: skip
