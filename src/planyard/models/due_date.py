from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base


class DueDateLevel(Base):
    """A named, coloured level of how close a due date is, for the items of one kind (profile) of a project
    (`days_to_due` days or fewer left; None for the level of no due date)."""

    __tablename__ = "due_date_levels"
    __table_args__ = (UniqueConstraint("project_id", "kind", "name"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(255))
    order: Mapped[int] = mapped_column(default=10)
    by_default: Mapped[bool] = mapped_column(default=False)
    color: Mapped[str] = mapped_column(String(20), default="#999999")
    days_to_due: Mapped[int | None] = mapped_column(default=None)
