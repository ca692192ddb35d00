from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, utcnow


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(255), unique=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    full_name: Mapped[str] = mapped_column(String(256), default="")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    color: Mapped[str] = mapped_column(String(9), default="")
    lang: Mapped[str] = mapped_column(String(20), default="")
    theme: Mapped[str] = mapped_column(String(100), default="")
    timezone: Mapped[str] = mapped_column(String(63), default="")
    photo: Mapped[str | None] = mapped_column(String(500), default=None)
    is_active: Mapped[bool] = mapped_column(default=True)
    is_superuser: Mapped[bool] = mapped_column(default=False)
    verified_email: Mapped[bool] = mapped_column(default=True)
    new_email: Mapped[str | None] = mapped_column(String(255), default=None)
    accepted_terms: Mapped[bool] = mapped_column(default=True)
    read_new_terms: Mapped[bool] = mapped_column(default=False)
    max_private_projects: Mapped[int | None] = mapped_column(default=None)
    max_public_projects: Mapped[int | None] = mapped_column(default=None)
    max_memberships_private_projects: Mapped[int | None] = mapped_column(default=None)
    max_memberships_public_projects: Mapped[int | None] = mapped_column(default=None)
    date_joined: Mapped[datetime] = mapped_column(default=utcnow)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ApiToken(Base):
    """A personal API token; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(default=None)


class UserToken(Base):
    """One-time tokens mailed to a user: password recovery, email change, account cancel."""

    __tablename__ = "user_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class UsedRefreshToken(Base):
    """A refresh token already exchanged for new tokens (each works once), kept until it would have expired."""

    __tablename__ = "used_refresh_tokens"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)
