from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planyard.db.base import Base, utcnow
from planyard.models.comment import Comment


class ChangeEntry(Base):
    """One recorded write: history, timelines, webhooks and live events all read from here."""

    __tablename__ = "change_entries"
    __table_args__ = (
        Index("ix_change_entries_target", "target_type", "target_id", "version"),
        Index("ix_change_entries_project_created", "project_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int | None] = mapped_column(index=False)
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int]
    version: Mapped[int | None] = mapped_column(default=None)
    action: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    diff: Mapped[dict[str, Any]] = mapped_column(default=dict)
    snapshot: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The comment this entry carried, if any (models/comment.py); loaded with the entries that show it.
    comment: Mapped[Comment | None] = relationship(back_populates="change", lazy="raise")


class OutboxEvent(Base):
    """A side effect owed to the outside (webhook, live event), written with its change."""

    __tablename__ = "outbox_events"
    __table_args__ = (Index("ix_outbox_pending", "delivered_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("change_entries.id", ondelete="CASCADE"))
    change: Mapped[ChangeEntry] = relationship()
    topic: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)
