"""The query filters and orderings shared by every kind of work item, by their core names (each dialect
maps its own grammar onto them: Taiga's in dialects/taiga/filter_names.py). `<name>_excluded` is the
negation of `<name>`. Kinds add their own through `extra`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, not_, or_, select

from planyard.kit.filters import Filter, FilterSet, ValueType
from planyard.models import ItemTag, Membership, Status, Tag, Watch, WorkItem, WorkItemAssignee, WorkItemLink


def column_in(column: Any) -> Callable[[list[int | None]], ColumnElement[bool]]:
    """The column holds one of the values (None: is empty). Never NULL itself, so that its negation keeps
    the rows whose column is empty (Taiga's exclude filters keep them)."""

    def build(values: list[int | None]) -> ColumnElement[bool]:
        ids = [v for v in values if v is not None]
        clauses = [and_(column.is_not(None), column.in_(ids))] if ids else []
        if None in values:
            clauses.append(column.is_(None))
        return or_(*clauses) if clauses else false()

    return build


def excluding(build: Callable[[Any], ColumnElement[bool]]) -> Callable[[Any], ColumnElement[bool]]:
    return lambda value: not_(build(value))


def _status_flag(flag: str) -> Callable[[bool], ColumnElement[bool]]:
    return lambda value: WorkItem.status_id.in_(select(Status.id).where(getattr(Status, flag).is_(value)))


def _watched_by(users: list[int | None]) -> ColumnElement[bool]:
    return exists().where(Watch.target_type == WorkItem.kind, Watch.target_id == WorkItem.id,
                          Watch.user_id.in_([u for u in users if u is not None]))  # fmt: skip


def _assigned_users(users: list[int | None]) -> ColumnElement[bool]:
    """One of the users is among the assignees or the assignee; None: nobody is assigned at all."""
    ids: list[int | None] = [u for u in users if u is not None]
    assignees = exists().where(WorkItemAssignee.work_item_id == WorkItem.id)
    clauses = [assignees.where(WorkItemAssignee.user_id.in_(ids)), column_in(WorkItem.assigned_to_id)(ids)]
    if None in users:
        clauses.append(and_(~assignees, WorkItem.assigned_to_id.is_(None)))
    return or_(*clauses)


def by_role(match: Callable[[Select[Any]], ColumnElement[bool]], exclude: bool = False
            ) -> Callable[[list[int | None]], ColumnElement[bool]]:  # fmt: skip
    """Items whose people (`match` of the users holding the roles) do, or with `exclude` do not, hold one
    of the roles. Taiga's rule: when no member holds them (None is no role), the filter is not applied."""

    def build(role_ids: list[int | None]) -> ColumnElement[bool]:
        users = select(Membership.user_id).where(
            Membership.role_id.in_([r for r in role_ids if r is not None]), Membership.user_id.is_not(None)
        )
        clause = match(users)
        return or_(~users.exists(), not_(clause) if exclude else clause)

    return build


def _tagged(names: list[str]) -> ColumnElement[bool]:
    """The item carries one of the tags (by name): its links, joined to the tags they name."""
    return exists().where(ItemTag.work_item_id == WorkItem.id, Tag.id == ItemTag.tag_id, Tag.name.in_(names))


def _text(query: str) -> ColumnElement[bool]:
    query = query.strip().lstrip("#") or query  # "#9" is ref 9 (Taiga's search ignores the #)
    clauses: list[ColumnElement[bool]] = [WorkItem.subject.icontains(query, autoescape=True)]
    if query.strip().isdigit():
        clauses.append(WorkItem.ref == int(query))
    return or_(*clauses)


def _in_epic(epic_ids: list[int | None]) -> ColumnElement[bool]:
    ids = [e for e in epic_ids if e is not None]
    linked = exists().where(WorkItemLink.kind == "epic_story", WorkItemLink.to_id == WorkItem.id)
    clauses: list[ColumnElement[bool]] = [exists().where(
        WorkItemLink.kind == "epic_story", WorkItemLink.to_id == WorkItem.id, WorkItemLink.from_id.in_(ids))
    ] if ids else []  # fmt: skip
    if None in epic_ids:
        clauses.append(not_(linked))
    return or_(*clauses) if clauses else false()


COMMON: dict[str, Filter] = {
    "project": Filter(ValueType.INT, lambda v: WorkItem.project_id == v),
    "ref": Filter(ValueType.INT, lambda v: WorkItem.ref == v),
    "status": Filter(ValueType.IDS, column_in(WorkItem.status_id)),
    "status_excluded": Filter(ValueType.IDS, excluding(column_in(WorkItem.status_id))),
    "assignee": Filter(ValueType.IDS, column_in(WorkItem.assigned_to_id)),
    "assignee_excluded": Filter(ValueType.IDS, excluding(column_in(WorkItem.assigned_to_id))),
    "any_assignee": Filter(ValueType.IDS, _assigned_users),
    "any_assignee_excluded": Filter(ValueType.IDS, excluding(_assigned_users)),
    "owner": Filter(ValueType.IDS, column_in(WorkItem.owner_id)),
    "owner_excluded": Filter(ValueType.IDS, excluding(column_in(WorkItem.owner_id))),
    "sprint": Filter(ValueType.IDS, column_in(WorkItem.sprint_id)),
    "sprint_none": Filter(
        ValueType.BOOL, lambda v: WorkItem.sprint_id.is_(None) if v else WorkItem.sprint_id.isnot(None)
    ),
    "tags": Filter(ValueType.WORDS, _tagged),
    "tags_excluded": Filter(ValueType.WORDS, excluding(_tagged)),
    "watcher": Filter(ValueType.IDS, _watched_by),
    "is_closed": Filter(ValueType.BOOL, lambda v: WorkItem.is_closed.is_(v)),
    "status_closed": Filter(ValueType.BOOL, _status_flag("is_closed")),
    "status_archived": Filter(ValueType.BOOL, _status_flag("is_archived")),
    "is_blocked": Filter(ValueType.BOOL, lambda v: WorkItem.is_blocked.is_(v)),
    "text": Filter(ValueType.TEXT, _text),
    "epic": Filter(ValueType.IDS, _in_epic),
    "epic_excluded": Filter(ValueType.IDS, excluding(_in_epic)),
}

ORDERINGS: dict[str, Callable[[], list[Any]]] = {
    "ref": lambda: [WorkItem.ref],
    "subject": lambda: [WorkItem.subject, WorkItem.id],
    "created_date": lambda: [WorkItem.created_date, WorkItem.id],
    "modified_date": lambda: [WorkItem.modified_date, WorkItem.id],
    "finish_date": lambda: [WorkItem.finish_date, WorkItem.id],
    "status": lambda: [WorkItem.status_id, WorkItem.id],
    "assignee": lambda: [WorkItem.assigned_to_id, WorkItem.id],
    "owner": lambda: [WorkItem.owner_id, WorkItem.id],
    "backlog_order": lambda: [WorkItem.backlog_order, WorkItem.id],
    "sprint_order": lambda: [WorkItem.sprint_order, WorkItem.id],
    "kanban_order": lambda: [WorkItem.kanban_order, WorkItem.id],
    "parent_order": lambda: [WorkItem.parent_order, WorkItem.id],
    "board_order": lambda: [WorkItem.board_order, WorkItem.id],
    "epics_order": lambda: [WorkItem.epics_order, WorkItem.id],
    "is_blocked": lambda: [WorkItem.is_blocked, WorkItem.id],
    "due_date": lambda: [WorkItem.due_date, WorkItem.id],
}


def item_filters(extra: dict[str, Filter] | None = None, orderings: dict[str, Any] | None = None) -> FilterSet:
    return FilterSet(filters=COMMON | (extra or {}), orderings=ORDERINGS | (orderings or {}))
