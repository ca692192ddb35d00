"""Tags as rows: a project's palette (`tags`, in `order`), the tags on each item (`item_tags`, by
`position`) and those a project itself carries (`project_tags`). Reads are batched for a page (one query
whatever its size); writes replace an item's or a project's list. No permission is checked here."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.orm import Session

from planyard.kit import limits
from planyard.kit.sql import bound_ids, plain_rows
from planyard.models import ItemTag, Project, ProjectTag, Tag

Pair = tuple[str, str | None]  # (name, color)
State = tuple[int, str, str | None, dict[str, Any]]  # (id, name, color, extra): a tag as it was
HEX_COLOR = re.compile(r"^#([a-fA-F0-9]{6}|[a-fA-F0-9]{3})$")

# Built once; the ids are bound at each call (see kit/sql.bound_ids).
PALETTES = select(Tag).where(Tag.project_id.in_(bound_ids("ids"))).order_by(Tag.order, Tag.id)
PALETTE_PAIRS = (
    select(Tag.project_id, Tag.name, Tag.color).where(Tag.project_id.in_(bound_ids("ids"))).order_by(Tag.order, Tag.id)
)
ITEM_TAGS = (
    select(ItemTag.work_item_id, Tag.name, Tag.color)
    .join(Tag, Tag.id == ItemTag.tag_id)
    .where(ItemTag.work_item_id.in_(bound_ids("ids")))
    .order_by(ItemTag.work_item_id, ItemTag.position)
)
PROJECT_TAGS = (
    select(ProjectTag.project_id, Tag.name)
    .join(Tag, Tag.id == ProjectTag.tag_id)
    .where(ProjectTag.project_id.in_(bound_ids("ids")))
    .order_by(ProjectTag.project_id, ProjectTag.position)
)


def palette(session: Session, project_id: int) -> list[Tag]:
    """A project's tags in palette order."""
    return palettes(session, [project_id])[project_id]


def palettes(session: Session, project_ids: Iterable[int]) -> dict[int, list[Tag]]:
    found: dict[int, list[Tag]] = defaultdict(list)
    ids = list(set(project_ids))
    if ids:
        for tag in session.scalars(PALETTES, {"ids": ids}):
            found[tag.project_id or 0].append(tag)
    return found


def pairs(tags: Iterable[Tag]) -> list[Pair]:
    return [(tag.name, tag.color) for tag in tags]


def states(tags: Iterable[Tag]) -> list[State]:
    return [(tag.id, tag.name, tag.color, dict(tag.extra or {})) for tag in tags]


def palette_pairs(session: Session, project_ids: Iterable[int]) -> dict[int, list[Pair]]:
    """Each project's palette as (name, color) pairs: plain rows, for pages of projects."""
    found: dict[int, list[Pair]] = defaultdict(list)
    ids = list(set(project_ids))
    if ids:
        for project_id, name, color in plain_rows(session, PALETTE_PAIRS, {"ids": ids}):
            found[project_id or 0].append((name, color))
    return found


def item_tags(session: Session, item_ids: Iterable[int]) -> dict[int, list[Pair]]:
    """The (name, color) of each item's tags, in the item's order."""
    found: dict[int, list[Pair]] = defaultdict(list)
    ids = list(set(item_ids))
    if ids:
        for item_id, name, color in plain_rows(session, ITEM_TAGS, {"ids": ids}):
            found[item_id].append((name, color))
    return found


def item_tag_ids(session: Session, item_id: int) -> list[tuple[int, str]]:
    """The (id, name) of the item's tags, in its order."""
    return list(session.execute(select(ItemTag.tag_id, Tag.name).join(Tag, Tag.id == ItemTag.tag_id).where(
        ItemTag.work_item_id == item_id).order_by(ItemTag.position)).all())  # fmt: skip


def item_tag_names(session: Session, item_id: int) -> list[str]:
    return [name for name, _ in item_tags(session, [item_id])[item_id]]


def project_tags(session: Session, project_ids: Iterable[int]) -> dict[int, list[str]]:
    """The tags each project itself carries, in its order."""
    found: dict[int, list[str]] = defaultdict(list)
    ids = list(set(project_ids))
    if ids:
        for project_id, name in plain_rows(session, PROJECT_TAGS, {"ids": ids}):
            found[project_id].append(name)
    return found


def counted_palette(session: Session, project_id: int, items: Select[Any]) -> list[tuple[Tag, int]]:
    """The project's palette, each tag with how many of the items (a select whose first column is the
    item id) carry it."""
    carrying = select(ItemTag.tag_id, func.count()).where(ItemTag.work_item_id.in_(items)).group_by(ItemTag.tag_id)
    counts: dict[int, int] = dict(plain_rows(session, carrying))  # type: ignore[arg-type]
    return [(tag, counts.get(tag.id, 0)) for tag in palette(session, project_id)]


def add_to_palette(session: Session, project: Project, current: list[Tag], new: list[Pair], field: str) -> list[Tag]:
    """The palette (`current`) after the `new` tags joined it at its end, with their colors."""
    if not new:
        return current
    limits.check_palette(field, len(current) + len(new))
    first = max((tag.order for tag in current), default=0) + 1
    added = [Tag(workspace_id=project.workspace_id, project_id=project.id, name=name, color=color, order=first + n)
             for n, (name, color) in enumerate(new)]  # fmt: skip
    session.add_all(added)
    session.flush()
    return [*current, *added]


def delete_tags(session: Session, tag_ids: list[int]) -> None:
    """The tags go, and so do they from every item and project carrying them."""
    if tag_ids:
        for link in (ItemTag, ProjectTag):
            session.execute(delete(link).where(link.tag_id.in_(tag_ids)))
        session.execute(delete(Tag).where(Tag.id.in_(tag_ids)))


def valid_color(color: str | None) -> bool:
    """No color, or a HEX color (#abc or #aabbcc)."""
    return not color or HEX_COLOR.match(color) is not None


def set_item_tags(session: Session, item_id: int, tag_ids: list[int]) -> None:
    """The item carries exactly these tags, in this order."""
    session.execute(delete(ItemTag).where(ItemTag.work_item_id == item_id))
    if tag_ids:
        rows = [{"work_item_id": item_id, "tag_id": tag_id, "position": n} for n, tag_id in enumerate(tag_ids)]
        session.execute(insert(ItemTag), rows)


def copy_tags(session: Session, source: Project, copy: Project) -> None:
    """The copy gets the source's palette (names, colors, order) and carries the tags the source carries."""
    session.add_all(Tag(workspace_id=copy.workspace_id, project_id=copy.id, name=tag.name, color=tag.color,
                        order=tag.order) for tag in palette(session, source.id))  # fmt: skip
    session.flush()
    set_project_tags(session, copy, project_tags(session, [source.id])[source.id])


def set_project_tags(session: Session, project: Project, names: list[str]) -> None:
    """The tags the project itself carries: workspace tags, made for the names not yet known."""
    session.execute(delete(ProjectTag).where(ProjectTag.project_id == project.id))
    if not names:
        return
    wanted = list(dict.fromkeys(names))
    known = dict(session.execute(select(Tag.name, Tag.id).where(
        Tag.workspace_id == project.workspace_id, Tag.project_id.is_(None), Tag.name.in_(wanted))).all())  # fmt: skip
    missing = [Tag(workspace_id=project.workspace_id, project_id=None, name=n) for n in wanted if n not in known]
    if missing:
        session.add_all(missing)
        session.flush()
        known |= {tag.name: tag.id for tag in missing}
    rows = [{"project_id": project.id, "position": n, "tag_id": known[name]} for n, name in enumerate(names)]
    session.execute(insert(ProjectTag), rows)
