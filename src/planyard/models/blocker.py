from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, utcnow


class Blocker(Base):
    """Why an item is blocked, from when until when it was released (Kaiten blocker). Taiga's
    `work_items.is_blocked` / `blocked_note` are kept in step (core/work_items/blockers.py)."""

    __tablename__ = "blockers"
    __table_args__ = (Index("ix_blockers_item_open", "work_item_id", "released_at"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"))
    blocking_item_id: Mapped[int | None] = mapped_column(ForeignKey("work_items.id", ondelete="SET NULL"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    blocker_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(default=None)
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class BlockerCategory(Base):
    """A named kind of blocker a workspace uses (Kaiten blocker categories)."""

    __tablename__ = "blocker_categories"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    color: Mapped[str] = mapped_column(String(20), default="#999999")


class BlockerCategoryLink(Base):
    """A category a blocker is filed under."""

    __tablename__ = "blocker_category_links"

    blocker_id: Mapped[int] = mapped_column(ForeignKey("blockers.id", ondelete="CASCADE"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("blocker_categories.id", ondelete="CASCADE"),
                                             primary_key=True, index=True)  # fmt: skip


class BlockerUser(Base):
    """A user a blocker waits for (Kaiten blocker users)."""

    __tablename__ = "blocker_users"

    blocker_id: Mapped[int] = mapped_column(ForeignKey("blockers.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
