"""The durable delivery engine. Every write leaves an outbox row in its own transaction
(core/history.py); the engine, in threads of `planyard serve` or of `planyard worker`:

1. fans new outbox events out, in outbox order, into one delivery per matching enabled webhook,
   rendered in the webhook's format, and marks the events handed out (`outbox_events.delivered_at`),
   one process at a time (a transaction-scoped advisory lock on PostgreSQL; SQLite's writers take turns);
2. claims the oldest due delivery that heads its webhook's queue (kit/queue_claims.py: one UPDATE, `FOR
   UPDATE SKIP LOCKED` on PostgreSQL, so several processes never claim the same one), leased for
   longer than an attempt can last;
3. sends it outside any transaction, then logs the attempt and settles the delivery: retried with
   exponential backoff after a network error or a 5xx while attempts are left, else removed (the
   webhook's logs keep what happened).

A process killed at any point loses nothing: an unfanned event stays in the outbox, a claimed delivery is
claimed again when its lease ends. A webhook's deliveries go out one at a time, in order."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import selectinload

from planyard.core.background import PollingWorker
from planyard.core.context import Context
from planyard.core.webhooks import formats, sending
from planyard.db.base import utcnow
from planyard.kit.queue_claims import claim_head
from planyard.models import ChangeEntry, OutboxEvent, Webhook, WebhookDelivery

logger = logging.getLogger(__name__)

_work_arrived = threading.Event()  # set after a commit that wrote to the outbox (in this process)

FAN_OUT_BATCH = 200
FAN_OUT_LOCK = 0x706C7977  # the advisory lock of the fan-out on PostgreSQL ("plyw")


def nudge(ctx: Context) -> None:
    """Wake this process's delivering threads once the caller's write commits (other processes find it
    at their next poll)."""
    if not ctx.session.info.get("webhooks_nudged"):
        ctx.session.info["webhooks_nudged"] = True
        ctx.uow.after_commit(_work_arrived.set)


def has_work(ctx: Context) -> bool:
    """Whether an event waits to be handed out or a delivery is due: read-only, so an idle engine never
    takes SQLite's write lock."""
    now = utcnow()
    new_event = select(OutboxEvent.id).where(OutboxEvent.delivered_at.is_(None)).limit(1)
    due = select(WebhookDelivery.id).where(_due(WebhookDelivery, now)).limit(1)
    return ctx.session.scalar(new_event) is not None or ctx.session.scalar(due) is not None


def _due(delivery: Any, now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(delivery.status == "pending", delivery.next_attempt_at <= now),
        and_(delivery.status == "sending", delivery.lease_until < now),  # its worker died: claimed again
    )


def fan_out(ctx: Context) -> int:
    """Hand the next batch of outbox events out to the webhooks; the number of events handed out."""
    session = ctx.session
    if session.get_bind().dialect.name == "postgresql" and not session.scalar(
        select(func.pg_try_advisory_xact_lock(FAN_OUT_LOCK))
    ):
        return 0  # another process is fanning out; it keeps the order
    events = session.execute(
        select(OutboxEvent.id, OutboxEvent.change_id, OutboxEvent.topic)
        .where(OutboxEvent.delivered_at.is_(None))
        .order_by(OutboxEvent.id)
        .limit(FAN_OUT_BATCH)
    ).all()
    if not events:
        return 0
    entries = {e.id: e for e in session.scalars(
        select(ChangeEntry).where(ChangeEntry.id.in_({ev.change_id for ev in events}))
        .options(selectinload(ChangeEntry.comment)))}  # fmt: skip
    project_ids = {e.project_id for e in entries.values() if e.project_id is not None}
    hooks = session.scalars(
        select(Webhook).where(Webhook.project_id.in_(project_ids), Webhook.is_enabled).order_by(Webhook.id)
    ).all()
    payloads = _render(ctx, hooks, list(entries.values()))
    for event in events:
        entry = entries.get(event.change_id)
        if entry is None:
            continue
        for hook in hooks:
            rendered = payloads.get(hook.format, {}).get(event.change_id)
            if hook.project_id != entry.project_id or rendered is None or entry.created_at < hook.created_at:
                continue
            wants = formats.get(hook.format).wants  # type: ignore[union-attr]  # rendered: the format is known
            for payload in rendered if isinstance(rendered, list) else [rendered]:
                if wants(hook.events or [], event.topic, payload):
                    session.add(WebhookDelivery(webhook_id=hook.id, change_id=entry.id, payload=payload,
                                                next_attempt_at=utcnow()))  # fmt: skip
    session.execute(
        update(OutboxEvent).where(OutboxEvent.id.in_([ev.id for ev in events])).values(delivered_at=utcnow())
    )
    return len(events)


def _render(ctx: Context, hooks: Sequence[Webhook], entries: list[ChangeEntry]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in {h.format for h in hooks}:
        payload_format = formats.get(name)
        if payload_format is None:
            logger.error("webhooks in format %r, which no dialect registered: their events are not sent", name)
            continue
        wanted = [e for e in entries if any(h.format == name and h.project_id == e.project_id for h in hooks)]
        out[name] = payload_format.render(ctx, wanted)
    return out


@dataclass(frozen=True)
class Claim:
    delivery_id: int
    attempt: int
    change_id: int | None
    payload: dict[str, Any]
    target: sending.Target


def claim(ctx: Context) -> Claim | None:
    """The oldest due delivery heading its webhook's queue, now leased to this worker."""
    settings = ctx.env.settings
    now = utcnow()
    enabled = select(Webhook.id).where(Webhook.is_enabled)
    lease = timedelta(seconds=max(settings.webhook_lease_seconds, sending.longest_attempt(settings) + 1))
    row = claim_head(
        ctx.session, WebhookDelivery,
        same_queue=lambda earlier, later: earlier.webhook_id == later.webhook_id,
        is_open=lambda d: d.status.in_(("pending", "sending")),
        is_due=lambda d: and_(_due(d, now), d.webhook_id.in_(enabled)),
        values={"status": "sending", "lease_until": now + lease, "attempts": WebhookDelivery.attempts + 1},
        returning=(WebhookDelivery.id, WebhookDelivery.attempts, WebhookDelivery.change_id, WebhookDelivery.payload,
                   WebhookDelivery.webhook_id),
    )  # fmt: skip
    if row is None:
        return None
    hook = ctx.session.get_one(Webhook, row.webhook_id)
    return Claim(row.id, row.attempts, row.change_id, row.payload, sending.Target.of(hook))


def settle(ctx: Context, claimed: Claim, attempt: sending.Attempt) -> None:
    """Log the attempt and decide what becomes of the delivery (unless another worker took it over)."""
    settings = ctx.env.settings
    sending.log(ctx, attempt, claimed.target.webhook_id, claimed.change_id)
    delivery = ctx.session.get(WebhookDelivery, claimed.delivery_id)
    if delivery is None or delivery.status != "sending" or delivery.attempts != claimed.attempt:
        return
    if attempt.worth_retrying and delivery.attempts < settings.webhook_max_attempts:
        delay = settings.webhook_backoff_seconds * 2 ** (delivery.attempts - 1)
        delivery.status, delivery.lease_until = "pending", None
        delivery.next_attempt_at = utcnow() + timedelta(seconds=min(delay, settings.webhook_max_backoff_seconds))
    else:  # delivered, refused for good, or out of attempts: the logs tell the rest
        ctx.session.delete(delivery)


class DeliveryEngine(PollingWorker):
    """Runs the engine: `run_until_idle()` once, or `start()` threads that keep at it until `stop()`."""

    name = "webhooks"

    def poll_seconds(self) -> float:
        return self.env.settings.webhook_poll_seconds

    def wake_up(self) -> threading.Event:
        return _work_arrived

    def step(self) -> int:
        """Fan out what is new, then send due deliveries until none is left; how much was done."""
        if not self._reading(has_work):
            return 0
        done = 0
        while handed := self._in_unit_of_work(fan_out):
            done += handed
        while not self._stopping.is_set() and (claimed := self._in_unit_of_work(claim)) is not None:
            attempt = sending.send(self.env.settings, claimed.target, claimed.payload)
            self._in_unit_of_work(lambda ctx, c=claimed, a=attempt: settle(ctx, c, a))  # type: ignore[misc]
            done += 1
        return done

    def start(self, threads: int | None = None) -> None:
        super().start(threads or self.env.settings.webhook_threads)
