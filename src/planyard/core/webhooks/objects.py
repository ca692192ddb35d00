"""What a batch of change entries is about, for the payload formats to render: the work items, sprints,
wiki pages and epic-story links as they are now or, once deleted, as their deletion kept them
(`history.row_snapshot`), with everything they show (statuses, users, projects, custom values, points,
origins), loaded with one query per table whatever the batch's size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select

from planyard.core import history, item_properties
from planyard.core.context import Context
from planyard.core.item_history import Names, load_names
from planyard.core.wiki.pages import WIKI_PAGE
from planyard.core.work_items import epic_stories
from planyard.core.work_items.facts import ItemFacts, by_id, load_item_facts
from planyard.core.work_items.kinds import KINDS
from planyard.models import (
    ChangeEntry,
    CustomField,
    PointValue,
    Project,
    Role,
    Sprint,
    WikiPage,
    WorkItem,
    WorkItemLink,
)  # fmt: skip

M = TypeVar("M")
SPRINT, LINK = "milestone", epic_stories.TARGET


@dataclass(frozen=True)
class RolePointsShown:
    role: str
    points: str | None
    value: float | None


@dataclass
class ChangeObjects:
    items: dict[int, WorkItem] = field(default_factory=dict)  # live ones, and deleted ones restored
    sprints: dict[int, Sprint] = field(default_factory=dict)
    pages: dict[int, WikiPage] = field(default_factory=dict)
    links: dict[int, WorkItemLink] = field(default_factory=dict)  # epic-story links, by link id
    deleted: set[tuple[str, int]] = field(default_factory=set)  # (target type, id) of the restored ones
    deleted_tags: dict[int, list[str]] = field(default_factory=dict)  # a deleted item's tag names
    item_facts: ItemFacts = field(default_factory=ItemFacts)
    projects: dict[int, Project] = field(default_factory=dict)
    names: Names = field(default_factory=Names)  # users (all of the above) and the ids in the diffs
    custom_fields: dict[tuple[int, str], list[CustomField]] = field(default_factory=dict)  # (project, kind), ordered
    custom_values: dict[int, dict[str, Any]] = field(default_factory=dict)  # live item -> {field id: value}
    points: dict[int, list[RolePointsShown]] = field(default_factory=lambda: defaultdict(list))  # in role order
    origin_kinds: dict[int, str] = field(default_factory=dict)  # the kind of each item another came from
    generated: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))  # item -> items made from it

    def is_deleted(self, target_type: str, target_id: int) -> bool:
        return (target_type, target_id) in self.deleted


def link_story(entry: ChangeEntry) -> int | None:
    """The story an epic-story link entry is about (its diff names it)."""
    story = (entry.diff or {}).get("user_story")
    if isinstance(story, list):
        return next((s for s in story if isinstance(s, int)), None)
    return story if isinstance(story, int) else None


def load(ctx: Context, entries: list[ChangeEntry]) -> ChangeObjects:
    s = ctx.session
    found = ChangeObjects()
    link_entries = [e for e in entries if e.target_type == LINK]
    link_ids = {i for e in link_entries if isinstance(i := (e.snapshot or {}).get("link"), int)}
    found.links = by_id(s, WorkItemLink, link_ids)
    item_ids = {e.target_id for e in entries if e.target_type in KINDS or e.target_type == LINK}
    item_ids |= {story for e in link_entries if (story := link_story(e)) is not None}
    found.items = by_id(s, WorkItem, item_ids)
    found.sprints = by_id(s, Sprint, {e.target_id for e in entries if e.target_type == SPRINT})
    found.pages = by_id(s, WikiPage, {e.target_id for e in entries if e.target_type == WIKI_PAGE.target_type})
    _restore_deleted(ctx, found, item_ids - found.items.keys(), entries)
    parents = {i.parent_id for i in found.items.values() if i.parent_id} - found.items.keys()
    found.items |= by_id(s, WorkItem, parents)
    items = list(found.items.values())
    found.item_facts = facts = load_item_facts(ctx, items)
    found.sprints |= by_id(s, Sprint, {i.sprint_id for i in items if i.sprint_id} - found.sprints.keys())
    project_ids = {e.project_id for e in entries if e.project_id}
    project_ids |= {x.project_id for x in found.sprints.values()} | {x.project_id for x in found.pages.values()}
    found.projects = facts.projects | by_id(s, Project, project_ids - facts.projects.keys())
    users = {x.owner_id for x in found.sprints.values()} | {
        u for p in found.pages.values() for u in (p.owner_id, p.last_modifier_id)
    }
    found.names = load_names(ctx, entries, {u for u in users if u} - facts.users.keys())
    found.names.users |= facts.users
    _load_custom_values(ctx, found, items)
    _load_points(ctx, found)
    origins = {i.generated_from_id for i in items if i.generated_from_id}
    found.origin_kinds = dict(s.execute(select(WorkItem.id, WorkItem.kind).where(WorkItem.id.in_(origins))).all())
    sources = [i.id for i in items if KINDS[i.kind].is_subitem or KINDS[i.kind].is_ticket]
    made = select(WorkItem.generated_from_id, WorkItem.id).where(WorkItem.generated_from_id.in_(sources))
    for source_id, item_id in s.execute(made.order_by(WorkItem.id)):
        found.generated[source_id or 0].append(item_id)
    return found


def _restore_deleted(ctx: Context, found: ChangeObjects, item_ids: set[int], entries: list[ChangeEntry]) -> None:
    """Items, sprints and pages already gone, from the rows their deletions kept (one query)."""
    gone = {(kind, i) for kind in KINDS for i in item_ids}
    for e in entries:
        missing = (e.target_type == SPRINT and e.target_id not in found.sprints) or (
            e.target_type == WIKI_PAGE.target_type and e.target_id not in found.pages
        )
        if missing:
            gone.add((e.target_type, e.target_id))
    if not gone:
        return
    rows = ctx.session.execute(
        select(ChangeEntry.target_type, ChangeEntry.target_id, ChangeEntry.snapshot).where(
            ChangeEntry.action == "delete",
            ChangeEntry.target_type.in_({t for t, _ in gone}),
            ChangeEntry.target_id.in_({i for _, i in gone}),
        )
    )
    for target_type, target_id, snapshot in rows:
        row = (snapshot or {}).get("row")
        if (target_type, target_id) not in gone or not isinstance(row, dict):
            continue
        found.deleted.add((target_type, target_id))
        if target_type == SPRINT:
            found.sprints[target_id] = history.restored_row(Sprint, row)
        elif target_type == WIKI_PAGE.target_type:
            found.pages[target_id] = history.restored_row(WikiPage, row)
        else:
            found.items[target_id] = history.restored_row(WorkItem, row)
            found.deleted_tags[target_id] = list(snapshot.get("tags") or [])


def _load_custom_values(ctx: Context, found: ChangeObjects, items: list[WorkItem]) -> None:
    """The live items' values, and the project fields of their kinds (workspace fields are no project's)."""
    live = [i.id for i in items if not found.is_deleted(i.kind, i.id)]
    found.custom_values = item_properties.values_of(ctx, live) if live else {}
    projects, kinds = {i.project_id for i in items}, {i.kind for i in items}
    if not projects:
        return
    fields = ctx.session.scalars(
        select(CustomField).where(CustomField.project_id.in_(projects), CustomField.kind.in_(kinds))
        .order_by(CustomField.order, CustomField.name, CustomField.id)
    )  # fmt: skip
    for row in fields:
        found.custom_fields.setdefault((row.project_id or 0, row.kind), []).append(row)


def _load_points(ctx: Context, found: ChangeObjects) -> None:
    per_item = found.item_facts.role_points
    roles = by_id(ctx.session, Role, {r for per in per_item.values() for r in per})
    points = by_id(ctx.session, PointValue, {p for per in per_item.values() for p in per.values() if p})
    for item_id, per in per_item.items():
        for role_id in sorted(per, key=lambda r: (roles[r].order, roles[r].slug, r) if r in roles else (0, "", r)):
            if role_id not in roles:
                continue
            value = points.get(per[role_id] or 0)
            found.points[item_id].append(
                RolePointsShown(roles[role_id].name, value.name if value else None, value.value if value else None)
            )
