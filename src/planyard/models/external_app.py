from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, utcnow


class Application(Base):
    """An external application users may let act for them, known outside by its `uid` (a UUID);
    `key` ciphers the tokens it is given."""

    __tablename__ = "applications"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    icon_url: Mapped[str | None] = mapped_column(Text, default=None)
    web: Mapped[str | None] = mapped_column(String(255), default=None)
    description: Mapped[str | None] = mapped_column(Text, default=None)
    next_url: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(String(255))


class ApplicationToken(Base):
    """A user's grant to an application: the pending authorization code, then the API token it got."""

    __tablename__ = "application_tokens"
    __table_args__ = (UniqueConstraint("application_id", "user_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    auth_code: Mapped[str | None] = mapped_column(String(255), default=None)
    state: Mapped[str | None] = mapped_column(String(255), default="")
    api_token_id: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
