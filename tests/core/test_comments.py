"""Comments as rows through the core: addressed by their own id, the same comment Taiga's history shows
(addressed there by its entry's id)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planyard.core import item_history
from planyard.core.work_items import comments, service
from planyard.core.work_items.kinds import ISSUE
from planyard.core.work_items.service import ItemChanges
from planyard.kit.errors import Forbidden, Invalid, NotFound
from planyard.models import ChangeEntry, Comment, WorkItem


def test_comments_by_id_are_the_history_comments(team):
    world, project, owner, member, outsider = team
    issue = world.run(
        lambda ctx: service.create_item(ctx, ISSUE, project.id, ItemChanges({"subject": "s"})), actor=owner
    )
    first = world.run(lambda ctx: comments.add_comment(ctx, issue.id, "first @" + member.username), actor=owner)
    second = world.run(lambda ctx: comments.add_comment(ctx, issue.id, "second"), actor=member)
    assert second.id == first.id + 1 and (first.author_id, first.project_id) == (owner.id, project.id)
    assert world.run(lambda ctx: ctx.session.get(WorkItem, issue.id)).version == 3
    with pytest.raises(Invalid):
        world.run(lambda ctx: comments.add_comment(ctx, issue.id, " "), actor=owner)
    with pytest.raises(NotFound):
        world.run(lambda ctx: comments.add_comment(ctx, issue.id, "hi"), actor=outsider)
    with pytest.raises(Forbidden):  # only its author or an admin edits a comment
        world.run(lambda ctx: comments.edit_comment(ctx, first.id, "not mine"), actor=member)
    world.run(lambda ctx: comments.edit_comment(ctx, first.id, "first, better"), actor=owner)
    world.run(lambda ctx: comments.delete_comment(ctx, second.id), actor=member)
    with pytest.raises(NotFound):
        world.run(lambda ctx: comments.delete_comment(ctx, second.id), actor=member)
    shown = world.run(lambda ctx: comments.list_comments(ctx, issue.id), actor=owner)
    assert [(c.id, c.text, len(c.versions)) for c in shown] == [(first.id, "first, better", 1)]

    def taiga_history(ctx):
        entries = ctx.session.scalars(item_history.history_query(ctx, ISSUE, issue.id, "comment")).all()
        return [(e.id, e.comment.text, e.comment.deleted_at is not None) for e in entries]

    assert world.run(taiga_history, actor=owner) == [(second.change_id, "second", True),
                                                    (first.change_id, "first, better", False)]  # fmt: skip
    logged = world.run(lambda ctx: ctx.session.scalars(select(ChangeEntry.target_type).where(
        ChangeEntry.target_type == "issue_comment")).all())  # fmt: skip
    assert logged == ["issue_comment", "issue_comment"]
    world.run(lambda ctx: service.delete_item(ctx, ISSUE, issue.id), actor=owner)
    with pytest.raises(NotFound):
        world.run(lambda ctx: comments.edit_comment(ctx, first.id, "gone"), actor=owner)
    assert world.run(lambda ctx: ctx.session.get(Comment, first.id)) is not None  # kept: the timeline shows it
