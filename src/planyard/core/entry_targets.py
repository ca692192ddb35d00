"""The rows change entries are about, as they are now (absent once gone): one query per target type
whatever the number of entries, and no permission check. For the change log's renderers (webhook
payloads), which show a project's entries to that project's own webhooks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from planyard.core import design_elements, memberships, project_values, roles
from planyard.core.context import Context
from planyard.models import (
    DesignElementType,
    ItemOption,
    ItemType,
    Membership,
    Project,
    Role,
    Status,
    Tag,
)  # fmt: skip

# change-log target type -> its table
MODELS: dict[str, Any] = {
    "project": Project, "item_type": ItemType, design_elements.TYPE_TARGET: DesignElementType,
    project_values.PRIORITY.name: ItemOption, roles.TARGET: Role, project_values.USERSTORY_STATUS.name: Status,
    "tag": Tag, memberships.TARGET: Membership,
}  # fmt: skip


def current_rows(ctx: Context, wanted: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Any]:
    """(target type, id) -> the row, for the pairs whose row still exists (unknown target types: none)."""
    ids: dict[str, set[int]] = defaultdict(set)
    for target_type, target_id in wanted:
        if target_type in MODELS:
            ids[target_type].add(target_id)
    found: dict[tuple[str, int], Any] = {}
    for target_type, its in ids.items():
        model = MODELS[target_type]
        found |= {(target_type, row.id): row for row in ctx.session.scalars(select(model).where(model.id.in_(its)))}
    return found
