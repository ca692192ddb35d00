"""Webhooks: a project's HTTP receivers, the queue of deliveries owed to each, and the log of attempts.
The delivery engine (core/webhooks) fans each outbox event out into one delivery per matching webhook,
rendered in the webhook's `format` (the API whose payload it gets), and sends each webhook's queue in order."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, utcnow


class Webhook(Base):
    __tablename__ = "webhooks"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(250))
    url: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text, default="")
    format: Mapped[str] = mapped_column(String(16))  # the payload format: a registered API name ("taiga", ...)
    events: Mapped[list[Any]] = mapped_column(default=list)  # topics ("story.create", ...); empty: every event
    headers: Mapped[dict[str, Any]] = mapped_column(default=dict)  # extra request headers
    is_enabled: Mapped[bool] = mapped_column(default=True)
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookDelivery(Base):
    """One payload owed to one webhook: `pending` (due at `next_attempt_at`) or `sending` (claimed by a
    worker until `lease_until`); removed once settled (the webhook's logs keep each attempt). A webhook's
    deliveries go out one at a time, in id order."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_queue", "webhook_id", "status", "id"),
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    change_id: Mapped[int | None] = mapped_column(ForeignKey("change_entries.id", ondelete="SET NULL"))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookLog(Base):
    """One attempt: what was sent (`request`: headers, data) and what came back (`response`: headers,
    data as text; status 0 when no answer came)."""

    __tablename__ = "webhook_logs"
    __table_args__ = (Index("ix_webhook_logs_webhook", "webhook_id", "id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    change_id: Mapped[int | None] = mapped_column(ForeignKey("change_entries.id", ondelete="SET NULL"))
    url: Mapped[str] = mapped_column(Text)
    status: Mapped[int] = mapped_column(default=0)
    request: Mapped[dict[str, Any]] = mapped_column(default=dict)
    response: Mapped[dict[str, Any]] = mapped_column(default=dict)
    duration: Mapped[float] = mapped_column(Float, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
