"""Relations between two items of one project besides epic -> story (epic_stories.py): `depends_on`
(the first item waits for the second: HacknPlan dependencies, Kaiten's blocking cards) and `relates`
(a plain, undirected link). A dependency never closes a cycle. Both are `work_item_links` rows; reading
needs the item's view permission, writing its modify permission; every write is logged."""

from __future__ import annotations

from sqlalchemy import and_, or_, select

from planyard.core.context import Context
from planyard.core.work_items.item_rows import readable_item, record, writable_item
from planyard.kit.errors import Invalid, NotFound
from planyard.models import WorkItem, WorkItemLink

DEPENDS_ON, RELATES = "depends_on", "relates"
KINDS = (DEPENDS_ON, RELATES)
TARGET = "work_item_link"


def list_relations(ctx: Context, item_id: int, kind: str | None = None) -> list[WorkItemLink]:
    """The item's relations either way (it depends on / is depended on by / relates to), oldest first."""
    readable_item(ctx, item_id)
    kinds = [_kind(kind)] if kind else list(KINDS)
    stmt = select(WorkItemLink).where(
        WorkItemLink.kind.in_(kinds), or_(WorkItemLink.from_id == item_id, WorkItemLink.to_id == item_id)
    )
    return list(ctx.session.scalars(stmt.order_by(WorkItemLink.id)))


def relate(ctx: Context, item_id: int, other_id: int, kind: str) -> WorkItemLink:
    """`item_id` depends on (or relates to) `other_id`."""
    kind = _kind(kind)
    item = writable_item(ctx, item_id)
    other = _other(ctx, item, other_id)
    pairs = [and_(WorkItemLink.from_id == item.id, WorkItemLink.to_id == other.id)]
    if kind == RELATES:  # undirected: either way round is the same relation
        pairs.append(and_(WorkItemLink.from_id == other.id, WorkItemLink.to_id == item.id))
    if ctx.session.scalar(select(WorkItemLink.id).where(WorkItemLink.kind == kind, or_(*pairs))) is not None:
        raise Invalid(code="duplicate", entity="relation", field="to_id")
    if kind == DEPENDS_ON and _depends(ctx, other.id, item.id):
        raise Invalid(code="dependency_cycle", field="to_id")
    link = WorkItemLink(kind=kind, from_id=item.id, to_id=other.id)
    ctx.session.add(link)
    ctx.session.flush()
    record(ctx, item, TARGET, link.id, "create", {"kind": [None, kind], "to_id": [None, other.id]})
    return link


def unrelate(ctx: Context, link_id: int) -> None:
    link = ctx.session.get(WorkItemLink, link_id)
    if link is None or link.kind not in KINDS:
        raise NotFound(entity="relation")
    try:
        item = writable_item(ctx, link.from_id)
    except NotFound:
        raise NotFound(entity="relation") from None
    record(ctx, item, TARGET, link.id, "delete", {"kind": [link.kind, None], "to_id": [link.to_id, None]})
    ctx.session.delete(link)
    ctx.session.flush()


def _depends(ctx: Context, start_id: int, wanted_id: int) -> bool:
    """Whether `start_id` depends on `wanted_id`, directly or through others (one recursive query)."""
    dependency = WorkItemLink.kind == DEPENDS_ON
    first = select(WorkItemLink.to_id.label("id")).where(dependency, WorkItemLink.from_id == start_id)
    seed = first.cte(recursive=True)
    reach = seed.union(select(WorkItemLink.to_id).join(seed, WorkItemLink.from_id == seed.c.id).where(dependency))
    return ctx.session.scalar(select(reach.c.id).where(reach.c.id == wanted_id).limit(1)) is not None


def _other(ctx: Context, item: WorkItem, other_id: int) -> WorkItem:
    if other_id == item.id:
        raise Invalid(code="self_reference", entity="relation", field="to_id")
    try:
        other, _ = readable_item(ctx, other_id)
    except NotFound:
        other = None
    if other is None or other.project_id != item.project_id:
        raise Invalid(code="does_not_exist", field="to_id", params={"pk": other_id})
    return other


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise Invalid(code="invalid_choice", field="kind", params={"value": kind})
    return kind
