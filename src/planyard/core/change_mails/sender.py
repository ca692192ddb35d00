"""Sending change mail (queue.py fills the queue): one mail per batch, a batch being the pending rows of
one recipient, item, author and action (Taiga's HistoryChangeNotification: key, owner, history type),
sent once none has joined it for `change_mail_interval_seconds`. A sender claims a batch by its oldest
row (kit/queue_claims.py: never two senders for one batch, on PostgreSQL `FOR UPDATE SKIP LOCKED`),
mails it outside any transaction, then removes the batch's rows. A sender that dies leaves its claim to
expire and the batch is mailed again; a mail the server refuses is logged and dropped (Taiga's)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, or_, select
from sqlalchemy.orm import aliased, selectinload

from planyard.core.background import PollingWorker
from planyard.core.change_mails import wording
from planyard.core.context import Context
from planyard.db.base import utcnow
from planyard.kit.queue_claims import claim_head
from planyard.models import ChangeEntry, PendingChangeMail, Project, User, WorkItem

logger = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)  # longer than one mail can take (SMTP's timeout is 10 s)
OPEN = ("pending", "sending")
_nudged = threading.Event()  # `stop()` wakes the sleeping threads with it


@dataclass(frozen=True)
class Batch:
    head_id: int
    attempt: int
    row_ids: list[int]
    mail: wording.Mail | None  # None: nobody to mail any more (recipient gone inactive, item gone)


def _same_batch(one: Any, other: Any) -> ColumnElement[bool]:
    return and_(
        one.recipient_id == other.recipient_id, one.target_type == other.target_type,
        one.target_id == other.target_id, one.author_id == other.author_id, one.action == other.action,
    )  # fmt: skip


def _due(row: Any, now: datetime, quiet_since: datetime) -> ColumnElement[bool]:
    newer = aliased(PendingChangeMail)
    joined_lately = select(newer.id).where(_same_batch(newer, row), newer.created_at > quiet_since).exists()
    return or_(
        and_(row.status == "pending", ~joined_lately),
        and_(row.status == "sending", row.lease_until < now),  # its sender died: claimed again
    )


def has_due(ctx: Context) -> bool:
    """Whether a batch may be due (read-only: an idle sender never takes SQLite's write lock)."""
    now = utcnow()
    quiet_since = now - timedelta(seconds=ctx.env.settings.change_mail_interval_seconds)
    pending = select(PendingChangeMail.id).where(
        or_(and_(PendingChangeMail.status == "pending", PendingChangeMail.created_at <= quiet_since),
            and_(PendingChangeMail.status == "sending", PendingChangeMail.lease_until < now))
    ).limit(1)  # fmt: skip
    return ctx.session.scalar(pending) is not None


def claim(ctx: Context) -> Batch | None:
    """The oldest due batch, now leased to this sender, with the mail it makes."""
    now = utcnow()
    quiet_since = now - timedelta(seconds=ctx.env.settings.change_mail_interval_seconds)
    row = claim_head(
        ctx.session, PendingChangeMail,
        same_queue=_same_batch,
        is_open=lambda m: m.status.in_(OPEN),
        is_due=lambda m: _due(m, now, quiet_since),
        values={"status": "sending", "lease_until": now + LEASE, "attempts": PendingChangeMail.attempts + 1},
        returning=(PendingChangeMail.id, PendingChangeMail.attempts),
    )  # fmt: skip
    if row is None:
        return None
    head = ctx.session.get_one(PendingChangeMail, row.id)
    rows = ctx.session.execute(
        select(PendingChangeMail.id, PendingChangeMail.change_id)
        .where(_same_batch(PendingChangeMail, head), PendingChangeMail.id >= head.id)
        .order_by(PendingChangeMail.id)
    ).all()  # fmt: skip
    return Batch(row.id, row.attempts, [r.id for r in rows], _compose(ctx, head, [r.change_id for r in rows]))


def _compose(ctx: Context, head: PendingChangeMail, change_ids: list[int]) -> wording.Mail | None:
    recipient = ctx.session.get(User, head.recipient_id)
    if recipient is None or not recipient.is_active or not recipient.email:
        return None
    entries = list(ctx.session.scalars(
        select(ChangeEntry).where(ChangeEntry.id.in_(change_ids)).options(selectinload(ChangeEntry.comment))
        .order_by(ChangeEntry.id)))  # fmt: skip
    project = ctx.session.get(Project, head.project_id)
    if not entries or project is None:
        return None
    item = ctx.session.get(WorkItem, head.target_id)
    names = (item.ref, item.subject) if item is not None else _last_names(ctx, head.target_type, head.target_id)
    return wording.compose(ctx, recipient, project, head.target_type, head.action, names, entries)


def _last_names(ctx: Context, target_type: str, target_id: int) -> tuple[Any, str]:
    """A deleted item's ref and subject, from the snapshot its deletion recorded."""
    snapshot = ctx.session.scalar(
        select(ChangeEntry.snapshot)
        .where(ChangeEntry.target_type == target_type, ChangeEntry.target_id == target_id,
               ChangeEntry.action == "delete")
        .order_by(ChangeEntry.id.desc()).limit(1)
    )  # fmt: skip
    return (snapshot or {}).get("ref"), (snapshot or {}).get("subject", "")


def settle(ctx: Context, batch: Batch) -> None:
    """Remove the batch's rows (unless its claim expired and another sender took it over)."""
    head = ctx.session.get(PendingChangeMail, batch.head_id)
    if head is None or head.status != "sending" or head.attempts != batch.attempt:
        return
    ctx.session.execute(delete(PendingChangeMail).where(PendingChangeMail.id.in_(batch.row_ids)))


class ChangeMailSender(PollingWorker):
    """Sends due batches: `run_until_idle()` once, or `start()` a thread until `stop()`."""

    name = "change-mail"

    def poll_seconds(self) -> float:
        return self.env.settings.change_mail_poll_seconds

    def wake_up(self) -> threading.Event:
        return _nudged

    def step(self) -> int:
        if not self._reading(has_due):
            return 0
        sent = 0
        while not self._stopping.is_set() and (batch := self._in_unit_of_work(claim)) is not None:
            if batch.mail is not None:
                try:
                    self.env.mailer.send(batch.mail.to, batch.mail.subject, batch.mail.body)
                except Exception:  # refused, unreachable, ...: logged and dropped, as Taiga does
                    logger.exception("change mail to %s failed", batch.mail.to)
            self._in_unit_of_work(lambda ctx, b=batch: settle(ctx, b))  # type: ignore[misc]
            sent += 1
        return sent
