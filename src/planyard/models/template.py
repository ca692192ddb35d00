from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, utcnow


class ProjectTemplate(Base):
    """A blueprint for new projects: flags plus the attribute lists each project copies."""

    __tablename__ = "project_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(250))
    slug: Mapped[str] = mapped_column(String(250), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    order: Mapped[int] = mapped_column(default=0)
    default_owner_role: Mapped[str] = mapped_column(String(50), default="")
    is_epics_activated: Mapped[bool] = mapped_column(default=False)
    is_backlog_activated: Mapped[bool] = mapped_column(default=True)
    is_kanban_activated: Mapped[bool] = mapped_column(default=False)
    is_wiki_activated: Mapped[bool] = mapped_column(default=True)
    is_issues_activated: Mapped[bool] = mapped_column(default=True)
    videoconferences: Mapped[str | None] = mapped_column(String(250), default=None)
    videoconferences_extra_data: Mapped[str | None] = mapped_column(String(250), default=None)
    default_options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    epic_statuses: Mapped[list[Any]] = mapped_column(default=list)
    us_statuses: Mapped[list[Any]] = mapped_column(default=list)
    points: Mapped[list[Any]] = mapped_column(default=list)
    task_statuses: Mapped[list[Any]] = mapped_column(default=list)
    issue_statuses: Mapped[list[Any]] = mapped_column(default=list)
    issue_types: Mapped[list[Any]] = mapped_column(default=list)
    priorities: Mapped[list[Any]] = mapped_column(default=list)
    severities: Mapped[list[Any]] = mapped_column(default=list)
    roles: Mapped[list[Any]] = mapped_column(default=list)
    created_date: Mapped[datetime] = mapped_column(default=utcnow)
    modified_date: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
