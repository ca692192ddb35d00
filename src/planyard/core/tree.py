"""A workspace's tree of places: every project is a space in it (made with the project), under a folder
or another space or at the root, sorted among its siblings by a float `sort_order`. Folders and other
entries without a project are listed too (their content is not stored)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Select, or_, select

from planyard.core import history
from planyard.core.access import load_project
from planyard.core.context import Context
from planyard.core.projects.places import place_project
from planyard.core.projects.service import visible_projects
from planyard.kit.errors import Invalid, NotFound
from planyard.kit.pagination import fetch_page
from planyard.kit.query import Page, Window
from planyard.models import Project, TreeEntity

TARGET = "tree_entity"


# An entry as the APIs name it: ("project", project id) for a space, ("entry", entry id) for the others.
Ref = tuple[str, int]


@dataclass(frozen=True)
class Place:
    entry: TreeEntity
    parent: Ref | None
    path: list[Ref]  # from the root down, the entry last


def ref(entry: TreeEntity) -> Ref:
    return ("project", entry.project_id) if entry.project_id is not None else ("entry", entry.id)


def places_of(ctx: Context, workspace_ids: set[int]) -> dict[Ref, Place]:
    """Every entry of these workspaces with its parent and path (a tree is small: one query)."""
    entries = {
        e.id: e for e in ctx.session.scalars(select(TreeEntity).where(TreeEntity.workspace_id.in_(workspace_ids)))
    }
    return {ref(e): Place(e, ref(entries[e.parent_id]) if e.parent_id in entries else None,
                          [ref(a) for a in _path(e, entries)]) for e in entries.values()}  # fmt: skip


def _path(entry: TreeEntity, entries: dict[int, TreeEntity]) -> list[TreeEntity]:
    chain, seen = [entry], {entry.id}
    while chain[0].parent_id in entries and chain[0].parent_id not in seen:
        parent = entries[chain[0].parent_id]  # type: ignore[index]
        seen.add(parent.id)
        chain.insert(0, parent)
    return chain


def entry_id(ctx: Context, at: Ref, field: str = "parent_entity_uid") -> int:
    """The id of the entry a reference names; an unknown one is a 400 on `field`."""
    kind, number = at
    column = TreeEntity.project_id if kind == "project" else TreeEntity.id
    found = ctx.session.scalar(select(TreeEntity.id).where(column == number))
    if found is None:
        raise Invalid(code="does_not_exist", field=field, params={"pk": number})
    return found


def place(ctx: Context, project_id: int, changes: dict[str, Any]) -> TreeEntity:
    """Move a project's space under another entry (`parent`: a Ref, None = the root) and/or to `sort_order`."""
    project, _ = load_project(ctx, project_id, "modify_project")
    entry = ctx.session.scalar(select(TreeEntity).where(TreeEntity.project_id == project.id))
    if entry is None:
        entry = place_project(ctx.session, project)
        ctx.session.flush()
    before = {"parent_id": entry.parent_id, "sort_order": entry.sort_order}
    if "parent" in changes:
        parent_id = None if changes["parent"] is None else entry_id(ctx, changes["parent"])
        if parent_id is not None:
            parent = ctx.session.get(TreeEntity, parent_id)
            if parent is None or parent.workspace_id != entry.workspace_id:
                raise Invalid(code="does_not_exist", field="parent_entity_uid", params={"pk": parent_id})
            everything = {e.id: e for e in ctx.session.scalars(
                select(TreeEntity).where(TreeEntity.workspace_id == entry.workspace_id))}  # fmt: skip
            if entry.id in {e.id for e in _path(parent, everything)}:
                raise Invalid(code="invalid_parent", field="parent_entity_uid")
        entry.parent_id = parent_id
    if changes.get("sort_order") is not None:
        entry.sort_order = float(changes["sort_order"])
    after = {"parent_id": entry.parent_id, "sort_order": entry.sort_order}
    diff = history.diff_of(before, after)
    if diff:
        history.record(ctx, target_type=TARGET, target_id=entry.id, project_id=project.id, action="change", diff=diff)
    ctx.session.flush()
    return entry


def list_entries(ctx: Context, window: Window | None) -> Page[Any]:
    """The tree the actor sees: the spaces of the projects it can see and every entry without a project,
    in tree order (parent, then sort order)."""
    visible = visible_projects(ctx).with_only_columns(Project.id)
    stmt = (
        select(TreeEntity, Project)
        .outerjoin(Project, Project.id == TreeEntity.project_id)
        .where(or_(TreeEntity.project_id.is_(None), TreeEntity.project_id.in_(visible)))
        .order_by(TreeEntity.parent_id.is_not(None), TreeEntity.parent_id, TreeEntity.sort_order, TreeEntity.id)
    )
    return fetch_page(ctx.session, cast("Select[Any]", stmt), window, rows="entity_rows")


def get_entry(ctx: Context, entry_id: int) -> TreeEntity:
    entry = ctx.session.get(TreeEntity, entry_id)
    if entry is None:
        raise NotFound(entity="tree_entity")
    if entry.project_id is not None:
        load_project(ctx, entry.project_id)
    return entry


def project_places(ctx: Context, projects: list[Project]) -> dict[int, Place]:
    """The place of each of these projects, by project id."""
    places = places_of(ctx, {p.workspace_id for p in projects}) if projects else {}
    return {p.id: places[("project", p.id)] for p in projects if ("project", p.id) in places}


def titles(ctx: Context, entries: list[TreeEntity]) -> dict[int, str]:
    """Each entry's title: its project's name for a space (one query), else its own."""
    project_ids = [e.project_id for e in entries if e.project_id is not None]
    stmt = select(Project.id, Project.name).where(Project.id.in_(project_ids))
    names: dict[int, str] = {row.id: row.name for row in ctx.session.execute(stmt)} if project_ids else {}
    return {e.id: names.get(e.project_id, e.title) if e.project_id is not None else e.title for e in entries}
