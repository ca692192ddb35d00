from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, utcnow

STATUS_KINDS = ("epic", "story", "task", "issue")
OPTION_KINDS = ("issue_type", "priority", "severity")
CATEGORIES = ("todo", "doing", "done")


class Workflow(Base):
    """An ordered set of statuses; the boards of one or several projects show it (Productive shares one
    workflow between projects)."""

    __tablename__ = "workflows"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    is_shared: Mapped[bool] = mapped_column(default=False)  # offered to every project of the workspace
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Status(Base):
    """A column of a workflow (Taiga statuses, Kaiten columns, HacknPlan stages). `project_id` is the
    project that owns the workflow (none for a workspace's shared workflow), `kind` the item profile it
    serves; `parent_id` makes it a sub-column; `category` (todo, doing, done) says what it means whatever its name."""

    __tablename__ = "statuses"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    workflow_id: Mapped[int] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("statuses.id", ondelete="SET NULL"), default=None)
    category: Mapped[str] = mapped_column(String(8), default="doing")
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
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
