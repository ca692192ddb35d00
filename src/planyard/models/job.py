from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from planyard.db.base import Base, utcnow


class Job(Base):
    """A bulk write a client may follow by its id (Kaiten's bulk card update answers with one), or a
    background job (a project dump) that a restart resumes: `params` is what it needs to run, `runner`
    the process running it, `attempts` how many times one took it up."""

    __tablename__ = "jobs"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)  # a uuid4, given out to the client
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    runner: Mapped[str | None] = mapped_column(String(200), default=None)
    attempts: Mapped[int] = mapped_column(default=0)
