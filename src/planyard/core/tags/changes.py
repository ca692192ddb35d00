"""A tag write's entries in the change log: the palette's change in the project's history (as Taiga's tag
actions record it: a project change of `tags_colors`) and an entry of each tag created, changed or
deleted (target "tag"), which webhooks read."""

from __future__ import annotations

from planyard.core import history
from planyard.core.context import Context
from planyard.core.tags import store
from planyard.models import Project

TARGET = "tag"
TAG_FIELDS = ("name", "color", "extra")


def record_palette(ctx: Context, project: Project, before: list[store.State]) -> None:
    """The palette's change in the project's history, as Taiga's tag actions record it, and an entry of
    each tag created, changed (name, color, extra) or deleted."""
    after = store.states(store.palette(ctx.session, project.id))
    history.record(
        ctx, target_type="project", target_id=project.id, project_id=project.id, action="change",
        diff={"tags_colors": [[[n, c] for _, n, c, _ in before], [[n, c] for _, n, c, _ in after]]},
        version=project.version,
    )  # fmt: skip
    old = {state[0]: state for state in before}
    record_new_tags(ctx, project.id, [(tag_id, name) for tag_id, name, *_ in after if tag_id not in old])
    for tag_id, *now in after:
        diff = history.diff_of(dict(zip(TAG_FIELDS, old[tag_id][1:], strict=True)),
                               dict(zip(TAG_FIELDS, now, strict=True))) if tag_id in old else {}  # fmt: skip
        if diff:
            history.record(ctx, target_type=TARGET, target_id=tag_id, project_id=project.id, action="change", diff=diff)
    for tag_id in sorted(old.keys() - {state[0] for state in after}):
        history.record(ctx, target_type=TARGET, target_id=tag_id, project_id=project.id, action="delete",
                       snapshot={"name": old[tag_id][1]})  # fmt: skip


def record_new_tags(ctx: Context, project_id: int, tags: list[tuple[int, str]]) -> None:
    """A "create" entry of each (id, name) of tags that just joined the project's palette."""
    entries = [history.NewEntry(tag_id, snapshot={"name": name}) for tag_id, name in tags]
    history.record_many(ctx, target_type=TARGET, action="create", project_id=project_id, entries=entries)
