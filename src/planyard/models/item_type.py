from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base


class ItemType(Base):
    """A type of work item (Taiga's four kinds, Kaiten card types, HacknPlan categories). `profile` names
    the behaviour the core gives its items (`core/work_items/kinds.py`): epic, story, task or issue.
    A type without a project is shared by its workspace."""

    __tablename__ = "item_types"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    profile: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(255))
    letter: Mapped[str] = mapped_column(String(8), default="")
    color: Mapped[str] = mapped_column(String(20), default="#999999")
    order: Mapped[int] = mapped_column(default=10)
    is_archived: Mapped[bool] = mapped_column(default=False)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
