"""Loading a dump's items, list by list in windows: the rows, then what hangs on them (tags, watchers,
votes, assignees, role points, custom values, attachments, epic links) and their history (each entry of
the item's `history` list becomes a change-log entry, with its comment; an item dumped without history
gets one creation entry). The entries get no outbox row: webhooks belong to a project, and the new
project has none yet (the import's one outbox row is the project's creation). A mixin of the loader,
which has set up the project and the names the items use."""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from planyard.core.context import Context
from planyard.core.dumps.changes import HISTORY_CREATE, LABELLED, OPTION_KINDS, Lookups, loaded_diff
from planyard.core.dumps.header import BadDump, read_items
from planyard.core.dumps.writer import ITEM_LISTS
from planyard.core.tags import store as tag_store
from planyard.core.work_items.epics import EPIC_STORY
from planyard.kit.storage import safe_filename
from planyard.models import (
    Attachment,
    ChangeEntry,
    Comment,
    CustomFieldValues,
    ItemTag,
    Project,
    RolePoints,
    Status,
    Vote,
    Watch,
    WorkItem,
    WorkItemAssignee,
    WorkItemLink,
)  # fmt: skip

WINDOW = 500
Progress = Callable[[int], None]


def moment(value: Any, field: str) -> datetime | None:
    """A dumped date-time as a naive UTC one (how the database keeps them)."""
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed
    except ValueError:
        raise BadDump("error importing project data", {field: ["Enter a valid date/time."]}) from None


def day(value: Any, field: str) -> date | None:
    parsed = moment(value, field)
    return parsed.date() if parsed is not None else None


class ItemLoading:
    ctx: Context
    session: Session
    path: Path
    project: Project
    progress: Progress | None
    refs: dict[int, int]
    statuses: dict[tuple[str, str], Status]
    options: dict[tuple[str, str], int]
    points: dict[str, int]
    roles: dict[str, int]
    types: dict[str, int]
    palette: dict[str, int]
    lanes: dict[str, int]
    sprints: dict[str, int]
    fields: dict[tuple[str, str], str]
    found: dict[str, Lookups]

    def user(self, email: Any) -> int | None:
        raise NotImplementedError

    def _watch(self, target_type: str, target_id: int, emails: Any) -> None:
        for user_id in dict.fromkeys(self.user(e) for e in emails or []):
            if user_id is not None:
                self.session.add(Watch(target_type=target_type, target_id=target_id, user_id=user_id))

    def _items(self, kind: str) -> None:
        key = ITEM_LISTS[kind]
        for window in windows(read_items(self.path, key)):
            made = [(self._item(kind, entry), entry) for entry in window]
            self.session.flush()
            for item, entry in made:
                self.refs[item.ref] = item.id
                self._extras(kind, item, entry)
            self.session.flush()
            if self.progress:
                self.progress(len(window))

    def _item(self, kind: str, entry: dict[str, Any]) -> WorkItem:
        ref, subject = entry.get("ref"), entry.get("subject")
        if not isinstance(ref, int) or ref < 1 or ref in self.refs or not isinstance(subject, str):
            raise BadDump(f"error importing {ITEM_LISTS[kind].replace('_', ' ')}",
                          {ITEM_LISTS[kind]: [{"ref": ["Invalid or repeated ref."], "subject": subject}]})  # fmt: skip
        self.refs[ref] = 0  # taken
        status = self.statuses.get((kind, entry.get("status") or ""))
        if status is None:
            status_id = getattr(self.project, f"default_{'us' if kind == 'story' else kind}_status_id")
            status = next((s for s in self.statuses.values() if s.id == status_id), None)
        item = WorkItem(
            project_id=self.project.id, kind=kind, item_type_id=self.types[kind], ref=ref, subject=subject,
            description=entry.get("description") or "", status_id=status.id if status else None,
            is_closed=bool(status.is_closed) if status else False,
            owner_id=self.user(entry.get("owner")) or self.ctx.actor_id,
            assigned_to_id=self.user(entry.get("assigned_to")),
            sprint_id=self.sprints.get(entry.get("milestone") or ""), is_blocked=bool(entry.get("is_blocked")),
            blocked_note=entry.get("blocked_note") or "", color=entry.get("color") or "",
            client_requirement=bool(entry.get("client_requirement")),
            team_requirement=bool(entry.get("team_requirement")),
            is_iocaine=bool(entry.get("is_iocaine")), due_date=day(entry.get("due_date"), ITEM_LISTS[kind]),
            due_date_reason=entry.get("due_date_reason") or "", external_reference=entry.get("external_reference"),
            version=entry.get("version") or 1,
            finish_date=moment(entry.get("finish_date") or entry.get("finished_date"), ITEM_LISTS[kind]),
        )  # fmt: skip
        for column, dumped in (("backlog_order", "backlog_order"), ("sprint_order", "sprint_order"),
                               ("kanban_order", "kanban_order"), ("parent_order", "us_order"),
                               ("board_order", "taskboard_order"), ("epics_order", "epics_order")):  # fmt: skip
            if isinstance(entry.get(dumped), int | float):
                setattr(item, column, entry[dumped])
        for column in ("created_date", "modified_date"):
            if entry.get(column):
                setattr(item, column, moment(entry[column], ITEM_LISTS[kind]))
        if kind == "story":
            item.lane_id = self.lanes.get(entry.get("swimlane") or "")
            item.generated_from_id = self.refs.get(entry.get("generated_from_issue") or 0) or None
        if kind == "task":
            item.parent_id = self.refs.get(entry.get("user_story") or 0) or None
        if kind == "issue":
            for column, option in (("type_id", "issue_type"), ("priority_id", "priority"), ("severity_id", "severity")):
                dumped = str(entry.get("type" if option == "issue_type" else option) or "")
                fallback = getattr(self.project, f"default_{option}_id")
                setattr(item, column, self.options.get((option, dumped)) or fallback)
        self.session.add(item)
        return item

    def _extras(self, kind: str, item: WorkItem, entry: dict[str, Any]) -> None:
        session = self.session
        tags = [str(t[0] if isinstance(t, list) else t) for t in entry.get("tags") or [] if t]
        missing = [name for name in dict.fromkeys(tags) if name not in self.palette]
        if missing:
            current = tag_store.palette(session, self.project.id)
            for tag in tag_store.add_to_palette(session, self.project, current, [(n, None) for n in missing], "tags")[
                len(current) :
            ]:
                self.palette[tag.name] = tag.id
        if tags:
            session.execute(insert(ItemTag), [{"work_item_id": item.id, "tag_id": self.palette[n], "position": i}
                                              for i, n in enumerate(dict.fromkeys(tags))])  # fmt: skip
        self._watch(kind, item.id, entry.get("watchers"))
        for user_id in dict.fromkeys(self.user(e) for e in entry.get("votes") or []):
            if user_id is not None:
                session.add(Vote(target_type=kind, target_id=item.id, user_id=user_id))
        for user_id in dict.fromkeys(self.user(e) for e in entry.get("assigned_users") or []):
            if user_id is not None:
                session.add(WorkItemAssignee(work_item_id=item.id, user_id=user_id))
        if kind == "story":
            for rp in entry.get("role_points") or []:
                role_id = self.roles.get(str(rp.get("role"))) if isinstance(rp, dict) else None
                if role_id is not None:
                    session.add(
                        RolePoints(work_item_id=item.id, role_id=role_id, points_id=self.points.get(rp.get("points")))
                    )
        values = entry.get("custom_attributes_values") or {}
        if isinstance(values, dict) and values:
            kept = {self.fields[(kind, n)]: v for n, v in values.items() if (kind, n) in self.fields}
            session.add(CustomFieldValues(work_item_id=item.id, values=kept))
        for n, attachment in enumerate(entry.get("attachments") or []):
            self._attachment(kind, item.id, attachment, n)
        self._history(kind, item.id, entry.get("history"), {"ref": item.ref, "subject": item.subject},
                      item.owner_id, item.created_date)  # fmt: skip
        if kind == "epic":
            for link in entry.get("related_user_stories") or []:
                story_id = self.refs.get(link.get("user_story") or 0) if isinstance(link, dict) else None
                if story_id:
                    session.add(WorkItemLink(kind=EPIC_STORY, from_id=item.id, to_id=story_id,
                                             order=int(link.get("order") or 0)))  # fmt: skip

    def _attachment(self, kind: str, target_id: int, entry: Any, position: int) -> None:
        attached = entry.get("attached_file") if isinstance(entry, dict) else None
        if not isinstance(attached, dict) or not isinstance(attached.get("data"), str):
            raise BadDump(
                "error importing attachments", {"attachments": [{"attached_file": ["No file was submitted."]}]}
            )
        try:
            data = base64.b64decode(attached["data"], validate=True)
        except (binascii.Error, ValueError):
            raise BadDump(
                "error importing attachments", {"attachments": [{"attached_file": ["Invalid file."]}]}
            ) from None
        storage = self.ctx.env.storage
        name = safe_filename(entry.get("name") or attached.get("name") or "file")
        key = storage.save(f"attachments/{self.project.id}", name, data)
        self.ctx.uow.on_rollback(lambda: storage.delete(key))
        sha1 = hashlib.sha1(data, usedforsecurity=False).hexdigest()
        row = Attachment(project_id=self.project.id, target_type=kind, target_id=target_id,
                         owner_id=self.user(entry.get("owner")), name=name, size=len(data), file_key=key, sha1=sha1,
                         description=entry.get("description") or "", is_deprecated=bool(entry.get("is_deprecated")),
                         order=entry.get("order") if isinstance(entry.get("order"), int) else position + 1)  # fmt: skip
        for column in ("created_date", "modified_date"):
            if entry.get(column):
                setattr(row, column, moment(entry[column], "attachments"))
        self.session.add(row)

    def lookups(self, kind: str) -> Lookups:
        """The new project's ids by the names a dumped diff of `kind` gives (built once per kind)."""
        found = self.found.get(kind)
        if found is None:
            by_name = {"status": {n: s.id for (k, n), s in self.statuses.items() if k == kind},
                       "milestone": self.sprints, "swimlane": self.lanes}  # fmt: skip
            for key, option in OPTION_KINDS.items():
                by_name[key] = {n: i for (k, n), i in self.options.items() if k == option}
            assert set(by_name) == set(LABELLED)
            fields = {n: i for (k, n), i in self.fields.items() if k == kind}
            found = self.found[kind] = Lookups(self.user, by_name, self.refs, self.roles, self.points, fields)
        return found

    def _history(self, kind: str, target_id: int, changes: Any, snapshot: dict[str, Any], owner_id: int | None,
                 created: datetime) -> None:  # fmt: skip
        kept = [c for c in changes or [] if isinstance(c, dict) and c.get("type") in (None, 1, HISTORY_CREATE)]
        if not kept:  # taiga-back takes a snapshot of an item dumped without history; so does the loader
            self.session.add(ChangeEntry(project_id=self.project.id, target_type=kind, target_id=target_id,
                                         action="create", user_id=owner_id, snapshot=snapshot,
                                         created_at=created))  # fmt: skip
        for change in kept:
            self._change(kind, target_id, change, created)

    def _change(self, kind: str, target_id: int, change: dict[str, Any], created: datetime) -> None:
        def author(field: str) -> int | None:
            who = change.get(field)
            return self.user(who[0] if isinstance(who, list) and who else None)

        when = moment(change.get("created_at"), "history") or created
        diff = loaded_diff(kind, change.get("diff"), change.get("values"), self.lookups(kind))
        snapshot = change.get("snapshot")
        entry = ChangeEntry(project_id=self.project.id, target_type=kind, target_id=target_id, user_id=author("user"),
                            action="create" if change.get("type") == HISTORY_CREATE else "change", created_at=when,
                            diff={k: v for k, v in diff.items() if not k.endswith("_html")},
                            snapshot=snapshot if isinstance(snapshot, dict) else {})  # fmt: skip
        if change.get("comment"):
            versions = change.get("comment_versions")
            entry.comment = Comment(project_id=self.project.id, target_type=kind, target_id=target_id,
                                    author_id=entry.user_id, text=str(change["comment"]), created_at=when,
                                    versions=versions if isinstance(versions, list) else [],
                                    edited_at=moment(change.get("edit_comment_date"), "history"),
                                    deleted_at=moment(change.get("delete_comment_date"), "history"),
                                    deleted_by_id=author("delete_comment_user"))  # fmt: skip
        self.session.add(entry)


def windows(entries: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    window: list[dict[str, Any]] = []
    for entry in entries:
        window.append(entry)
        if len(window) == WINDOW:
            yield window
            window = []
    if window:
        yield window
