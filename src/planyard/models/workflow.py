from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base

STATUS_KINDS = ("epic", "story", "task", "issue")
OPTION_KINDS = ("issue_type", "priority", "severity")


class Status(Base):
    """A workflow column for one kind of work item (Taiga statuses, Kaiten columns, HacknPlan stages)."""

    __tablename__ = "statuses"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(255))
    slug: Mapped[str] = mapped_column(String(255))
    order: Mapped[int] = mapped_column(default=10)
    color: Mapped[str] = mapped_column(String(20), default="#999999")
    is_closed: Mapped[bool] = mapped_column(default=False)
    is_archived: Mapped[bool] = mapped_column(default=False)
    wip_limit: Mapped[int | None] = mapped_column(default=None)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)


class PointValue(Base):
    """An estimation value (Taiga points)."""

    __tablename__ = "point_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    order: Mapped[int] = mapped_column(default=10)
    value: Mapped[float | None] = mapped_column(default=None)


class ItemOption(Base):
    """A classifying option: issue type, priority, severity (HacknPlan category/importance later)."""

    __tablename__ = "item_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(255))
    order: Mapped[int] = mapped_column(default=10)
    color: Mapped[str] = mapped_column(String(20), default="#999999")
