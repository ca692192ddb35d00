from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, Position, utcnow


class Automation(Base):
    """A project's automation rule (Kaiten space automation): stored and listed; Planyard does not run it."""

    __tablename__ = "automations"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(32), default="active")
    trigger: Mapped[dict[str, Any]] = mapped_column(default=dict)
    actions: Mapped[list[Any]] = mapped_column(default=list)
    sort_order: Mapped[float] = mapped_column(Position, default=0)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Sla(Base):
    """A service-level agreement of a workspace: rules (time allowed in columns) and notifications."""

    __tablename__ = "slas"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(32), default="active")
    rules: Mapped[list[Any]] = mapped_column(default=list)
    notification_settings: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ItemSla(Base):
    __tablename__ = "item_slas"

    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"), primary_key=True)
    sla_id: Mapped[int] = mapped_column(ForeignKey("slas.id", ondelete="CASCADE"), primary_key=True, index=True)


class ServiceDeskService(Base):
    """A service-desk service: where the requests it receives become items."""

    __tablename__ = "service_desk_services"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    board_id: Mapped[int | None] = mapped_column(ForeignKey("boards.id", ondelete="SET NULL"), default=None)
    status_id: Mapped[int | None] = mapped_column(ForeignKey("statuses.id", ondelete="SET NULL"), default=None)
    lane_id: Mapped[int | None] = mapped_column(ForeignKey("lanes.id", ondelete="SET NULL"), default=None)
    item_type_id: Mapped[int | None] = mapped_column(ForeignKey("item_types.id", ondelete="SET NULL"), default=None)
    archived: Mapped[bool] = mapped_column(default=False)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ItemExternalRecipient(Base):
    """An outside email address that gets an item's service-desk mail."""

    __tablename__ = "item_external_recipients"

    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[str] = mapped_column(String(255), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
