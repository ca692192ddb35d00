"""Issues to Taiga's issue shapes."""

from __future__ import annotations

from typing import Any

from planyard.core.context import Environment
from planyard.core.work_items.browse import PageExtras
from planyard.core.work_items.facts import ItemFacts
from planyard.dialects.taiga.mappers.tasks import detail_fields, item_row
from planyard.models import WorkItem


def issue_row(
    env: Environment, item: WorkItem, facts: ItemFacts, extras: PageExtras, actor_id: int | None
) -> dict[str, Any]:
    return item_row(env, item, facts, extras, actor_id) | {
        "type": item.type_id, "priority": item.priority_id, "severity": item.severity_id,
    }  # fmt: skip


def issue_detail(
    env: Environment, item: WorkItem, facts: ItemFacts, extras: PageExtras, actor_id: int | None
) -> dict[str, Any]:
    return issue_row(env, item, facts, extras, actor_id) | detail_fields(item, extras)
