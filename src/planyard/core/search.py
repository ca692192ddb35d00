"""Search one project's work items and wiki pages (Taiga §7 `GET /search`).

Every word of the text must occur in the item's subject or description, or start its ref; items whose
subject or ref holds the words rank first, then by ref. Plain LIKE matching, the same on SQLite and
PostgreSQL. Only the kinds the actor may view are searched; at most MAX_RESULTS items per kind (the cap
taiga-back applies). One query per kind, plus one each for the stories' sprints and points. A wiki page
is found when every word occurs in its slug or content."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, String, and_, case, cast, func, or_, select

from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.work_items.kinds import EPIC, ISSUE, STORY, TASK, ItemProfile
from planyard.models import PointValue, RolePoints, Sprint, WikiPage, WorkItem

MAX_RESULTS = 150
SEARCHED = (EPIC, STORY, TASK, ISSUE)


@dataclass
class SearchResults:
    by_kind: dict[str, list[WorkItem]]  # by kind name, only the kinds the actor may view
    wiki_visible: bool
    wiki_pages: list[WikiPage] = field(default_factory=list)
    sprints: dict[int, Sprint] = field(default_factory=dict)
    story_points: dict[int, float | None] = field(default_factory=dict)


def search(ctx: Context, project_id: int, text: str) -> SearchResults:
    _, access = load_project(ctx, project_id)
    words = [w.lower() for w in text.split()]
    title_hit = and_(*(_in_title(w) for w in words)) if words else None
    found: dict[str, list[WorkItem]] = {}
    for kind in SEARCHED:
        if access.can(kind.view):
            found[kind.name] = _search_kind(ctx, project_id, kind, words, title_hit)
    results = SearchResults(by_kind=found, wiki_visible=access.can("view_wiki_pages"))
    if results.wiki_visible:
        results.wiki_pages = _search_wiki(ctx, project_id, words)
    stories = found.get(STORY.name, [])
    sprint_ids = {s.sprint_id for s in stories if s.sprint_id}
    if sprint_ids:
        results.sprints = {s.id: s for s in ctx.session.scalars(select(Sprint).where(Sprint.id.in_(sprint_ids)))}
    if stories:
        totals = ctx.session.execute(
            select(RolePoints.work_item_id, func.sum(PointValue.value))
            .join(PointValue, PointValue.id == RolePoints.points_id)
            .where(RolePoints.work_item_id.in_([s.id for s in stories]))
            .group_by(RolePoints.work_item_id)
        )
        results.story_points = {item_id: None if total is None else float(total) for item_id, total in totals}
    return results


def _search_kind(
    ctx: Context, project_id: int, kind: ItemProfile, words: list[str], title_hit: ColumnElement[bool] | None
) -> list[WorkItem]:
    query = select(WorkItem).where(WorkItem.project_id == project_id, WorkItem.kind == kind.name)
    for word in words:
        query = query.where(or_(_in_title(word), func.lower(WorkItem.description).contains(word, autoescape=True)))
    ranking = [case((title_hit, 0), else_=1)] if title_hit is not None else []
    return list(ctx.session.scalars(query.order_by(*ranking, WorkItem.ref).limit(MAX_RESULTS)))


def _search_wiki(ctx: Context, project_id: int, words: list[str]) -> list[WikiPage]:
    query = select(WikiPage).where(WikiPage.project_id == project_id)
    for word in words:
        query = query.where(or_(func.lower(WikiPage.slug).contains(word, autoescape=True),
                                func.lower(WikiPage.content).contains(word, autoescape=True)))  # fmt: skip
    return list(ctx.session.scalars(query.order_by(WikiPage.slug).limit(MAX_RESULTS)))


def _in_title(word: str) -> ColumnElement[bool]:
    return or_(
        func.lower(WorkItem.subject).contains(word, autoescape=True),
        cast(WorkItem.ref, String).startswith(word, autoescape=True),
    )
