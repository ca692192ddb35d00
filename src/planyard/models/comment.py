from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, String, Text, and_, literal_column
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planyard.db.base import Base, utcnow

if TYPE_CHECKING:
    from planyard.models.change_log import ChangeEntry


class Comment(Base):
    """A comment on an item, with its own id. `change_id` is the history entry that carried it: Taiga
    addresses a comment by that entry's id (edit, delete, undelete, versions)."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_target", "target_type", "target_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int]
    change_id: Mapped[int] = mapped_column(ForeignKey("change_entries.id", ondelete="CASCADE"), unique=True)
    change: Mapped[ChangeEntry] = relationship(back_populates="comment", lazy="raise")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    versions: Mapped[list[Any]] = mapped_column(default=list)  # earlier texts: [{date, comment, user: {id}}]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(default=None)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


# A comment still shown: what `total_comments` counts. The empty text is a literal, not a bound value, so
# that every plan can use the partial index below (a PostgreSQL generic plan cannot see a bound value).
SHOWN_COMMENT = and_(Comment.text != literal_column("''"), Comment.deleted_at.is_(None))
# An item's shown comments counted off the index, however many comments it ever had.
Index("ix_comments_shown", Comment.target_type, Comment.target_id,
      sqlite_where=SHOWN_COMMENT, postgresql_where=SHOWN_COMMENT)  # fmt: skip
