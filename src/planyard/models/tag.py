from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base

WORKSPACE_WIDE = text("project_id IS NULL")


class Tag(Base):
    """A tag with an id and an optional color: a project's tag (Taiga's project tags and their colors,
    HacknPlan project tags) or, with no project, a workspace's (Kaiten company tags; the tags a Taiga
    project itself carries). `order` keeps the palette in the order tags joined it."""

    __tablename__ = "tags"
    __table_args__ = (
        UniqueConstraint("project_id", "name"),
        Index(
            "ix_tags_workspace_name",
            "workspace_id",
            "name",
            unique=True,
            sqlite_where=WORKSPACE_WIDE,
            postgresql_where=WORKSPACE_WIDE,
        ),  # fmt: skip
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    color: Mapped[str | None] = mapped_column(String(500), default=None)
    order: Mapped[int] = mapped_column(default=0)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ItemTag(Base):
    """A tag on a work item, at its place in the item's list."""

    __tablename__ = "item_tags"
    __table_args__ = (Index("ix_item_tags_tag", "tag_id", "work_item_id"),)

    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int]


class ProjectTag(Base):
    """A tag a project itself carries (Taiga's project `tags`): a workspace tag, at its place in the
    project's list (a list as sent: the same tag may come twice)."""

    __tablename__ = "project_tags"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), index=True)
