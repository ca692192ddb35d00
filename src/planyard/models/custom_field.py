from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, utcnow


class CustomField(Base):
    """A project-defined field for one kind of item (Taiga custom attribute, Kaiten custom property,
    Productive custom field), or with no project a workspace-wide one (Kaiten company custom property) that
    items of every project of the workspace may carry. `extra` holds type-specific settings such as
    dropdown options."""

    __tablename__ = "custom_fields"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    workspace_id: Mapped[int | None] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), default=None)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(Text, default="")
    type: Mapped[str] = mapped_column(String(16), default="text")
    order: Mapped[int] = mapped_column(default=1)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_date: Mapped[datetime] = mapped_column(default=utcnow)
    modified_date: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CustomFieldValues(Base):
    """All custom values of one item, keyed by field id, with their own OCC version (as Taiga has)."""

    __tablename__ = "custom_field_values"

    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"), primary_key=True)
    values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    version: Mapped[int] = mapped_column(default=1)
