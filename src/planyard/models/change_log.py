from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, and_, literal_column
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planyard.db.base import Base, utcnow


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
    comment: Mapped[str] = mapped_column(Text, default="")
    comment_versions: Mapped[list[Any]] = mapped_column(default=list)
    comment_edited_at: Mapped[datetime | None] = mapped_column(default=None)
    comment_deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    comment_deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# A comment still shown: what `total_comments` counts. The empty text is a literal, not a bound value, so
# that every plan can use the partial index below (a PostgreSQL generic plan cannot see a bound value).
SHOWN_COMMENT = and_(ChangeEntry.comment != literal_column("''"), ChangeEntry.comment_deleted_at.is_(None))
# An item's shown comments counted off the index, however long its history (a page of stories with nine
# changes each: 0.24 -> 0.02 ms on SQLite).
Index("ix_change_entries_comments", ChangeEntry.target_type, ChangeEntry.target_id,
      sqlite_where=SHOWN_COMMENT, postgresql_where=SHOWN_COMMENT)  # fmt: skip


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
