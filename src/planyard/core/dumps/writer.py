"""Write a project dump object by object: the project's configuration first, then its items kind by kind,
read in windows of WINDOW rows, each window's extras (tags, watchers, comments, attachments...) in a few
batched queries. Memory stays bounded by one window whatever the project's size."""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

import orjson
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from planyard.core.context import Context
from planyard.core.dumps.changes import HISTORY_CHANGE, HISTORY_CREATE, Labels, dumped_diff, is_hidden
from planyard.core.projects.templates import DEFAULT_KEYS, OPTION_LISTS, STATUS_LISTS
from planyard.core.tags import store as tag_store
from planyard.core.work_items.epics import EPIC_STORY
from planyard.core.workflows import statuses_of
from planyard.models import (
    Attachment,
    ChangeEntry,
    CustomField,
    CustomFieldValues,
    DueDateLevel,
    ItemOption,
    Lane,
    LaneStatus,
    Membership,
    PointValue,
    Project,
    Role,
    RolePoints,
    Sprint,
    Status,
    User,
    Vote,
    Watch,
    WikiLink,
    WikiPage,
    WorkItem,
    WorkItemAssignee,
    WorkItemLink,
)  # fmt: skip

WINDOW = 500
Names = dict[tuple[str, int], str]  # (table, id) -> name: the dump names values
Progress = Callable[[int], None]  # called with the number of items just written
ITEM_LISTS = {"epic": "epics", "story": "user_stories", "task": "tasks", "issue": "issues"}
CUSTOM_FIELD_LISTS = {"epic": "epiccustomattributes", "story": "userstorycustomattributes",
                      "task": "taskcustomattributes", "issue": "issuecustomattributes"}  # fmt: skip
DUE_DATE_LISTS = {"story": "us_duedates", "task": "task_duedates", "issue": "issue_duedates"}
PROJECT_FIELDS = (
    "name", "slug", "description", "created_date", "modified_date", "is_epics_activated", "is_backlog_activated",
    "is_kanban_activated", "is_wiki_activated", "is_issues_activated", "videoconferences",
    "videoconferences_extra_data", "is_private", "is_featured", "is_looking_for_people", "looking_for_people_note",
    "total_milestones", "total_story_points", "anon_permissions", "public_permissions", "blocked_code",
)  # fmt: skip


def _json(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_NAIVE_UTC | orjson.OPT_NON_STR_KEYS)


def count_items(ctx: Context, project_id: int) -> int:
    return int(ctx.session.scalar(select(func.count(WorkItem.id)).where(WorkItem.project_id == project_id)) or 0)


class _Emails:
    """User id -> email, looked up as ids come."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.known: dict[int, tuple[str, str]] = {}

    def load(self, ids: Iterable[int | None]) -> None:
        wanted = {i for i in ids if i is not None and i not in self.known}
        if wanted:
            rows = self.ctx.session.execute(select(User.id, User.email, User.full_name).where(User.id.in_(wanted)))
            self.known.update({row.id: (row.email, row.full_name) for row in rows})

    def __call__(self, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        self.load([user_id])
        return self.known.get(user_id, (None, ""))[0]

    def name(self, user_id: int | None) -> str:
        return self.known.get(user_id, ("", ""))[1] if user_id is not None else ""


def write_dump(ctx: Context, project_id: int, out: IO[bytes], progress: Progress | None = None) -> None:
    project = ctx.session.get(Project, project_id)
    assert project is not None
    ctx.hold(project)
    emails = _Emails(ctx)
    names = _value_names(ctx, project_id)
    out.write(b"{")
    first = True
    for key, value in _configuration(ctx, project, emails, names):
        out.write(b"" if first else b",\n")
        first = False
        out.write(_json(key) + b": " + _json(value))
    for kind, key in ITEM_LISTS.items():
        out.write(b",\n" + _json(key) + b": [")
        separator = b"\n"
        for window in _windows(ctx, project_id, kind):
            for entry in _items(ctx, project_id, kind, window, emails, names):
                out.write(separator + _json(entry))
                separator = b",\n"
            if progress:
                progress(len(window))
        out.write(b"]")
    out.write(b',\n"wiki_links": ' + _json(_wiki_links(ctx, project_id)) + b',\n"wiki_pages": [')
    separator = b"\n"
    for page in _wiki_pages(ctx, project_id, emails, names):
        out.write(separator + _json(page))
        separator = b",\n"
    out.write(b'],\n"timeline": []}\n')


def _value_names(ctx: Context, project_id: int) -> Names:
    """Status, option, point, role, sprint and lane ids of the project -> their names (the dump's keys)."""
    names: Names = {}
    for model in (Status, ItemOption, PointValue, Role, Sprint, Lane):
        for row_id, name in ctx.session.execute(select(model.id, model.name).where(model.project_id == project_id)):
            names[(model.__tablename__, row_id)] = name
    return names


def _name(names: Names, model: Any, row_id: int | None) -> str | None:
    return None if row_id is None else names.get((model.__tablename__, row_id))


def _configuration(ctx: Context, project: Project, emails: _Emails, names: Names) -> Iterator[tuple[str, Any]]:
    session, pid = ctx.session, project.id
    for field in PROJECT_FIELDS:
        yield field, getattr(project, field)
    yield "owner", emails(project.owner_id)
    yield "logo", None
    yield "tags", tag_store.project_tags(session, [pid]).get(pid, [])
    yield "tags_colors", [list(pair) for pair in tag_store.palette_pairs(session, [pid]).get(pid, [])]
    roles = session.scalars(select(Role).where(Role.project_id == pid).order_by(Role.order, Role.id)).all()
    yield "roles", [{"name": r.name, "slug": r.slug, "order": r.order, "computable": r.computable,
                     "permissions": list(r.permissions)} for r in roles]  # fmt: skip
    members = session.scalars(select(Membership).where(Membership.project_id == pid).order_by(Membership.id)).all()
    emails.load([m.user_id for m in members] + [m.invited_by_id for m in members])
    yield "memberships", [{
        "user": emails(m.user_id), "role": _name(names, Role, m.role_id), "invited_by": emails(m.invited_by_id),
        "is_admin": m.is_admin, "email": m.email or emails(m.user_id), "created_at": m.created_at,
        "invitation_extra_text": m.invitation_extra_text, "user_order": m.user_order,
    } for m in members]  # fmt: skip
    points = session.scalars(select(PointValue).where(PointValue.project_id == pid).order_by(PointValue.order)).all()
    yield "points", [{"name": p.name, "order": p.order, "value": p.value} for p in points]
    for kind, key in STATUS_LISTS.items():
        rows = session.scalars(select(Status).where(statuses_of(pid, kind), Status.kind == kind)
                               .order_by(Status.order, Status.id)).all()  # fmt: skip
        yield key, [_status(kind, s) for s in rows]
    for kind, key in DUE_DATE_LISTS.items():
        levels = session.scalars(select(DueDateLevel).where(DueDateLevel.project_id == pid, DueDateLevel.kind == kind)
                                 .order_by(DueDateLevel.order, DueDateLevel.id)).all()  # fmt: skip
        yield key, [{"name": d.name, "order": d.order, "by_default": d.by_default, "color": d.color,
                     "days_to_due": d.days_to_due} for d in levels]  # fmt: skip
    for kind, key in OPTION_LISTS.items():
        options = session.scalars(select(ItemOption).where(ItemOption.project_id == pid, ItemOption.kind == kind)
                                  .order_by(ItemOption.order, ItemOption.id)).all()  # fmt: skip
        yield key, [{"name": o.name, "order": o.order, "color": o.color} for o in options]
    yield "swimlanes", _lanes(ctx, pid, names)
    yield "default_points", _name(names, PointValue, project.default_points_id)
    for key, (kind, column) in DEFAULT_KEYS.items():
        model = Status if kind in STATUS_LISTS else ItemOption
        yield f"default_{key}", _name(names, model, getattr(project, column))
    yield "default_swimlane", None
    for kind, key in CUSTOM_FIELD_LISTS.items():
        fields = session.scalars(select(CustomField).where(CustomField.project_id == pid, CustomField.kind == kind)
                                 .order_by(CustomField.order, CustomField.id)).all()  # fmt: skip
        yield key, [{"name": f.name, "description": f.description, "type": f.type, "order": f.order,
                     "created_date": f.created_date, "modified_date": f.modified_date} for f in fields]  # fmt: skip
    sprints = session.scalars(select(Sprint).where(Sprint.project_id == pid).order_by(Sprint.order, Sprint.id)).all()
    watchers = _watchers(ctx, "sprint", [s.id for s in sprints], emails)
    yield "milestones", [{
        "name": s.name, "owner": emails(s.owner_id), "created_date": s.created_date, "modified_date": s.modified_date,
        "estimated_start": s.estimated_start, "estimated_finish": s.estimated_finish, "slug": s.slug,
        "closed": s.closed, "disponibility": s.disponibility, "order": s.order, "watchers": watchers.get(s.id, []),
    } for s in sprints]  # fmt: skip


def _status(kind: str, status: Status) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": status.name, "slug": status.slug, "order": status.order,
                             "is_closed": status.is_closed, "color": status.color}  # fmt: skip
    if kind == "story":
        entry |= {"is_archived": status.is_archived, "wip_limit": status.wip_limit}
    return entry


def _lanes(ctx: Context, project_id: int, names: Names) -> list[dict[str, Any]]:
    lanes = ctx.session.scalars(select(Lane).where(Lane.project_id == project_id).order_by(Lane.order, Lane.id)).all()
    limits: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = ctx.session.execute(
        select(LaneStatus.lane_id, LaneStatus.status_id, LaneStatus.wip_limit)
        .where(LaneStatus.lane_id.in_([lane.id for lane in lanes]))
        .order_by(LaneStatus.id)
    )
    for lane_id, status_id, wip_limit in rows:
        limits[lane_id].append({"status": _name(names, Status, status_id), "wip_limit": wip_limit})
    return [{"name": lane.name, "order": lane.order, "statuses": limits[lane.id]} for lane in lanes]


def _windows(ctx: Context, project_id: int, kind: str) -> Iterator[list[WorkItem]]:
    last = 0
    while True:
        window = list(ctx.session.scalars(select(WorkItem).where(
            WorkItem.project_id == project_id, WorkItem.kind == kind, WorkItem.id > last,
        ).order_by(WorkItem.id).limit(WINDOW)))  # fmt: skip
        if not window:
            return
        yield window
        last = window[-1].id  # the session holds rows weakly: a window's rows go with it


def _by_item(rows: Iterable[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for key, *rest in rows:
        grouped[key].append(rest[0] if len(rest) == 1 else rest)
    return grouped


def _watchers(ctx: Context, target_type: str, ids: list[int], emails: _Emails) -> dict[int, list[str | None]]:
    rows = ctx.session.execute(select(Watch.target_id, Watch.user_id).where(
        Watch.target_type == target_type, Watch.target_id.in_(ids)).order_by(Watch.id)).all()  # fmt: skip
    emails.load(user_id for _, user_id in rows)
    return {key: [emails(u) for u in users] for key, users in _by_item(rows).items()}


def _items(ctx: Context, project_id: int, kind: str, window: list[WorkItem], emails: _Emails,
           names: Names) -> Iterator[dict[str, Any]]:  # fmt: skip
    session, ids = ctx.session, [item.id for item in window]
    refs = dict(session.execute(select(WorkItem.id, WorkItem.ref).where(WorkItem.id.in_(
        ({i.parent_id for i in window} | {i.generated_from_id for i in window}) - {None}))).all())  # fmt: skip
    emails.load([i.owner_id for i in window] + [i.assigned_to_id for i in window])
    tags = tag_store.item_tags(session, ids)
    watchers = _watchers(ctx, kind, ids, emails)
    voters = _by_item(session.execute(select(Vote.target_id, Vote.user_id).where(
        Vote.target_type == kind, Vote.target_id.in_(ids)).order_by(Vote.id)))  # fmt: skip
    assignees = _by_item(session.execute(select(WorkItemAssignee.work_item_id, WorkItemAssignee.user_id)
                                         .where(WorkItemAssignee.work_item_id.in_(ids))))  # fmt: skip
    points = _by_item(session.execute(select(RolePoints.work_item_id, RolePoints.role_id, RolePoints.points_id)
                                      .where(RolePoints.work_item_id.in_(ids))))  # fmt: skip
    value_rows = session.execute(select(CustomFieldValues.work_item_id, CustomFieldValues.values)
                                 .where(CustomFieldValues.work_item_id.in_(ids)))  # fmt: skip
    values: dict[int, dict[str, Any]] = {item_id: row_values for item_id, row_values in value_rows}
    field_names = {str(i): n for i, n in session.execute(select(CustomField.id, CustomField.name).where(
        CustomField.project_id == project_id, CustomField.kind == kind))}  # fmt: skip
    fields = {str(i): (n, t) for i, n, t in session.execute(select(CustomField.id, CustomField.name, CustomField.type)
              .where(CustomField.project_id == project_id, CustomField.kind == kind))}  # fmt: skip
    history = _history(ctx, kind, ids, Labels(names, emails, fields=fields), emails)
    attachments = _attachments(ctx, kind, ids)
    stories = _by_item(session.execute(select(WorkItemLink.from_id, WorkItem.ref, WorkItemLink.order)
                                       .join(WorkItem, WorkItem.id == WorkItemLink.to_id)
                                       .where(WorkItemLink.kind == EPIC_STORY, WorkItemLink.from_id.in_(ids))
                                       .order_by(WorkItemLink.order)))  # fmt: skip
    emails.load([u for users in assignees.values() for u in users] + [u for users in voters.values() for u in users])
    for item in window:
        entry: dict[str, Any] = {
            "ref": item.ref, "subject": item.subject, "description": item.description, "owner": emails(item.owner_id),
            "assigned_to": emails(item.assigned_to_id), "status": _name(names, Status, item.status_id),
            "created_date": item.created_date, "modified_date": item.modified_date, "version": item.version,
            "is_blocked": item.is_blocked, "blocked_note": item.blocked_note,
            "tags": [name for name, _ in tags.get(item.id, [])], "watchers": watchers.get(item.id, []),
            "custom_attributes_values": {field_names[k]: v for k, v in (values.get(item.id) or {}).items()
                                         if k in field_names and v is not None},
            "attachments": [_attachment(ctx, a, emails) for a in attachments.get(item.id, [])],
            "history": history.get(item.id, []),
        }  # fmt: skip
        entry |= _kind_fields(kind, item, emails, names, refs)
        if kind == "story":
            entry["role_points"] = [{"role": _name(names, Role, role), "points": _name(names, PointValue, pts)}
                                    for role, pts in points.get(item.id, [])]  # fmt: skip
            entry["assigned_users"] = [emails(u) for u in assignees.get(item.id, [])]
        if kind == "issue":
            entry["votes"] = [emails(u) for u in voters.get(item.id, [])]
        if kind == "epic":
            entry["related_user_stories"] = [{"user_story": ref, "order": order, "source_project_slug": None}
                                             for ref, order in stories.get(item.id, [])]  # fmt: skip
        yield entry


def _kind_fields(kind: str, item: WorkItem, emails: _Emails, names: Names,
                 refs: dict[int, int]) -> dict[str, Any]:  # fmt: skip
    sprint = _name(names, Sprint, item.sprint_id)
    due = {"due_date": item.due_date, "due_date_reason": item.due_date_reason}
    if kind == "epic":
        return {"epics_order": item.epics_order, "color": item.color, "client_requirement": item.client_requirement,
                "team_requirement": item.team_requirement}  # fmt: skip
    if kind == "story":
        return due | {
            "milestone": sprint, "swimlane": _name(names, Lane, item.lane_id), "finish_date": item.finish_date,
            "is_closed": item.is_closed, "backlog_order": item.backlog_order, "sprint_order": item.sprint_order,
            "kanban_order": item.kanban_order, "client_requirement": item.client_requirement,
            "team_requirement": item.team_requirement, "external_reference": item.external_reference,
            "generated_from_issue": refs.get(item.generated_from_id) if item.generated_from_id else None,
            "generated_from_task": None, "from_task_ref": None, "tribe_gig": None,
        }  # fmt: skip
    if kind == "task":
        return due | {
            "milestone": sprint, "user_story": refs.get(item.parent_id) if item.parent_id else None,
            "finished_date": item.finish_date, "us_order": item.parent_order, "taskboard_order": item.board_order,
            "is_iocaine": item.is_iocaine, "external_reference": item.external_reference,
        }  # fmt: skip
    return due | {
        "milestone": sprint, "finished_date": item.finish_date, "external_reference": item.external_reference,
        "type": _name(names, ItemOption, item.type_id), "priority": _name(names, ItemOption, item.priority_id),
        "severity": _name(names, ItemOption, item.severity_id),
    }  # fmt: skip


def _attachment(ctx: Context, attachment: Attachment, emails: _Emails) -> dict[str, Any]:
    data = ctx.env.storage.open(attachment.file_key)
    return {
        "owner": emails(attachment.owner_id),
        "attached_file": {"data": base64.b64encode(data).decode("ascii"), "name": attachment.name},
        "created_date": attachment.created_date, "modified_date": attachment.modified_date,
        "description": attachment.description, "is_deprecated": attachment.is_deprecated, "name": attachment.name,
        "order": attachment.order, "sha1": attachment.sha1, "size": attachment.size,
    }  # fmt: skip


def _attachments(ctx: Context, target_type: str, ids: list[int]) -> dict[int, list[Attachment]]:
    return _by_item((a.target_id, a) for a in ctx.session.scalars(
        select(Attachment).where(Attachment.target_type == target_type, Attachment.target_id.in_(ids))
        .order_by(Attachment.order, Attachment.id)))  # fmt: skip


def _history(ctx: Context, kind: str, ids: list[int], labels: Labels,
             email: _Emails) -> dict[int, list[dict[str, Any]]]:  # fmt: skip
    """Each target's creation and change entries, oldest first, in the dump's shape."""
    entries = ctx.session.scalars(
        select(ChangeEntry).options(joinedload(ChangeEntry.comment))
        .where(ChangeEntry.target_type == kind, ChangeEntry.target_id.in_(ids),
               ChangeEntry.action.in_(("create", "change")))
        .order_by(ChangeEntry.created_at, ChangeEntry.id)
    ).all()  # fmt: skip
    email.load([e.user_id for e in entries] + [e.comment.deleted_by_id for e in entries if e.comment])
    pointed = {v for e in entries for key in ("parent_id", "generated_from_id")
               for v in (e.diff or {}).get(key) or [] if isinstance(v, int)}  # fmt: skip
    if pointed:
        labels.refs = dict(ctx.session.execute(select(WorkItem.id, WorkItem.ref).where(WorkItem.id.in_(pointed))).all())
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        diff, values = dumped_diff(kind, entry.diff or {}, labels)
        comment = entry.comment
        text = comment.text if comment else ""
        out[entry.target_id].append({
            "user": [email(entry.user_id), email.name(entry.user_id)] if entry.user_id else [],
            "diff": diff, "snapshot": entry.snapshot or None, "values": values, "comment": text,
            "comment_versions": (comment.versions or None) if comment else None, "created_at": entry.created_at,
            "edit_comment_date": comment.edited_at if comment else None,
            "delete_comment_date": comment.deleted_at if comment else None,
            "delete_comment_user": [email(comment.deleted_by_id), email.name(comment.deleted_by_id)]
            if comment and comment.deleted_by_id else [],
            "is_hidden": is_hidden(kind, entry.action, entry.diff or {}, text), "is_snapshot": False,
            "type": HISTORY_CREATE if entry.action == "create" else HISTORY_CHANGE,
        })  # fmt: skip
    return out


def _wiki_links(ctx: Context, project_id: int) -> list[dict[str, Any]]:
    links = ctx.session.scalars(select(WikiLink).where(WikiLink.project_id == project_id)
                                .order_by(WikiLink.order, WikiLink.id))  # fmt: skip
    return [{"title": link.title, "href": link.href, "order": link.order} for link in links]


def _wiki_pages(ctx: Context, project_id: int, emails: _Emails, names: Names) -> Iterator[dict[str, Any]]:
    last = 0
    while True:
        window = list(ctx.session.scalars(select(WikiPage).where(WikiPage.project_id == project_id,
                                          WikiPage.id > last).order_by(WikiPage.id).limit(WINDOW)))  # fmt: skip
        if not window:
            return
        ids = [page.id for page in window]
        watchers = _watchers(ctx, "wiki_page", ids, emails)
        history = _history(ctx, "wiki_page", ids, Labels(names, emails), emails)
        attachments = _attachments(ctx, "wiki_page", ids)
        emails.load([p.owner_id for p in window] + [p.last_modifier_id for p in window])
        for page in window:
            yield {
                "slug": page.slug, "owner": emails(page.owner_id), "last_modifier": emails(page.last_modifier_id),
                "created_date": page.created_date, "modified_date": page.modified_date, "content": page.content,
                "version": page.version, "watchers": watchers.get(page.id, []),
                "attachments": [_attachment(ctx, a, emails) for a in attachments.get(page.id, [])],
                "history": history.get(page.id, []),
            }  # fmt: skip
        last = window[-1].id
