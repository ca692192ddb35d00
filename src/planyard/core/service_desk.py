"""Service desk: a workspace's services, the outside email addresses that get an item's service-desk mail,
and the time an item spent under its SLAs' rules (each rule: the statuses whose time counts, measured from
the change log)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from planyard.core import history
from planyard.core.context import Context
from planyard.core.item_properties import item
from planyard.core.users import is_valid_email
from planyard.db.base import utcnow
from planyard.kit.errors import Invalid, NotFound
from planyard.models import ChangeEntry, ItemExternalRecipient, ItemSla, ServiceDeskService, Sla, User, WorkItem

RECIPIENTS = "external_recipients"


def list_services(ctx: Context, workspace_id: int) -> list[ServiceDeskService]:
    ctx.require_user()
    stmt = select(ServiceDeskService).where(ServiceDeskService.workspace_id == workspace_id)
    return list(ctx.session.scalars(stmt.order_by(ServiceDeskService.id)))


@dataclass(frozen=True)
class Recipient:
    row: ItemExternalRecipient
    user_id: int | None  # the account with that email, if any


def _recipient(ctx: Context, row: ItemExternalRecipient) -> Recipient:
    user_id = ctx.session.scalar(select(User.id).where(User.email == row.email))
    return Recipient(row, user_id)


def add_recipient(ctx: Context, item_id: int, email: str) -> Recipient:
    """Add an address to the item's recipients (already there: unchanged)."""
    work_item, kind = item(ctx, item_id, "modify")
    if not is_valid_email(email):
        raise Invalid(code="invalid_email", field="email")
    row = ctx.session.get(ItemExternalRecipient, (work_item.id, email))
    if row is None:
        row = ItemExternalRecipient(work_item_id=work_item.id, email=email)
        ctx.session.add(row)
        ctx.session.flush()
        history.record(ctx, target_type=kind.target_type, target_id=work_item.id, project_id=work_item.project_id,
                       action="change", diff={RECIPIENTS: [None, email]})  # fmt: skip
    return _recipient(ctx, row)


def remove_recipient(ctx: Context, item_id: int, email: str) -> Recipient:
    work_item, kind = item(ctx, item_id, "modify")
    row = ctx.session.get(ItemExternalRecipient, (work_item.id, email))
    if row is None:
        raise NotFound(entity="recipient")
    gone = _recipient(ctx, row)
    history.record(ctx, target_type=kind.target_type, target_id=work_item.id, project_id=work_item.project_id,
                   action="change", diff={RECIPIENTS: [email, None]})  # fmt: skip
    ctx.session.delete(row)
    ctx.session.flush()
    return gone


def recipients(ctx: Context, item_ids: list[int]) -> dict[int, list[str]]:
    stmt = select(ItemExternalRecipient).where(ItemExternalRecipient.work_item_id.in_(item_ids))
    found: dict[int, list[str]] = {i: [] for i in item_ids}
    for row in ctx.session.scalars(stmt.order_by(ItemExternalRecipient.created_at)):
        found[row.work_item_id].append(row.email)
    return found


@dataclass(frozen=True)
class RuleTime:
    sla: Sla
    rule: dict[str, Any]
    seconds: int  # time spent in the rule's statuses
    started: bool  # ever in one of them
    completed: bool  # was in one and has left them


def measurements(ctx: Context, item_id: int) -> list[RuleTime]:
    """For each rule of each SLA on the item: the time it spent in the rule's statuses (`status_ids`)."""
    work_item, kind = item(ctx, item_id)
    slas = ctx.session.scalars(select(Sla).join(ItemSla, ItemSla.sla_id == Sla.id)
                               .where(ItemSla.work_item_id == work_item.id).order_by(Sla.id)).all()  # fmt: skip
    if not slas:
        return []
    spans = _status_spans(ctx, work_item, kind.target_type)
    now = utcnow()
    times = []
    for sla in slas:
        for rule in sla.rules:
            statuses = set(rule.get("status_ids") or [])
            inside = [(start, end) for status, start, end in spans if status in statuses]
            seconds = int(sum(((end or now) - start).total_seconds() for start, end in inside))
            completed = bool(inside) and spans[-1][0] not in statuses
            times.append(RuleTime(sla, rule, seconds, bool(inside), completed))
    return times


def _status_spans(
    ctx: Context, work_item: WorkItem, target_type: str
) -> list[tuple[int | None, datetime, datetime | None]]:
    """(status, from, until) of each stay, oldest first; the last stay lasts until now (None)."""
    entries = ctx.session.execute(
        select(ChangeEntry.created_at, ChangeEntry.diff)
        .where(ChangeEntry.target_type == target_type, ChangeEntry.target_id == work_item.id)
        .order_by(ChangeEntry.id)
    ).all()
    moves = [(at, diff["status_id"]) for at, diff in entries if isinstance(diff.get("status_id"), list)]
    first = moves[0][1][0] if moves else work_item.status_id
    stays: list[tuple[int | None, datetime]] = [(first, work_item.created_date)]
    stays += [(change[1], at) for at, change in moves]
    return [(status, start, stays[n + 1][1] if n + 1 < len(stays) else None) for n, (status, start) in enumerate(stays)]
