from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base


class Board(Base):
    """A project's board: a workflow's statuses as columns, for the items of one profile (Taiga's kanban
    shows stories, its taskboard tasks; Kaiten boards, HacknPlan boards)."""

    __tablename__ = "boards"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    workflow_id: Mapped[int] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    profile: Mapped[str] = mapped_column(String(16))
    order: Mapped[int] = mapped_column(default=1)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Lane(Base):
    """A horizontal lane of a board (Taiga swimlane of the story board, Kaiten lane)."""

    __tablename__ = "lanes"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    board_id: Mapped[int | None] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    order: Mapped[int] = mapped_column(default=1)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)


class LaneStatus(Base):
    """One story status as one lane shows it, with that lane's own WIP limit (Taiga swimlane user story status)."""

    __tablename__ = "lane_statuses"
    __table_args__ = (UniqueConstraint("lane_id", "status_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lane_id: Mapped[int] = mapped_column(ForeignKey("lanes.id", ondelete="CASCADE"))
    status_id: Mapped[int] = mapped_column(ForeignKey("statuses.id", ondelete="CASCADE"), index=True)
    wip_limit: Mapped[int | None] = mapped_column(default=None)
