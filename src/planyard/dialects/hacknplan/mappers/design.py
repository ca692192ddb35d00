"""Design element types (R10) and design elements (R3): `index` is the 1-based rank among siblings,
`prefix` lives in `extra["hacknplan"]`, `parent` is the parent without its own parent and children,
`children` the subtree when asked for (else empty)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from planyard.dialects.hacknplan.mappers.values import time
from planyard.models import DesignElement, DesignElementType


def element_type(row: DesignElementType) -> dict[str, Any]:
    return {"projectId": row.project_id, "designElementTypeId": row.id, "name": row.name,
            "creationDate": time(row.created_at)}  # fmt: skip


class Model:
    """A project's elements, for rendering any of them: ranks, types, parents, children, item counts and
    the rendered project user of each owner."""

    def __init__(self, rows: list[DesignElement], types: list[DesignElementType], counts: dict[int, tuple[int, int]],
                 owners: dict[int, dict[str, Any]]) -> None:  # fmt: skip
        self.rows = {row.id: row for row in rows}
        self.types = {t.id: t for t in types}
        self.counts, self.owners = counts, owners
        self.children: dict[int | None, list[DesignElement]] = defaultdict(list)
        for row in sorted(rows, key=lambda r: (r.order, r.id)):
            self.children[row.parent_id].append(row)
        self.rank = {row.id: n for siblings in self.children.values() for n, row in enumerate(siblings, 1)}

    def element(self, row: DesignElement, *, with_children: bool = False, with_parent: bool = True) -> dict[str, Any]:
        total, closed = self.counts.get(row.id, (0, 0))
        parent = self.rows.get(row.parent_id or 0)
        return {
            "index": self.rank.get(row.id, 1), "projectId": row.project_id, "designElementId": row.id,
            "type": element_type(self.types[row.type_id]), "name": row.name,
            "prefix": row.extra.get("hacknplan", {}).get("prefix"),
            "parent": self.element(parent, with_parent=False) if parent is not None and with_parent else None,
            "children": [self.element(c, with_children=True, with_parent=False) for c in self.children[row.id]]
            if with_children else [],
            "totalWorkItemCount": total, "closedWorkItemCount": closed, "description": row.description,
            "startDate": time(row.start_date), "dueDate": time(row.due_date), "creationDate": time(row.created_at),
            "updateDate": time(row.modified_at), "user": self.owners.get(row.owner_id or 0),
        }  # fmt: skip
