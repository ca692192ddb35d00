from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, utcnow


class Project(Base):
    """A project (Taiga project, Kaiten space, HacknPlan project, Productive project)."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    name: Mapped[str] = mapped_column(String(250))
    slug: Mapped[str] = mapped_column(String(250), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    is_private: Mapped[bool] = mapped_column(default=True)
    is_featured: Mapped[bool] = mapped_column(default=False)
    is_looking_for_people: Mapped[bool] = mapped_column(default=False)
    looking_for_people_note: Mapped[str] = mapped_column(Text, default="")
    is_epics_activated: Mapped[bool] = mapped_column(default=False)
    is_backlog_activated: Mapped[bool] = mapped_column(default=True)
    is_kanban_activated: Mapped[bool] = mapped_column(default=False)
    is_wiki_activated: Mapped[bool] = mapped_column(default=True)
    is_issues_activated: Mapped[bool] = mapped_column(default=True)
    is_archived: Mapped[bool] = mapped_column(default=False)
    archived_at: Mapped[datetime | None] = mapped_column(default=None)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"), default=None,
                                                   index=True)  # fmt: skip
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None,
                                                   index=True)  # fmt: skip
    videoconferences: Mapped[str | None] = mapped_column(String(250), default=None)
    videoconferences_extra_data: Mapped[str | None] = mapped_column(String(250), default=None)
    creation_template_id: Mapped[int | None] = mapped_column(
        ForeignKey("project_templates.id", ondelete="SET NULL"), default=None
    )
    total_milestones: Mapped[int | None] = mapped_column(default=None)
    total_story_points: Mapped[float | None] = mapped_column(default=None)
    anon_permissions: Mapped[list[Any]] = mapped_column(default=list)
    public_permissions: Mapped[list[Any]] = mapped_column(default=list)
    logo: Mapped[str | None] = mapped_column(String(500), default=None)
    # Defaults for new items: plain ids (no FK) to avoid a cycle with the attribute tables.
    default_epic_status_id: Mapped[int | None] = mapped_column(default=None)
    default_us_status_id: Mapped[int | None] = mapped_column(default=None)
    default_points_id: Mapped[int | None] = mapped_column(default=None)
    default_task_status_id: Mapped[int | None] = mapped_column(default=None)
    default_issue_status_id: Mapped[int | None] = mapped_column(default=None)
    default_issue_type_id: Mapped[int | None] = mapped_column(default=None)
    default_priority_id: Mapped[int | None] = mapped_column(default=None)
    default_severity_id: Mapped[int | None] = mapped_column(default=None)
    modules_config: Mapped[dict[str, Any]] = mapped_column(default=dict)
    transfer_token: Mapped[str | None] = mapped_column(String(255), default=None)
    blocked_code: Mapped[str | None] = mapped_column(String(255), default=None)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    last_ref: Mapped[int] = mapped_column(default=0)  # the per-project ref sequence of work items
    version: Mapped[int] = mapped_column(default=1)
    created_date: Mapped[datetime] = mapped_column(default=utcnow)
    modified_date: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
