from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, Position, utcnow


class TreeEntity(Base):
    """A place in a workspace's tree of spaces and folders (Kaiten tree entity): every project has one
    (`entity_type` "space"); folders, documents and story maps have none."""

    __tablename__ = "tree_entities"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tree_entities.id", ondelete="SET NULL"), default=None)
    entity_type: Mapped[str] = mapped_column(String(32), default="space")
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), unique=True, default=None
    )
    title: Mapped[str] = mapped_column(String(255), default="")
    sort_order: Mapped[float] = mapped_column(Position, default=0)
    archived: Mapped[bool] = mapped_column(default=False)
    access: Mapped[str] = mapped_column(String(32), default="by_invite")
    for_everyone_role_uid: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
