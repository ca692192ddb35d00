from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, utcnow


class Role(Base):
    """A project role; `permissions` holds Taiga permission names, the shared vocabulary."""

    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("project_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(250))
    order: Mapped[int] = mapped_column(default=10)
    computable: Mapped[bool] = mapped_column(default=True)
    permissions: Mapped[list[Any]] = mapped_column(default=list)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Membership(Base):
    """A member of a project, or a pending invitation (user_id empty, token set)."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("project_id", "user_id"),
        Index("ix_memberships_project_email", "project_id", "email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), index=True)
    email: Mapped[str | None] = mapped_column(String(255), default=None)
    is_admin: Mapped[bool] = mapped_column(default=False)
    token: Mapped[str | None] = mapped_column(String(60), unique=True, default=None)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    invitation_extra_text: Mapped[str | None] = mapped_column(Text, default=None)
    # Taiga's rule: a new membership sorts last in the user's project list (milliseconds since epoch).
    user_order: Mapped[int] = mapped_column(BigInteger, default=lambda: time.time_ns() // 1_000_000)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
