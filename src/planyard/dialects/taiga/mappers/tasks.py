"""Tasks to Taiga's task shapes, and request bodies to core changes (shared with issues)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from planyard.core.context import Environment
from planyard.core.work_items.browse import PageExtras
from planyard.core.work_items.facts import ItemFacts
from planyard.core.work_items.service import ItemChanges
from planyard.dialects.taiga.mappers.attachments import card_thumbnail_url
from planyard.dialects.taiga.mappers.work_items import common, due_date_status, position, rendered_text, to_core
from planyard.kit.errors import Invalid
from planyard.models import WorkItem


def changes_from(body: dict[str, Any]) -> tuple[ItemChanges, Any]:
    """A create/edit body (wire names) -> core changes and the client's `version`."""
    body = dict(body)
    comment = body.pop("comment", None) or ""
    version = body.pop("version", None)
    watchers = body.pop("watchers", None)
    return ItemChanges(fields=to_core(body), watchers=watchers, comment=comment), version


@contextmanager
def renamed_errors(names: dict[str, str]) -> Iterator[None]:
    """Core errors name core parameters; bulk bodies use their own names (us_id, milestone_id ...)."""
    try:
        yield
    except Invalid as exc:
        exc.rename_fields(names)
        raise


def item_row(
    env: Environment, item: WorkItem, facts: ItemFacts, extras: PageExtras, actor_id: int | None
) -> dict[str, Any]:
    """The list fields tasks and issues share."""
    status = facts.statuses.get(item.status_id or 0)
    return common(env, item, facts, actor_id) | {
        "finished_date": item.finish_date,
        "due_date_status": due_date_status(item.due_date, bool(status and status.is_closed)),
        "attachments": [{"id": a.id, "attached_file": env.storage.url(a.file_key),
                         "thumbnail_card_url": card_thumbnail_url(env, a.file_key)}
                        for a in extras.attachments.get(item.id, [])],
    }  # fmt: skip


def detail_fields(item: WorkItem, extras: PageExtras) -> dict[str, Any]:
    return rendered_text(item) | {
        "comment": "",
        "generated_user_stories": extras.generated.get(item.id) or None,
    }  # taiga-back: null, not []


def task_row(
    env: Environment, item: WorkItem, facts: ItemFacts, extras: PageExtras, actor_id: int | None
) -> dict[str, Any]:
    story = facts.parents.get(item.parent_id or 0)
    story_info = {"id": story.id, "ref": story.ref, "subject": story.subject,
                  "epics": extras.story_epics.get(story.id) or None} if story else None  # fmt: skip
    return item_row(env, item, facts, extras, actor_id) | {
        "user_story": item.parent_id, "user_story_extra_info": story_info, "us_order": position(item.parent_order),
        "taskboard_order": position(item.board_order), "is_iocaine": item.is_iocaine,
        "total_comments": extras.comments.get(item.id, 0),
    }  # fmt: skip


def task_detail(
    env: Environment, item: WorkItem, facts: ItemFacts, extras: PageExtras, actor_id: int | None
) -> dict[str, Any]:
    return task_row(env, item, facts, extras, actor_id) | detail_fields(item, extras)


def parse_set_orders(raw: str | None) -> dict[int, int]:
    """The web client's `set-orders` header: JSON {task id: order} for the tasks it moved along."""
    if not raw:
        return {}
    try:
        data = json.loads(raw)
        orders = {int(k): int(v) for k, v in data.items()}
    except (ValueError, TypeError, AttributeError):
        raise Invalid.on("set-orders", "Invalid orders: a JSON object of {id: order} is expected.") from None
    if any(k < 1 or v < 0 for k, v in orders.items()):
        raise Invalid.on("set-orders", "Ids must be positive and orders may not be negative.")
    return orders
