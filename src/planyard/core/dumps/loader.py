"""Load a dump as a new project of the actor (its owner, as taiga-back does): the configuration from the
header, then the items list by list in the order their references need (issues, stories, epics, tasks),
written in windows. Users are matched by email; a member no user has stays an invitation. Anything wrong
raises BadDump and, the request's transaction rolled back (and the files written removed), nothing stays."""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from planyard.core import history
from planyard.core.context import Context
from planyard.core.dumps.header import BadDump, read_header, read_items
from planyard.core.dumps.writer import CUSTOM_FIELD_LISTS, ITEM_LISTS
from planyard.core.projects import service as projects
from planyard.core.projects.templates import DEFAULT_KEYS, OPTION_LISTS, STATUS_LISTS
from planyard.core.slugs import slugify
from planyard.core.tags import store as tag_store
from planyard.core.work_items.epics import EPIC_STORY
from planyard.core.workflows import board_of
from planyard.kit.storage import safe_filename
from planyard.models import (
    Attachment,
    ChangeEntry,
    Comment,
    CustomField,
    CustomFieldValues,
    ItemOption,
    ItemTag,
    ItemType,
    Lane,
    LaneStatus,
    Membership,
    PointValue,
    Project,
    ProjectTemplate,
    Role,
    RolePoints,
    Sprint,
    Status,
    User,
    Vote,
    Watch,
    WorkItem,
    WorkItemAssignee,
    WorkItemLink,
)  # fmt: skip

WINDOW = 500
LOAD_ORDER = ("issue", "story", "epic", "task")  # each list names items of those before it
Progress = Callable[[int], None]
PROJECT_FIELDS = (
    "description", "is_epics_activated", "is_backlog_activated", "is_kanban_activated", "is_wiki_activated",
    "is_issues_activated", "videoconferences", "videoconferences_extra_data", "is_private", "is_featured",
    "is_looking_for_people", "looking_for_people_note", "total_milestones", "total_story_points",
    "anon_permissions", "public_permissions",
)  # fmt: skip
MODULES = {"is_epics_activated": False, "is_backlog_activated": True, "is_kanban_activated": False,
           "is_wiki_activated": True, "is_issues_activated": True}  # fmt: skip
LOADED_DEFAULTS = {"points": "default_points"} | {key: f"default_{key}" for key in DEFAULT_KEYS}


def count_entries(path: Path) -> int:
    """How many items the dump holds (one streamed pass per list)."""
    return sum(sum(1 for _ in read_items(path, key)) for key in ITEM_LISTS.values())


def load_dump(ctx: Context, path: Path, progress: Progress | None = None) -> Project:
    header = read_header(path)
    name = header.get("name")
    if not isinstance(name, str) or not name.strip():
        raise BadDump("error importing project data", {"project": {"name": ["This field is required."]}})
    return _Loader(ctx, path, header, progress).run()


def _listed(header: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = header.get(key) or []
    if not isinstance(value, list) or not all(isinstance(entry, dict) and entry.get("name") for entry in value):
        raise BadDump(f"error importing {key}", {key: ["Invalid data. Expected a list of named objects."]})
    return value


def _date(value: Any, field: str) -> Any:
    if value in (None, ""):
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        raise BadDump("error importing project data", {field: ["Enter a valid date/time."]}) from None


def _day(value: Any, field: str) -> date | None:
    moment = _date(value, field)
    return moment.date() if moment is not None else None


class _Loader:
    def __init__(self, ctx: Context, path: Path, header: dict[str, Any], progress: Progress | None) -> None:
        self.ctx, self.session, self.path, self.header, self.progress = ctx, ctx.session, path, header, progress
        self.users: dict[str, int | None] = {}
        self.refs: dict[int, int] = {}  # the dump's ref -> the new item id

    def run(self) -> Project:
        header = self.header
        fields = {key: header[key] for key in PROJECT_FIELDS if header.get(key) is not None}
        fields["name"] = header["name"]
        project = projects.create_project(self.ctx, fields, blueprint=self._blueprint())
        self.ctx.hold(project)
        self.project = project
        slug = header.get("slug")
        if isinstance(slug, str) and slug and not projects.slug_taken(self.ctx, slug):
            project.slug = slug
        self._names()
        self._tags()
        self._memberships()
        self._lanes()
        self._custom_fields()
        self._sprints()
        for kind in LOAD_ORDER:
            self._items(kind)
        last = self.session.scalar(select(func.max(WorkItem.ref)).where(WorkItem.project_id == project.id))
        project.last_ref = max(project.last_ref, last or 0)
        self.session.flush()
        return project

    # -- configuration --------------------------------------------------------------------------------

    def _blueprint(self) -> ProjectTemplate:
        header = self.header
        lists = {attr: _listed(header, attr) for attr in (*STATUS_LISTS.values(), *OPTION_LISTS.values(), "points")}
        roles = _listed(header, "roles")
        if not roles:
            raise BadDump("error importing roles", {"roles": ["We needed at least one role"]})
        defaults = {key: header.get(field) for key, field in LOADED_DEFAULTS.items() if header.get(field)}
        actor = self.ctx.require_user().email.lower()
        members = [m for m in header.get("memberships") or [] if isinstance(m, dict) and m.get("role")]
        mine = [m["role"] for m in members if str(m.get("user") or m.get("email") or "").lower() == actor]
        owner_role = (mine or [m["role"] for m in members if m.get("is_admin")] or [None])[0]
        slugs = {r["name"]: r.get("slug") or slugify(r["name"]) for r in roles}
        modules = {name: bool(header.get(name, default)) for name, default in MODULES.items()}
        return ProjectTemplate(name="dump", slug="dump", default_options=defaults, roles=roles,
                               default_owner_role=slugs.get(owner_role or "", ""), **lists, **modules,
                               videoconferences=header.get("videoconferences"),
                               videoconferences_extra_data=header.get("videoconferences_extra_data"))  # fmt: skip

    def _names(self) -> None:
        pid, session = self.project.id, self.session
        self.statuses = {(s.kind, s.name): s for s in session.scalars(
            select(Status).where(Status.project_id == pid))}  # fmt: skip
        self.options = {(o.kind, o.name): o.id for o in session.scalars(
            select(ItemOption).where(ItemOption.project_id == pid))}  # fmt: skip
        self.points = dict(
            session.execute(select(PointValue.name, PointValue.id).where(PointValue.project_id == pid)).all()
        )
        self.roles = dict(session.execute(select(Role.name, Role.id).where(Role.project_id == pid)).all())
        self.types = {p: t for p, t in session.execute(select(ItemType.profile, ItemType.id)
                      .where(ItemType.project_id == pid).order_by(ItemType.order.desc()))}  # fmt: skip

    def user(self, email: Any) -> int | None:
        if not isinstance(email, str) or not email:
            return None
        if email not in self.users:
            self.users[email] = self.session.scalar(select(User.id).where(func.lower(User.email) == email.lower()))
        return self.users[email]

    def _tags(self) -> None:
        colors = [(str(pair[0]), pair[1] if len(pair) > 1 else None) for pair in self.header.get("tags_colors") or []
                  if isinstance(pair, list) and pair]  # fmt: skip
        self.palette = {tag.name: tag.id for tag in tag_store.add_to_palette(
            self.session, self.project, [], list(dict(colors).items()), "tags_colors")}  # fmt: skip
        own = self.header.get("tags") or []
        if own:
            tag_store.set_project_tags(self.session, self.project, [str(t) for t in own])

    def _memberships(self) -> None:
        actor = self.ctx.require_user()
        for entry in self.header.get("memberships") or []:
            if not isinstance(entry, dict):
                raise BadDump("error importing memberships", {"memberships": ["Invalid data."]})
            email = entry.get("user") or entry.get("email")
            user_id = self.user(email)
            if user_id == actor.id or not email:
                continue
            role_id = self.roles.get(str(entry.get("role")))
            if role_id is None:
                raise BadDump("error importing memberships", {"memberships": [{"role": ["Object does not exist."]}]})
            self.session.add(Membership(
                project_id=self.project.id, role_id=role_id, user_id=user_id, email=entry.get("email") or email,
                is_admin=bool(entry.get("is_admin")), token=None if user_id else str(uuid.uuid4()),
                invited_by_id=self.user(entry.get("invited_by")),
                invitation_extra_text=entry.get("invitation_extra_text"),
                user_order=entry.get("user_order") or 0,
            ))  # fmt: skip
        self.session.flush()

    def _lanes(self) -> None:
        self.lanes: dict[str, int] = {}
        lanes = _listed(self.header, "swimlanes")
        if not lanes:
            return
        board = board_of(self.session, self.project.id, "story")
        story_statuses = {s.name: s for (kind, _), s in self.statuses.items() if kind == "story"}
        for entry in sorted(lanes, key=lambda e: e.get("order") or 0):
            lane = Lane(
                project_id=self.project.id, board_id=board.id, name=entry["name"], order=entry.get("order") or 1
            )
            self.session.add(lane)
            self.session.flush()
            self.lanes[lane.name] = lane.id
            limits = {s.get("status"): s.get("wip_limit") for s in entry.get("statuses") or [] if isinstance(s, dict)}
            self.session.add_all(LaneStatus(lane_id=lane.id, status_id=status.id, wip_limit=limits.get(name))
                                 for name, status in story_statuses.items())  # fmt: skip
        default = self.lanes.get(self.header.get("default_swimlane") or "") or next(iter(self.lanes.values()))
        self.project.extra = {**(self.project.extra or {}), "default_lane_id": default}

    def _custom_fields(self) -> None:
        self.fields: dict[tuple[str, str], str] = {}
        for kind, key in CUSTOM_FIELD_LISTS.items():
            for entry in _listed(self.header, key):
                row = CustomField(project_id=self.project.id, kind=kind, name=entry["name"],
                                  description=entry.get("description") or "", type=entry.get("type") or "text",
                                  order=entry.get("order") or 1)  # fmt: skip
                for column in ("created_date", "modified_date"):
                    if entry.get(column):
                        setattr(row, column, _date(entry[column], key))
                self.session.add(row)
                self.session.flush()
                self.fields[(kind, row.name)] = str(row.id)

    def _sprints(self) -> None:
        self.sprints: dict[str, int] = {}
        for entry in _listed(self.header, "milestones"):
            start, finish = (
                _day(entry.get("estimated_start"), "milestones"),
                _day(entry.get("estimated_finish"), "milestones"),
            )
            if start is None or finish is None:
                raise BadDump(
                    "error importing sprints", {"milestones": [{"estimated_start": ["This field is required."]}]}
                )
            slug = entry.get("slug") or slugify(entry["name"])
            sprint = Sprint(project_id=self.project.id, name=entry["name"], slug=slug,
                            owner_id=self.user(entry.get("owner")), estimated_start=start, estimated_finish=finish,
                            closed=bool(entry.get("closed")), disponibility=entry.get("disponibility") or 0.0,
                            order=entry.get("order") or 1)  # fmt: skip
            for column in ("created_date", "modified_date"):
                if entry.get(column):
                    setattr(sprint, column, _date(entry[column], "milestones"))
            self.session.add(sprint)
            self.session.flush()
            self.sprints[sprint.name] = sprint.id
            self._watch("sprint", sprint.id, entry.get("watchers"))

    def _watch(self, target_type: str, target_id: int, emails: Any) -> None:
        for user_id in dict.fromkeys(self.user(e) for e in emails or []):
            if user_id is not None:
                self.session.add(Watch(target_type=target_type, target_id=target_id, user_id=user_id))

    # -- items ----------------------------------------------------------------------------------------

    def _items(self, kind: str) -> None:
        key = ITEM_LISTS[kind]
        for window in _windows(read_items(self.path, key)):
            made = [(self._item(kind, entry), entry) for entry in window]
            self.session.flush()
            for item, entry in made:
                self.refs[item.ref] = item.id
                self._extras(kind, item, entry)
            self.session.flush()
            history.record_many(self.ctx, target_type=kind, action="create", project_id=self.project.id,
                                entries=[history.NewEntry(target_id=item.id, version=item.version,
                                                          snapshot={"ref": item.ref, "subject": item.subject})
                                         for item, _ in made])  # fmt: skip
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
            is_iocaine=bool(entry.get("is_iocaine")), due_date=_day(entry.get("due_date"), ITEM_LISTS[kind]),
            due_date_reason=entry.get("due_date_reason") or "", external_reference=entry.get("external_reference"),
            version=entry.get("version") or 1,
            finish_date=_date(entry.get("finish_date") or entry.get("finished_date"), ITEM_LISTS[kind]),
        )  # fmt: skip
        for column, dumped in (("backlog_order", "backlog_order"), ("sprint_order", "sprint_order"),
                               ("kanban_order", "kanban_order"), ("parent_order", "us_order"),
                               ("board_order", "taskboard_order"), ("epics_order", "epics_order")):  # fmt: skip
            if isinstance(entry.get(dumped), int | float):
                setattr(item, column, entry[dumped])
        for column in ("created_date", "modified_date"):
            if entry.get(column):
                setattr(item, column, _date(entry[column], ITEM_LISTS[kind]))
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
            self._attachment(kind, item, attachment, n)
        for change in entry.get("history") or []:
            if isinstance(change, dict) and change.get("comment"):
                self._comment(kind, item, change)
        if kind == "epic":
            for link in entry.get("related_user_stories") or []:
                story_id = self.refs.get(link.get("user_story") or 0) if isinstance(link, dict) else None
                if story_id:
                    session.add(WorkItemLink(kind=EPIC_STORY, from_id=item.id, to_id=story_id,
                                             order=int(link.get("order") or 0)))  # fmt: skip

    def _attachment(self, kind: str, item: WorkItem, entry: Any, position: int) -> None:
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
        row = Attachment(project_id=self.project.id, target_type=kind, target_id=item.id,
                         owner_id=self.user(entry.get("owner")), name=name, size=len(data), file_key=key, sha1=sha1,
                         description=entry.get("description") or "", is_deprecated=bool(entry.get("is_deprecated")),
                         order=entry.get("order") if isinstance(entry.get("order"), int) else position + 1)  # fmt: skip
        for column in ("created_date", "modified_date"):
            if entry.get(column):
                setattr(row, column, _date(entry[column], "attachments"))
        self.session.add(row)

    def _comment(self, kind: str, item: WorkItem, change: dict[str, Any]) -> None:
        who = change.get("user")
        author = self.user(who[0] if isinstance(who, list) and who else None)
        when = _date(change.get("created_at"), "history") or item.created_date
        entry = ChangeEntry(project_id=self.project.id, target_type=kind, target_id=item.id, action="update",
                            user_id=author, created_at=when)  # fmt: skip
        entry.comment = Comment(project_id=self.project.id, target_type=kind, target_id=item.id, author_id=author,
                                text=str(change["comment"]), created_at=when,
                                versions=change.get("comment_versions") or [],
                                edited_at=_date(change.get("edit_comment_date"), "history"),
                                deleted_at=_date(change.get("delete_comment_date"), "history"))  # fmt: skip
        self.session.add(entry)


def _windows(entries: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    window: list[dict[str, Any]] = []
    for entry in entries:
        window.append(entry)
        if len(window) == WINDOW:
            yield window
            window = []
    if window:
        yield window
