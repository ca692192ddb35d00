from __future__ import annotations

import time
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Double, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, Position, utcnow

WORK_ITEM_KINDS = ("epic", "story", "task", "issue")


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


class WorkItem(Base):
    """Every kind of work item in one table (Taiga epic/story/task/issue, Kaiten card, HacknPlan work
    item). `ref` is one sequence per project shared by all kinds."""

    __tablename__ = "work_items"
    __table_args__ = (
        UniqueConstraint("project_id", "ref"),
        Index("ix_work_items_project_kind_backlog", "project_id", "kind", "backlog_order"),
        Index("ix_work_items_project_kind_status", "project_id", "kind", "status_id"),
        Index("ix_work_items_project_kind_id", "project_id", "kind", "id"),
        Index("ix_work_items_project_kind_sprint", "project_id", "kind", "sprint_id"),
        Index("ix_work_items_project_kind_lane", "project_id", "kind", "lane_id"),
        Index("ix_work_items_status_lane_kanban", "status_id", "lane_id", "kanban_order"),
        Index("ix_work_items_project_sprint_sprint_order", "project_id", "sprint_id", "sprint_order", "id"),
        Index("ix_work_items_project_sprint_backlog_order", "project_id", "sprint_id", "backlog_order", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # the profile of its item type, kept here: lists filter on it
    item_type_id: Mapped[int] = mapped_column(ForeignKey("item_types.id"), index=True)
    ref: Mapped[int]
    subject: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    status_id: Mapped[int | None] = mapped_column(ForeignKey("statuses.id", ondelete="SET NULL"))
    is_closed: Mapped[bool] = mapped_column(default=False)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    sprint_id: Mapped[int | None] = mapped_column(ForeignKey("sprints.id", ondelete="SET NULL"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("work_items.id", ondelete="SET NULL"), index=True)
    lane_id: Mapped[int | None] = mapped_column(ForeignKey("lanes.id", ondelete="SET NULL"))
    type_id: Mapped[int | None] = mapped_column(ForeignKey("item_options.id", ondelete="SET NULL"))
    priority_id: Mapped[int | None] = mapped_column(ForeignKey("item_options.id", ondelete="SET NULL"))
    severity_id: Mapped[int | None] = mapped_column(ForeignKey("item_options.id", ondelete="SET NULL"))
    generated_from_id: Mapped[int | None] = mapped_column(ForeignKey("work_items.id", ondelete="SET NULL"), index=True)
    is_blocked: Mapped[bool] = mapped_column(default=False)
    blocked_note: Mapped[str] = mapped_column(Text, default="")
    color: Mapped[str] = mapped_column(String(32), default="")
    client_requirement: Mapped[bool] = mapped_column(default=False)
    team_requirement: Mapped[bool] = mapped_column(default=False)
    is_iocaine: Mapped[bool] = mapped_column(default=False)
    backlog_order: Mapped[float] = mapped_column(Position, default=_now_ms)
    sprint_order: Mapped[float] = mapped_column(Position, default=_now_ms)
    kanban_order: Mapped[float] = mapped_column(Position, default=_now_ms)
    parent_order: Mapped[float] = mapped_column(Position, default=_now_ms)  # Taiga task us_order
    board_order: Mapped[float] = mapped_column(Position, default=_now_ms)  # Taiga task taskboard_order
    epics_order: Mapped[float] = mapped_column(Position, default=_now_ms)
    due_date: Mapped[date | None] = mapped_column(default=None)
    due_date_reason: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date | None] = mapped_column(default=None)
    estimate: Mapped[float | None] = mapped_column(Double, default=None)  # Kaiten size, HacknPlan estimatedCost
    design_element_id: Mapped[int | None] = mapped_column(
        ForeignKey("design_elements.id", ondelete="SET NULL"), index=True, default=None
    )
    finish_date: Mapped[datetime | None] = mapped_column(default=None)
    external_reference: Mapped[list[Any] | None] = mapped_column(default=None)
    archived_at: Mapped[datetime | None] = mapped_column(default=None)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    version: Mapped[int] = mapped_column(default=1)
    created_date: Mapped[datetime] = mapped_column(default=utcnow)
    modified_date: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class WorkItemAssignee(Base):
    """Several assignees on one item (Taiga assigned_users, Kaiten members)."""

    __tablename__ = "work_item_assignees"

    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)


class RolePoints(Base):
    """The estimate one role gives one story (Taiga points per role)."""

    __tablename__ = "role_points"

    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"), primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)
    points_id: Mapped[int | None] = mapped_column(ForeignKey("point_values.id", ondelete="SET NULL"))


class WorkItemLink(Base):
    """A typed, ordered relation between two items: epic -> story, blocker, dependency, parent/child."""

    __tablename__ = "work_item_links"
    __table_args__ = (UniqueConstraint("kind", "from_id", "to_id"), Index("ix_work_item_links_to", "to_id", "kind"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    from_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"))
    to_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"))
    order: Mapped[int] = mapped_column(BigInteger, default=_now_ms)
    created_date: Mapped[datetime] = mapped_column(default=utcnow)
