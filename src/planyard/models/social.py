from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, utcnow


class Vote(Base):
    """A vote on an item; a vote on a project is a Taiga 'like' (fan)."""

    __tablename__ = "votes"
    __table_args__ = (
        UniqueConstraint("target_type", "target_id", "user_id"),
        Index("ix_votes_user", "user_id", "target_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Watch(Base):
    """A user watching an item or project. A project's row is also the user's notification policy there:
    `notify_level` 1 involved, 2 all, 3 none (kept, not watching), `live_notify_level`, `web_notify`."""

    __tablename__ = "watches"
    __table_args__ = (
        UniqueConstraint("target_type", "target_id", "user_id"),
        Index("ix_watches_user", "user_id", "target_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    notify_level: Mapped[int | None] = mapped_column(default=None)
    live_notify_level: Mapped[int | None] = mapped_column(default=None)
    web_notify: Mapped[bool | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
