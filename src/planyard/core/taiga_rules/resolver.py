"""Resolve a project slug and item refs / milestone and wiki page slugs to ids (Taiga §6), for visible
objects only."""

from __future__ import annotations

from sqlalchemy import select

from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.wiki.pages import WIKI_PAGE
from planyard.core.work_items.kinds import ISSUE, STORY, TASK, ItemProfile
from planyard.kit.errors import NotFound
from planyard.models import Project, Sprint, WikiPage, WorkItem

BY_PARAM: dict[str, ItemProfile] = {"us": STORY, "task": TASK, "issue": ISSUE}
KIND_PARAM = {kind.name: param for param, kind in BY_PARAM.items()}


def resolve(
    ctx: Context, project_slug: str, refs: dict[str, int], milestone: str | None, ref: int | None,
    wikipage: str | None = None,
) -> dict[str, int]:  # fmt: skip
    project_id = ctx.session.scalar(select(Project.id).where(Project.slug == project_slug))
    if project_id is None:
        raise NotFound("No Project matches the given query.")
    _, access = load_project(ctx, project_id)
    found = {"project": project_id}
    for param, number in refs.items():
        kind = BY_PARAM[param]
        item_id = ctx.session.scalar(select(WorkItem.id).where(
            WorkItem.project_id == project_id, WorkItem.kind == kind.name, WorkItem.ref == number))  # fmt: skip
        if item_id is None or not access.can(kind.view):
            raise NotFound(f"No {kind.noun} matches the given query.")
        found[param] = item_id
    if ref is not None:
        row = ctx.session.execute(select(WorkItem.id, WorkItem.kind).where(
            WorkItem.project_id == project_id, WorkItem.ref == ref, WorkItem.kind.in_(KIND_PARAM))).first()  # fmt: skip
        if row is None or not access.can(BY_PARAM[KIND_PARAM[row.kind]].view):
            raise NotFound("No object matches the given query.")
        found[KIND_PARAM[row.kind]] = row.id
    if milestone is not None:
        sprint_id = ctx.session.scalar(
            select(Sprint.id).where(Sprint.project_id == project_id, Sprint.slug == milestone)
        )
        if sprint_id is None or not access.can("view_milestones"):
            raise NotFound("No Milestone matches the given query.")
        found["milestone"] = sprint_id
    if wikipage and access.can(WIKI_PAGE.view):
        page_id = ctx.session.scalar(select(WikiPage.id).where(WikiPage.project_id == project_id,
                                                               WikiPage.slug == wikipage))  # fmt: skip
        if page_id is None:
            raise NotFound("No wiki page matches the given query.")
        found["wikipage"] = page_id
    return found
