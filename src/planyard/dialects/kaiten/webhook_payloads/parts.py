"""Kaiten events of the entries of rows with their own target type:
- `blocker.create` -> `block:add`, `blocker.change` -> `block:update` (reason, release) of a blocker written
  through core (Kaiten's blocker routes); a removed blocker sends nothing (Kaiten has no block removal);
- `time_entry.create/change/delete` -> `card_time_log:add/update/remove` (subscribed as `timelog:*`: the
  names of Kaiten's published payload examples); a removed one is shown from the row its entry kept;
- `<kind>_comment.change` -> `comment:update` (text edited) or `comment:remove` (deleted);
- `board.create` -> `board:add` (with columns and lanes), `board.change` -> `board:update` (the board's own
  fields, as Kaiten's example shows them: no columns or lanes);
- `project.change` -> `space:update` (the space's fields) and `tag:update` when a tag of the project's
  palette was renamed or recolored."""

from __future__ import annotations

from typing import Any

from planyard.core import boards, history
from planyard.core.context import Context
from planyard.core.users import users_by_id
from planyard.core.webhooks import subjects
from planyard.core.work_items import board_items, time_entries
from planyard.dialects.kaiten.mappers import boards as board_wire
from planyard.dialects.kaiten.mappers.card_parts import comment, tag
from planyard.dialects.kaiten.mappers.relations import blocker
from planyard.dialects.kaiten.mappers.spaces import space
from planyard.dialects.kaiten.mappers.time_logs import time_log
from planyard.dialects.kaiten.webhook_payloads.shapes import Author, changed, pair, shown
from planyard.models import Blocker, Board, ChangeEntry, Project, TimeEntry

Found = dict[int, list[dict[str, Any]]]
TIME_LOG = {"create": "card_time_log:add", "change": "card_time_log:update", "delete": "card_time_log:remove"}
BOARD_FIELDS, SPACE_FIELDS = ("name", "order", "extra"), ("name", "description", "is_archived", "is_private", "extra")


def render(ctx: Context, entries: list[ChangeEntry], authors: dict[int, Author]) -> Found:
    def of(target_type: str) -> list[ChangeEntry]:
        return [e for e in entries if e.target_type == target_type]

    comment_edits = [e for e in entries if e.target_type.endswith("_comment") and e.action == "change"]
    return {**_blocks(ctx, of("blocker"), authors), **_time_logs(ctx, of("time_entry"), authors),
            **_comment_edits(ctx, comment_edits, authors), **_boards(ctx, of("board"), authors),
            **_spaces(ctx, of("project"), authors)}  # fmt: skip


def _blocks(ctx: Context, entries: list[ChangeEntry], authors: dict[int, Author]) -> Found:
    rows = subjects.by_id(ctx, Blocker, {e.target_id for e in entries if e.action != "delete"})
    items = board_items.items_by_id(ctx, {i for row in rows.values() for i in (row.work_item_id, row.blocking_item_id)
                                          if i})  # fmt: skip
    users = users_by_id(ctx, (row.blocker_user_id for row in rows.values()))
    out: Found = {}
    for entry in entries:
        row = rows.get(entry.target_id)
        if row is None:
            continue
        now, diff, author = blocker(row, users, items), entry.diff or {}, authors.get(entry.id)
        if entry.action == "create":
            out[entry.id] = [shown("block:add", now, author)]
            continue
        before = dict(now)
        if "reason" in diff:
            before["reason"] = pair(diff["reason"])[0] or ""
        if "released" in diff:
            before |= {"released": False, "released_by_id": None}
        out[entry.id] = [one for one in [changed("block:update", before, now, author)] if one]
    return out


def _time_logs(ctx: Context, entries: list[ChangeEntry], authors: dict[int, Author]) -> Found:
    rows = subjects.by_id(ctx, TimeEntry, {e.target_id for e in entries if e.action != "delete"})
    kept = {e.id: row for e in entries if e.action == "delete" and (row := _kept_entry(e)) is not None}
    current = {e.id: row for e in entries if (row := kept.get(e.id) or rows.get(e.target_id)) is not None}
    before = {e.id: subjects.as_it_was(current[e.id], {k: pair(v)[0] for k, v in (e.diff or {}).items()})
              for e in entries if e.action == "change" and e.id in current}  # fmt: skip
    shown_rows = [*current.values(), *before.values()]
    users = users_by_id(ctx, [row.user_id for row in shown_rows])
    roles = time_entries.roles_of(ctx, shown_rows)
    out: Found = {}
    for entry in entries:
        row, author = current.get(entry.id), authors.get(entry.id)
        if row is None:
            continue  # removed since: its own removal tells
        now = time_log(row, users, roles)
        if entry.action == "change":
            was = time_log(before[entry.id], users, roles)
            out[entry.id] = [one for one in [changed(TIME_LOG["change"], was, now, author)] if one]
        elif entry.action in TIME_LOG:
            out[entry.id] = [shown(TIME_LOG[entry.action], now, author)]
    return out


def _kept_entry(entry: ChangeEntry) -> TimeEntry | None:
    row = (entry.snapshot or {}).get("row")
    return None if row is None else history.restored_row(TimeEntry, row)


def _comment_edits(ctx: Context, entries: list[ChangeEntry], authors: dict[int, Author]) -> Found:
    carried = {e.id: int((e.snapshot or {}).get("entry") or 0) for e in entries}
    rows = subjects.comments_of_entries(ctx, carried.values())
    users = users_by_id(ctx, (row.author_id for row in rows.values()))
    out: Found = {}
    for entry in entries:
        row, diff, author = rows.get(carried[entry.id]), entry.diff or {}, authors.get(entry.id)
        if row is None:
            continue
        now = comment(row, users.get(row.author_id or 0))
        if "comment" in diff:
            out[entry.id] = [one for one in [changed("comment:update", now | {"text": pair(diff["comment"])[0]},
                                                     now, author)] if one]  # fmt: skip
        elif pair(diff.get("comment_deleted")) == (False, True):
            out[entry.id] = [shown("comment:remove", now, author)]
    return out


def _boards(ctx: Context, entries: list[ChangeEntry], authors: dict[int, Author]) -> Found:
    rows = subjects.by_id(ctx, Board, {e.target_id for e in entries if e.action in ("create", "change")})
    ids = list(rows)
    columns, lanes = boards.columns_of(ctx, ids), boards.lanes_of(ctx, ids)
    out: Found = {}
    for entry in entries:
        row, author = rows.get(entry.target_id), authors.get(entry.id)
        if row is None:
            continue
        if entry.action == "create":
            out[entry.id] = [shown("board:add", board_wire.board(row, columns[row.id], lanes[row.id]), author)]
            continue
        before = subjects.as_it_was(row, _before(entry, BOARD_FIELDS))
        old, now = (_own(board_wire.board(one, [], [])) for one in (before, row))
        out[entry.id] = [one for one in [changed("board:update", old, now, author)] if one]
    return out


def _own(board: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in board.items() if k not in ("columns", "lanes")}


def _before(entry: ChangeEntry, fields: tuple[str, ...]) -> dict[str, Any]:
    return {k: pair(v)[0] for k, v in (entry.diff or {}).items() if k in fields}


def _spaces(ctx: Context, entries: list[ChangeEntry], authors: dict[int, Author]) -> Found:
    rows = subjects.by_id(ctx, Project, {e.target_id for e in entries})
    out: Found = {}
    for entry in entries:
        row, author = rows.get(entry.target_id), authors.get(entry.id)
        if row is None:
            continue
        found = [changed("space:update", space(subjects.as_it_was(row, _before(entry, SPACE_FIELDS))), space(row),
                         author)]  # fmt: skip
        found += _palette(ctx, row, (entry.diff or {}).get("tags_colors"), author)
        out[entry.id] = [one for one in found if one]
    return out


def _palette(ctx: Context, project: Project, diff: Any, author: Author) -> list[dict[str, Any] | None]:
    """`tag:update` when one tag of the palette was renamed or recolored (one pair gone, one new; a tag
    added to or deleted from the palette alone is no Kaiten event: its `tag:add` is a tag put on a card)."""
    old, new = ([tuple(p) for p in side or []] for side in pair(diff))
    gone, came = [p for p in old if p not in new], [p for p in new if p not in old]
    if diff is None or len(gone) != 1 or len(came) != 1:
        return []
    before, name = gone[0], came[0][0]
    row = subjects.tags_named(ctx, project.id, [name]).get(name)
    if row is None:
        return []
    return [changed("tag:update", tag(subjects.as_it_was(row, {"name": before[0], "color": before[1]})), tag(row),
                    author)]  # fmt: skip
