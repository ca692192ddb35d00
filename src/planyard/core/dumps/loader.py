"""Load a dump as a new project of the actor (its owner, as taiga-back does): the configuration from the
header, then the items list by list in the order their references need (issues, stories, epics, tasks),
written in windows. Users are matched by email; a member no user has stays an invitation. Anything wrong
raises BadDump and, the request's transaction rolled back (and the files written removed), nothing stays."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from planyard.core import notify_policies
from planyard.core.context import Context
from planyard.core.dumps.header import BadDump, read_header, read_items
from planyard.core.dumps.items import Progress, day, moment
from planyard.core.dumps.wiki import WikiLoading
from planyard.core.dumps.writer import CUSTOM_FIELD_LISTS, DUE_DATE_LISTS, ITEM_LISTS
from planyard.core.projects import service as projects
from planyard.core.projects.templates import DEFAULT_KEYS, OPTION_LISTS, STATUS_LISTS
from planyard.core.slugs import slugify
from planyard.core.tags import store as tag_store
from planyard.core.workflows import board_of
from planyard.models import (
    CustomField,
    DueDateLevel,
    ItemOption,
    ItemType,
    Lane,
    LaneStatus,
    Membership,
    PointValue,
    Project,
    ProjectTemplate,
    Role,
    Sprint,
    Status,
    User,
    WorkItem,
)  # fmt: skip

LOAD_ORDER = ("issue", "story", "epic", "task")  # each list names items of those before it
PROJECT_FIELDS: dict[str, type | tuple[type, ...]] = {
    "description": str, "is_epics_activated": bool, "is_backlog_activated": bool, "is_kanban_activated": bool,
    "is_wiki_activated": bool, "is_issues_activated": bool, "videoconferences": str,
    "videoconferences_extra_data": str, "is_private": bool, "is_featured": bool, "is_looking_for_people": bool,
    "looking_for_people_note": str, "total_milestones": int, "total_story_points": (int, float),
    "anon_permissions": list, "public_permissions": list, "slug": str, "tags": list, "tags_colors": list,
    "memberships": list,
}  # fmt: skip
EDITABLE = [key for key in PROJECT_FIELDS if key not in ("slug", "tags", "tags_colors", "memberships")]
MODULES = {"is_epics_activated": False, "is_backlog_activated": True, "is_kanban_activated": False,
           "is_wiki_activated": True, "is_issues_activated": True}  # fmt: skip
LOADED_DEFAULTS = {"points": "default_points"} | {key: f"default_{key}" for key in DEFAULT_KEYS}


def count_entries(path: Path) -> int:
    """How many items the dump holds (one streamed pass per list)."""
    return sum(sum(1 for _ in read_items(path, key)) for key in (*ITEM_LISTS.values(), "wiki_pages"))


def load_dump(ctx: Context, path: Path, progress: Progress | None = None) -> Project:
    header = read_header(path)
    name = header.get("name")
    if not isinstance(name, str) or not name.strip():
        raise BadDump("error importing project data", {"project": {"name": ["This field is required."]}})
    wrong = [key for key, kind in PROJECT_FIELDS.items() if header.get(key) is not None
             and not isinstance(header[key], kind)]  # fmt: skip
    if wrong:
        raise BadDump("error importing project data", {"project": {key: ["Invalid value."] for key in wrong}})
    try:
        return _Loader(ctx, path, header, progress).run()
    except (TypeError, ValueError, AttributeError, KeyError) as exc:  # a value of a type the dump may not hold
        raise BadDump("error importing project data", {"project": [f"Invalid data: {exc}"]}) from None


def _listed(header: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = header.get(key) or []
    if not isinstance(value, list) or not all(isinstance(entry, dict) and entry.get("name") for entry in value):
        raise BadDump(f"error importing {key}", {key: ["Invalid data. Expected a list of named objects."]})
    return value


class _Loader(WikiLoading):
    def __init__(self, ctx: Context, path: Path, header: dict[str, Any], progress: Progress | None) -> None:
        self.ctx, self.session, self.path, self.header, self.progress = ctx, ctx.session, path, header, progress
        self.users: dict[str, int | None] = {}
        self.refs: dict[int, int] = {}  # the dump's ref -> the new item id
        self.found = {}

    def run(self) -> Project:
        header = self.header
        fields = {key: header[key] for key in EDITABLE if header.get(key) is not None}
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
        self._due_dates()
        for kind in LOAD_ORDER:
            self._items(kind)
        self._wiki_links(self.header.get("wiki_links") or [])
        self._wiki_pages()
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
            if user_id is not None:
                notify_policies.give_member_policy(self.ctx, self.project.id, user_id)
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
                        setattr(row, column, moment(entry[column], key))
                self.session.add(row)
                self.session.flush()
                self.fields[(kind, row.name)] = str(row.id)

    def _due_dates(self) -> None:
        for kind, key in DUE_DATE_LISTS.items():
            levels = {entry["name"]: entry for entry in _listed(self.header, key)}
            if not all(isinstance(e.get("order", 1), int) and isinstance(e.get("days_to_due"), int | None)
                       for e in levels.values()):  # fmt: skip
                raise BadDump(f"error importing {key}", {key: ["Invalid data. A whole number is required."]})
            self.session.add_all(DueDateLevel(
                project_id=self.project.id, kind=kind, name=name, order=e.get("order") or 1,
                by_default=bool(e.get("by_default")), color=e.get("color") or "#999999",
                days_to_due=e.get("days_to_due") if isinstance(e.get("days_to_due"), int) else None,
            ) for name, e in levels.items())  # fmt: skip

    def _sprints(self) -> None:
        self.sprints: dict[str, int] = {}
        for entry in _listed(self.header, "milestones"):
            start, finish = (
                day(entry.get("estimated_start"), "milestones"),
                day(entry.get("estimated_finish"), "milestones"),
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
                    setattr(sprint, column, moment(entry[column], "milestones"))
            self.session.add(sprint)
            self.session.flush()
            self.sprints[sprint.name] = sprint.id
            self._watch("sprint", sprint.id, entry.get("watchers"))
