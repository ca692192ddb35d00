"""Kaiten events of item entries (`<kind>.create`, `<kind>.change`), the item shown as the card GET shows it:
- `card:add` (the card's keys and `author`); `card:update` when a card field changed (`old`: the whole card
  before, `changes`: the changed fields' new values, `author`);
- `comment:add` when the entry carries a comment (Kaiten's, Taiga's, HacknPlan's comment on the item);
- `block:add` / `block:update` when a Taiga write moved `is_blocked` / `blocked_note` (the blocker that write
  opened, released or renamed; a blocker written through core logs its own entry: parts.py);
- `tag:add` / `tag:remove` per tag put on or taken off the item (the `tags` diff, by name);
- `file:add` / `file:update` / `file:remove` per attachment of the `attachments` diff;
- `card_member:add` / `card_member:remove` per user who became or stopped being a member (an assignee or
  the responsible one), `card_member:update` when a member was made the responsible one."""

from __future__ import annotations

from typing import Any

from planyard.core.context import Context
from planyard.core.custom_fields import VALUES_DIFF_KEY
from planyard.core.users import users_by_id
from planyard.core.webhooks import subjects
from planyard.core.work_items import board_items
from planyard.core.work_items.attachments import ATTACHMENTS_DIFF_KEY
from planyard.core.work_items.blockers import FOLLOWS
from planyard.dialects.kaiten.mappers.card_parts import comment, member, tag
from planyard.dialects.kaiten.mappers.cards import card
from planyard.dialects.kaiten.mappers.files import card_file, kept_file
from planyard.dialects.kaiten.mappers.properties import PREFIX
from planyard.dialects.kaiten.mappers.relations import blocker
from planyard.dialects.kaiten.webhook_payloads.shapes import Author, changed, pair, shown
from planyard.models import Attachment, ChangeEntry, WorkItem

# Core item fields a card shows under another name (the rest of a diff's keys are not card fields).
CARD_FIELDS = {"subject": "title", "description": "description", "status_id": "column_id", "lane_id": "lane_id",
               "sprint_id": "sprint_id", "item_type_id": "type_id", "owner_id": "owner_id",
               "is_blocked": "blocked", "blocked_note": "block_reason", "kanban_order": "sort_order"}  # fmt: skip
PEOPLE = ("assigned_users", "assigned_to_id")


def render(ctx: Context, entries: list[ChangeEntry], authors: dict[int, Author]) -> dict[int, list[dict[str, Any]]]:
    if not entries:
        return {}
    rows = list(board_items.items_by_id(ctx, {e.target_id for e in entries}).values())
    facts = board_items.load_facts(ctx, rows)
    items, cards = {row.id: row for row in rows}, {row.id: card(row, facts) for row in rows}
    blockers = subjects.blockers_of_items(ctx, {e.target_id for e in entries if _flags_moved(e)})
    people = {i for e in entries for name in PEOPLE for side in pair((e.diff or {}).get(name)) for i in _ids(side)}
    users = users_by_id(ctx, people | {b.blocker_user_id for found in blockers.values() for b in found}
                        | {e.comment.author_id for e in entries if e.comment is not None})  # fmt: skip
    sides = [side for e in entries for side in pair((e.diff or {}).get(ATTACHMENTS_DIFF_KEY))]
    kept_files = [kept for side in sides for kept in side or []]
    files = subjects.by_id(ctx, Attachment, {kept["id"] for kept in kept_files if kept.get("id")})
    out: dict[int, list[dict[str, Any]]] = {}
    for entry in entries:
        item, author, diff = items.get(entry.target_id), authors.get(entry.id), entry.diff or {}
        if item is None:
            continue  # deleted since: Kaiten sends no event for it
        if entry.action == "create":
            out[entry.id] = [shown("card:add", cards[item.id], author)]
        elif entry.action == "change":
            found = [_card_update(cards[item.id], diff, author)]
            if entry.comment is not None:
                found.append(shown("comment:add", comment(entry.comment, users.get(entry.comment.author_id or 0)),
                                   author))  # fmt: skip
            if _flags_moved(entry):
                found += _blocks(ctx, item, blockers.get(item.id, []), users, diff, author)
            found += _tags(ctx, item, facts.tags.get(item.id, []), diff, author)
            found += _files(ctx, item, files, diff, author)
            found += _members(item, facts.assignees.get(item.id, []), users, diff, author)
            out[entry.id] = [one for one in found if one]
    return out


def _ids(side: Any) -> list[int]:
    return [i for i in (side if isinstance(side, list) else [side]) if isinstance(i, int)]


def _card_update(shown_card: dict[str, Any], diff: dict[str, Any], author: Author) -> dict[str, Any] | None:
    """The card before (as now, with the changed fields' old values), the changed fields' new values."""
    fields = {CARD_FIELDS[k]: pair(v) for k, v in diff.items() if k in CARD_FIELDS}
    if pair(diff.get(VALUES_DIFF_KEY))[1] is not None:
        old, new = pair(diff[VALUES_DIFF_KEY])
        fields["properties"] = ({**(shown_card.get("properties") or {}), **_properties(old)}, _properties(new))
    if not fields:
        return None  # nothing a card shows changed
    before = shown_card | {name: sides[0] for name, sides in fields.items()}
    return {"event": "card:update", "data": {
        "old": before, "changes": {name: sides[1] for name, sides in fields.items()}, "author": author}}  # fmt: skip


def _properties(values: Any) -> dict[str, Any]:
    """A side of a custom values diff as card properties (`id_<field id>`: the value as stored)."""
    return {f"{PREFIX}{k}": v for k, v in (values or {}).items()}


def _flags_moved(entry: ChangeEntry) -> bool:
    """A Taiga write of the blocked flags (a blocker write through core logs its own entry)."""
    diff = entry.diff or {}
    return ("is_blocked" in diff or "blocked_note" in diff) and not (entry.snapshot or {}).get(FOLLOWS)


def _blocks(ctx: Context, item: WorkItem, rows: list[Any], users: dict[int, Any], diff: dict[str, Any],
            author: Author) -> list[dict[str, Any] | None]:  # fmt: skip
    if not rows:
        return []
    newest = blocker(rows[-1], users, {item.id: item})
    was_blocked, blocked = pair(diff["is_blocked"]) if "is_blocked" in diff else (item.is_blocked, item.is_blocked)
    if blocked and not was_blocked:
        return [shown("block:add", newest, author)]
    if was_blocked and not blocked:
        return [changed("block:update", newest | {"released": False, "released_by_id": None}, newest, author)]
    return [changed("block:update", newest | {"reason": pair(diff["blocked_note"])[0] or ""}, newest, author)]


def _tags(ctx: Context, item: WorkItem, carried: list[Any], diff: dict[str, Any],
          author: Author) -> list[dict[str, Any] | None]:  # fmt: skip
    if "tags" not in diff:
        return []
    old, new = (list(side or []) for side in pair(diff["tags"]))
    gone = [name for name in old if name not in new]
    named = subjects.tags_named(ctx, item.project_id, {*old, *new}) | {row.name: row for row in carried}
    added = [shown("tag:add", tag(named[name], item.id), author) for name in new if name not in old and name in named]
    removed = [shown("tag:remove", {"id": named[name].id if name in named else None, "card_id": item.id}, author)
               for name in gone]  # fmt: skip
    return [*added, *removed]


def _files(ctx: Context, item: WorkItem, rows: dict[int, Attachment], diff: dict[str, Any],
           author: Author) -> list[dict[str, Any] | None]:  # fmt: skip
    if ATTACHMENTS_DIFF_KEY not in diff:
        return []
    old, new = ({kept.get("id"): kept for kept in side or []} for side in pair(diff[ATTACHMENTS_DIFF_KEY]))
    found: list[dict[str, Any] | None] = []
    for file_id, kept in new.items():
        now = card_file(ctx, rows[file_id]) if file_id in rows else kept_file(ctx, kept, item.id)
        if file_id not in old:
            found.append(shown("file:add", now, author))
        elif kept != old[file_id]:
            was = kept_file(ctx, old[file_id], item.id)
            before = now | {k: v for k, v in was.items() if k in ("name", "sort_order")}
            found.append(changed("file:update", before, now, author))
    found += [shown("file:remove", kept_file(ctx, kept, item.id), author) for i, kept in old.items() if i not in new]
    return found


def _members(item: WorkItem, assignees: list[int], users: dict[int, Any], diff: dict[str, Any],
             author: Author) -> list[dict[str, Any] | None]:  # fmt: skip
    if not any(name in diff for name in PEOPLE):
        return []
    old_a, new_a = pair(diff["assigned_users"]) if "assigned_users" in diff else (assignees, assignees)
    old_r, new_r = pair(diff["assigned_to_id"]) if "assigned_to_id" in diff else (item.assigned_to_id,) * 2
    old, new = set(_ids(old_a)) | set(_ids(old_r)), set(_ids(new_a)) | set(_ids(new_r))
    found: list[dict[str, Any] | None] = [shown("card_member:add", member(users[i], item.id, new_r), author)
                                          for i in sorted(new - old) if i in users]  # fmt: skip
    if new_r and new_r != old_r and new_r in old:
        before = {"card_id": item.id, "user_id": new_r, "type": 1}
        found.append(changed("card_member:update", before, before | {"type": 2}, author))
    found += [shown("card_member:remove", {"card_id": item.id, "user_id": i}, author) for i in sorted(old - new)]
    return found
