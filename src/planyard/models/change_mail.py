"""Change mail owed to a user: one row per (recorded change, recipient), written with the change
(core/change_mails). The rows of one recipient, item, author and action make one mail once no new row
has joined them for a while (the batch); the sender claims a batch by its oldest row (`status`
`sending` until `lease_until`) and removes the batch's rows once it is mailed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planyard.db.base import Base, utcnow
from planyard.models.change_log import ChangeEntry


class PendingChangeMail(Base):
    __tablename__ = "pending_change_mails"
    __table_args__ = (
        Index("ix_pending_change_mails_batch", "recipient_id", "target_type", "target_id", "author_id", "action", "id"),
        Index("ix_pending_change_mails_due", "status", "created_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("change_entries.id", ondelete="CASCADE"))
    change: Mapped[ChangeEntry] = relationship(lazy="raise")
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
