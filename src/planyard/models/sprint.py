from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, utcnow


class Sprint(Base):
    """A time box (Taiga milestone, Kaiten sprint, HacknPlan board dates)."""

    __tablename__ = "sprints"
    __table_args__ = (UniqueConstraint("project_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(250))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    estimated_start: Mapped[date]
    estimated_finish: Mapped[date]
    closed: Mapped[bool] = mapped_column(default=False)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    release_id: Mapped[int | None] = mapped_column(
        ForeignKey("releases.id", ondelete="SET NULL"), default=None, index=True
    )
    disponibility: Mapped[float | None] = mapped_column(default=0.0)
    order: Mapped[int] = mapped_column(default=1)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_date: Mapped[datetime] = mapped_column(default=utcnow)
    modified_date: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
