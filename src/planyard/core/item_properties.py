"""The values of workspace-wide fields on items, checked by the field's type and written through the
items' custom values (so every API that shows an item's custom values shows them), and the users' votes on
an item's score and poll fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from planyard.core import custom_fields, history
from planyard.core.context import Context
from planyard.core.users import is_valid_email
from planyard.core.work_items.kinds import KINDS, ItemProfile
from planyard.core.work_items.service import get_item
from planyard.kit.errors import Forbidden, Invalid, NotFound
from planyard.models import CustomField, CustomFieldOption, CustomFieldVote, Project, User, WorkItem

VOTE_TARGET = "custom_field_vote"
VOTED = ("score", "poll")


def item(ctx: Context, item_id: int, permission: str = "view") -> tuple[WorkItem, ItemProfile]:
    """An item of any kind the actor may see (`permission`: the profile's permission to also need)."""
    row = ctx.session.get(WorkItem, item_id)
    kind = KINDS.get(row.kind) if row is not None else None
    if row is None or kind is None:
        raise NotFound(entity="card")
    found, _ = get_item(ctx, kind, item_id, None if permission == "view" else getattr(kind, permission))
    return found, kind


def _field(ctx: Context, work_item: WorkItem, field_id: int) -> CustomField:
    field = ctx.session.get(CustomField, field_id)
    workspace = ctx.session.scalar(select(Project.workspace_id).where(Project.id == work_item.project_id))
    if field is None or field.project_id is not None or field.workspace_id != workspace:
        raise NotFound(entity="custom_field")
    return field


def values_of(ctx: Context, item_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each item's custom values by field id (one query); an item without values has none here."""
    from planyard.models import CustomFieldValues

    stmt = select(CustomFieldValues).where(CustomFieldValues.work_item_id.in_(item_ids))
    return {row.work_item_id: dict(row.values) for row in ctx.session.scalars(stmt)}


def workspace_values(ctx: Context, item_ids: list[int]) -> tuple[dict[int, dict[str, Any]], dict[int, str]]:
    """Each item's custom values (by field id) and the types of the workspace fields among their keys
    (values of a project's own fields have no type here)."""
    values = values_of(ctx, item_ids)
    keys = {int(k) for shown in values.values() for k in shown if str(k).isdigit()}
    if not keys:
        return values, {}
    stmt = select(CustomField.id, CustomField.type).where(CustomField.id.in_(keys), CustomField.project_id.is_(None))
    return values, {field_id: field_type for field_id, field_type in ctx.session.execute(stmt)}


def set_values(ctx: Context, item_id: int, sent: dict[int, Any]) -> dict[str, Any]:
    """Set (null: clear) the item's values of these workspace fields, each checked by its field's type."""
    work_item, kind = item(ctx, item_id, "modify")
    checked: dict[str, Any] = {}
    for field_id, value in sent.items():
        field = _field(ctx, work_item, field_id)
        if field.type in VOTED:
            raise Invalid(code="computed", field=f"id_{field_id}")
        checked[str(field.id)] = None if value is None else _checked(ctx, field, value)
    current = custom_fields.get_values(ctx, kind, work_item.id)
    kept = {k: v for k, v in current.values.items() if k not in checked or checked[k] is not None}
    new = kept | {k: v for k, v in checked.items() if v is not None}
    return custom_fields.set_values(ctx, kind, work_item.id, new, None, replace=True).values


def _checked(ctx: Context, field: CustomField, value: Any) -> Any:
    where = f"id_{field.id}"
    kind = field.type
    if kind in ("text", "url", "phone", "email"):
        if not isinstance(value, str) or len(value) > 10_000 or (kind == "email" and not is_valid_email(value)):
            raise Invalid(code="invalid_value", field=where)
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value or abs(value) > 1e15:
            raise Invalid(code="invalid_value", field=where)
        return value
    if kind == "checkbox":
        if not isinstance(value, bool):
            raise Invalid(code="invalid_value", field=where)
        return value
    if kind == "date":
        return _date(value, where)
    if kind == "user":
        if isinstance(value, bool) or not isinstance(value, int) or ctx.session.get(User, value) is None:
            raise Invalid(code="invalid_value", field=where)
        return value
    return _options(ctx, field, value, where)


def _date(value: Any, where: str) -> Any:
    text = value.get("date") if isinstance(value, dict) else value
    try:
        dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        raise Invalid(code="invalid_value", field=where) from None
    return value if isinstance(value, dict) else {"date": str(text)[:10], "time": None, "tzOffset": None}


def _options(ctx: Context, field: CustomField, value: Any, where: str) -> list[int]:
    ids = value if isinstance(value, list) else [value]
    if not ids or len(ids) > 100 or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise Invalid(code="invalid_value", field=where)
    if field.type == "dropdown" and len(ids) > 1 and not field.extra.get("multi_select"):
        raise Invalid(code="invalid_value", field=where)
    found = set(ctx.session.scalars(select(CustomFieldOption.id).where(
        CustomFieldOption.custom_field_id == field.id, CustomFieldOption.id.in_(ids))))  # fmt: skip
    if found != set(ids):
        raise Invalid(code="invalid_value", field=where)
    return list(dict.fromkeys(ids))


def _voted_field(ctx: Context, work_item: WorkItem, field_id: int, kind: str) -> CustomField:
    field = _field(ctx, work_item, field_id)
    if field.type != kind:
        raise NotFound(entity="custom_field")
    return field


def votes(ctx: Context, item_id: int, field_id: int, kind: str) -> list[tuple[CustomFieldVote, User]]:
    work_item, _ = item(ctx, item_id)
    field = _voted_field(ctx, work_item, field_id, kind)
    stmt = (select(CustomFieldVote, User).join(User, User.id == CustomFieldVote.user_id)
            .where(CustomFieldVote.custom_field_id == field.id, CustomFieldVote.work_item_id == work_item.id)
            .order_by(CustomFieldVote.id))  # fmt: skip
    return [(vote, user) for vote, user in ctx.session.execute(stmt)]


VOTE_FIELDS = ("value", "number_vote", "emoji_vote")


def cast_vote(ctx: Context, item_id: int, field_id: int, kind: str, values: dict[str, Any]) -> CustomFieldVote:
    """The actor's vote on the item's field (one per user: voting again changes it)."""
    work_item, profile = item(ctx, item_id, "comment")
    field = _voted_field(ctx, work_item, field_id, kind)
    user = ctx.require_user()
    vote = ctx.session.scalar(select(CustomFieldVote).where(
        CustomFieldVote.custom_field_id == field.id, CustomFieldVote.work_item_id == work_item.id,
        CustomFieldVote.user_id == user.id))  # fmt: skip
    values = {k: v for k, v in values.items() if k in VOTE_FIELDS}
    if vote is None:
        vote = CustomFieldVote(custom_field_id=field.id, work_item_id=work_item.id, user_id=user.id, **values)
        ctx.session.add(vote)
    else:
        for name, value in values.items():
            setattr(vote, name, value)
    ctx.session.flush()
    history.record(ctx, target_type=profile.target_type, target_id=work_item.id, project_id=work_item.project_id,
                   action="change", diff={"votes": [None, {str(field.id): values}]})  # fmt: skip
    return vote


def change_vote(ctx: Context, item_id: int, field_id: int, kind: str, vote_id: int,
                changes: dict[str, Any]) -> CustomFieldVote:  # fmt: skip
    work_item, profile = item(ctx, item_id, "comment")
    field = _voted_field(ctx, work_item, field_id, kind)
    vote = _vote(ctx, work_item, field, vote_id)
    changes = {k: v for k, v in changes.items() if k in VOTE_FIELDS}
    before = {k: getattr(vote, k) for k in changes}
    for name, value in changes.items():
        setattr(vote, name, value)
    ctx.session.flush()
    if history.diff_of(before, changes):
        diff = {"votes": [{str(field.id): before}, {str(field.id): changes}]}
        history.record(ctx, target_type=profile.target_type, target_id=work_item.id, project_id=work_item.project_id,
                       action="change", diff=diff)  # fmt: skip
    return vote


def withdraw_vote(ctx: Context, item_id: int, field_id: int, kind: str, vote_id: int) -> CustomFieldVote:
    work_item, profile = item(ctx, item_id, "comment")
    field = _voted_field(ctx, work_item, field_id, kind)
    vote = _vote(ctx, work_item, field, vote_id)
    history.record(ctx, target_type=profile.target_type, target_id=work_item.id, project_id=work_item.project_id,
                   action="change", diff={"votes": [{str(field.id): vote.id}, None]})  # fmt: skip
    ctx.session.delete(vote)
    ctx.session.flush()
    return vote


def _vote(ctx: Context, work_item: WorkItem, field: CustomField, vote_id: int) -> CustomFieldVote:
    vote = ctx.session.get(CustomFieldVote, vote_id)
    if vote is None or vote.custom_field_id != field.id or vote.work_item_id != work_item.id:
        raise NotFound(entity="custom_field_vote")
    if vote.user_id != ctx.actor_id:
        raise Forbidden()
    return vote
