from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, utcnow


class Attachment(Base):
    """A file on an item (Taiga attachment, Kaiten card file, HacknPlan attachment)."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int]
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(default=0)
    file_key: Mapped[str] = mapped_column(String(500))
    sha1: Mapped[str] = mapped_column(String(40), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    is_deprecated: Mapped[bool] = mapped_column(default=False)
    from_comment: Mapped[bool] = mapped_column(default=False)
    is_cover: Mapped[bool] = mapped_column(default=False)  # Kaiten card_cover, HacknPlan isCardPicture
    order: Mapped[int] = mapped_column(default=0)
    created_date: Mapped[datetime] = mapped_column(default=utcnow)
    modified_date: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
